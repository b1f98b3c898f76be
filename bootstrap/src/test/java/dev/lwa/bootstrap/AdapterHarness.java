package dev.lwa.bootstrap;

import dev.lwa.core.config.Config;
import dev.lwa.core.json.TestJson;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.LambdaEmulator;
import jakarta.json.JsonObject;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real emulator and the adapter in-process, pointed at a real app on loopback. */
final class AdapterHarness implements AutoCloseable {
    /** The timeout the emulator enforces on each invocation of a harness {@link #withEarlierDeadlines}. */
    static final Duration PLATFORM_TIMEOUT = Duration.ofSeconds(30);
    /** ...and the timeout the adapter sees in the deadline it is given. */
    static final Duration ADAPTER_TIMEOUT = Duration.ofSeconds(2);

    final LambdaEmulator emulator;
    final Adapter adapter;
    final CompletableFuture<Integer> exit;
    private final Optional<ForwardingProxy> proxy;

    private AdapterHarness(LambdaEmulator emulator, Adapter adapter, CompletableFuture<Integer> exit,
                           Optional<ForwardingProxy> proxy) {
        this.emulator = emulator;
        this.adapter = adapter;
        this.exit = exit;
        this.proxy = proxy;
    }

    static AdapterHarness start(int appPort, Map<String, String> settings) throws Exception {
        return start(appPort, settings, 1, true);
    }

    static AdapterHarness start(int appPort, Map<String, String> settings, int concurrency, boolean awaitPollers)
            throws Exception {
        Map<String, String> withPort = new HashMap<>();
        withPort.put("AWS_LWA_PORT", Integer.toString(appPort));
        withPort.putAll(settings);
        return startWithEnv(withPort, concurrency, awaitPollers);
    }

    /**
     * As {@link #start(int, Map, int, boolean)}, but the adapter's environment is the emulator's plus
     * {@code settings} only: no {@code AWS_LWA_PORT} is added (for tests of {@code PORT} and its
     * precedence). {@code concurrency} is the emulator's; settings may override
     * {@code AWS_LAMBDA_MAX_CONCURRENCY}.
     */
    static AdapterHarness startWithEnv(Map<String, String> settings, int concurrency, boolean awaitPollers)
            throws Exception {
        // Managed Instances (concurrency > 1) run functions of 2 GB or more; lwa sizes its memory
        // budget by the function's memory, so the tests give them that.
        return launch(settings, concurrency, awaitPollers, false, concurrency > 1 ? 2048 : 128);
    }

    /** As {@link #startWithEnv(Map, int, boolean)} for a function of {@code memoryMb}. */
    static AdapterHarness startWithEnv(Map<String, String> settings, int concurrency, boolean awaitPollers, int memoryMb)
            throws Exception {
        return launch(settings, concurrency, awaitPollers, false, memoryMb);
    }

    /**
     * As {@link #start(int, Map, int, boolean)} with one poller, but the adapter sees each deadline
     * {@link #PLATFORM_TIMEOUT} minus {@link #ADAPTER_TIMEOUT} earlier than the emulator enforces
     * it (a {@link ForwardingProxy} rewrites it): an invocation with the default timeout lasts 2 s
     * for the adapter and 30 s for the platform. What the adapter reports at its deadline then
     * reaches the emulator long before the platform's timeout, however slow the machine. Invoke
     * without a timeout of your own.
     */
    static AdapterHarness withEarlierDeadlines(int appPort, Map<String, String> settings, boolean awaitPollers)
            throws Exception {
        return withEarlierDeadlines(appPort, settings, 1, 128);
    }

    /** As {@link #withEarlierDeadlines(int, Map, boolean)} with {@code concurrency} pollers in a function of {@code memoryMb}. */
    static AdapterHarness withEarlierDeadlines(int appPort, Map<String, String> settings, int concurrency, int memoryMb)
            throws Exception {
        Map<String, String> withPort = new HashMap<>(settings);
        withPort.putIfAbsent("AWS_LWA_PORT", Integer.toString(appPort));
        return launch(withPort, concurrency, true, true, memoryMb);
    }

    private static AdapterHarness launch(Map<String, String> settings, int concurrency, boolean awaitPollers,
                                         boolean earlierDeadlines, int memoryMb) throws Exception {
        LambdaEmulator emulator = LambdaEmulator.builder().port(0).concurrency(concurrency).memoryMb(memoryMb)
                .functionTimeout(earlierDeadlines ? PLATFORM_TIMEOUT : Duration.ofSeconds(10)).start();
        Map<String, String> env = new HashMap<>(emulator.runtimeEnvironment());
        env.putAll(settings);
        Optional<ForwardingProxy> proxy = earlierDeadlines
                ? Optional.of(ForwardingProxy.advancingDeadlines(emulator, PLATFORM_TIMEOUT.minus(ADAPTER_TIMEOUT), env))
                : Optional.empty();
        Adapter adapter = new Adapter(Config.fromEnv(env), Adapter.DEFAULT_EXTENSION_NAME);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread.ofVirtual().name("adapter-under-test").start(() -> exit.complete(adapter.run()));
        AdapterHarness h = new AdapterHarness(emulator, adapter, exit, proxy);
        if (awaitPollers && !emulator.awaitParkedPollers(concurrency, Duration.ofSeconds(10))) {
            h.close();
            throw new AssertionError("the adapter did not start polling within 10 s");
        }
        return h;
    }

    /**
     * Asserts that the adapter does not poll while nothing listens where its readiness check
     * looks. A refused connection leaves no trace to wait for, so this is a window, opened once
     * the adapter has registered (which it does right before the readiness check): an adapter
     * that took the refusal for readiness would park its {@code /next} a few loopback round trips
     * later, which 1 s covers on any machine this runs on.
     */
    void assertNotPollingWhileNothingListens(String message) {
        assertTrue(emulator.awaitExtensions(1, Duration.ofSeconds(10)), "the adapter did not register within 10 s");
        assertFalse(emulator.awaitParkedPollers(1, Duration.ofSeconds(1)), message);
    }

    InvocationResult invoke(String event) {
        return emulator.invoke(event.getBytes(StandardCharsets.UTF_8));
    }

    InvocationResult invoke(Invoke invoke) {
        return emulator.invoke(invoke);
    }

    static JsonObject json(byte[] bytes) {
        return TestJson.PROVIDER.createReader(new ByteArrayInputStream(bytes)).readObject();
    }

    static JsonObject json(String text) {
        return json(text.getBytes(StandardCharsets.UTF_8));
    }

    /** SHUTDOWN, as Lambda sends it; returns the adapter's exit code. */
    int shutdown() throws Exception {
        emulator.shutdown("spindown", Duration.ofSeconds(2));
        return exit.get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (!exit.isDone()) {
            adapter.terminate();
        }
        emulator.close();
        proxy.ifPresent(ForwardingProxy::close);
    }
}
