package dev.lwa.bootstrap;

import dev.lwa.core.config.Config;
import dev.lwa.runtimeapi.json.TestJson;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.emulator.StreamListener;
import jakarta.json.JsonObject;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real emulator and the adapter in-process, pointed at a real app on loopback. A test class or
 * method gets one from {@link LwaTest}; a test with a setup of its own builds it with
 * {@link #builder()} (or one of the shortcuts below) in a try-with-resources block.
 */
final class AdapterHarness implements AutoCloseable {
    /** The timeout the emulator enforces on each invocation, unless the builder says otherwise. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The timeout the emulator enforces on each invocation of a harness with {@link Builder#earlierDeadlines()}. */
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

    static Builder builder() {
        return new Builder();
    }

    static AdapterHarness start(int appPort, Map<String, String> settings) throws Exception {
        return builder().appPort(appPort).settings(settings).start();
    }

    static AdapterHarness start(int appPort, Map<String, String> settings, int concurrency, boolean awaitPollers)
            throws Exception {
        return builder().appPort(appPort).settings(settings).concurrency(concurrency).awaitPollers(awaitPollers).start();
    }

    /**
     * As {@link #start(int, Map, int, boolean)}, but the adapter's environment is the emulator's plus
     * {@code settings} only: no {@code AWS_LWA_PORT} is added (for tests of {@code PORT} and its
     * precedence). {@code concurrency} is the emulator's; settings may override
     * {@code AWS_LAMBDA_MAX_CONCURRENCY}.
     */
    static AdapterHarness startWithEnv(Map<String, String> settings, int concurrency, boolean awaitPollers)
            throws Exception {
        return builder().settings(settings).concurrency(concurrency).awaitPollers(awaitPollers).start();
    }

    /** As {@link #startWithEnv(Map, int, boolean)} for a function of {@code memoryMb}. */
    static AdapterHarness startWithEnv(Map<String, String> settings, int concurrency, boolean awaitPollers, int memoryMb)
            throws Exception {
        return builder().settings(settings).concurrency(concurrency).awaitPollers(awaitPollers).memoryMb(memoryMb).start();
    }

    /**
     * As {@link #start(int, Map, int, boolean)} with one poller, but with {@link Builder#earlierDeadlines()}:
     * an invocation with the default timeout lasts 2 s for the adapter and 30 s for the platform.
     * Invoke without a timeout of your own.
     */
    static AdapterHarness withEarlierDeadlines(int appPort, Map<String, String> settings, boolean awaitPollers)
            throws Exception {
        return builder().appPort(appPort).settings(settings).awaitPollers(awaitPollers).earlierDeadlines().start();
    }

    /** As {@link #withEarlierDeadlines(int, Map, boolean)} with {@code concurrency} pollers in a function of {@code memoryMb}. */
    static AdapterHarness withEarlierDeadlines(int appPort, Map<String, String> settings, int concurrency, int memoryMb)
            throws Exception {
        return builder().appPort(appPort).settings(settings).concurrency(concurrency).memoryMb(memoryMb)
                .earlierDeadlines().start();
    }

    /**
     * What to start: the emulated function (concurrency, memory, timeout, other emulator options)
     * and the adapter's environment, which is the emulator's, then {@code AWS_LWA_PORT} when an app
     * port is given, then the settings (so they may override both).
     */
    static final class Builder {
        private final Map<String, String> settings = new HashMap<>();
        private OptionalInt appPort = OptionalInt.empty();
        private int concurrency = 1;
        private int memoryMb;
        private boolean awaitPollers = true;
        private boolean earlierDeadlines;
        private Duration functionTimeout = DEFAULT_TIMEOUT;
        private UnaryOperator<LambdaEmulator.Builder> emulatorOptions = UnaryOperator.identity();

        private Builder() {
        }

        /** Where the app listens: {@code AWS_LWA_PORT}. */
        Builder appPort(int port) {
            this.appPort = OptionalInt.of(port);
            return this;
        }

        /** Adds these to the adapter's environment. */
        Builder settings(Map<String, String> settings) {
            this.settings.putAll(settings);
            return this;
        }

        Builder setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        /** {@code AWS_LWA_INVOKE_MODE=response_stream}. */
        Builder streaming() {
            return setting("AWS_LWA_INVOKE_MODE", "response_stream");
        }

        /**
         * The emulator's concurrency: more than 1 is a Managed Instances function, whose
         * {@code AWS_LAMBDA_MAX_CONCURRENCY} (a setting may override it) makes as many pollers.
         */
        Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        /**
         * The function's memory; by default 128 MB, or 2048 MB with concurrency above 1 (Managed
         * Instances run functions of 2 GB or more, and lwa sizes its memory budget by the function's memory).
         */
        Builder memoryMb(int memoryMb) {
            this.memoryMb = memoryMb;
            return this;
        }

        /** Whether {@link #start()} waits until every poller has parked its {@code /next} (by default it does). */
        Builder awaitPollers(boolean awaitPollers) {
            this.awaitPollers = awaitPollers;
            return this;
        }

        /** The timeout the emulator enforces on each invocation ({@link #DEFAULT_TIMEOUT} unless set). */
        Builder functionTimeout(Duration timeout) {
            this.functionTimeout = timeout;
            return this;
        }

        /**
         * The adapter sees each deadline {@link #PLATFORM_TIMEOUT} minus {@link #ADAPTER_TIMEOUT}
         * earlier than the emulator enforces it (a {@link ForwardingProxy} rewrites it), and the
         * function timeout is {@link #PLATFORM_TIMEOUT}: an invocation with the default timeout
         * lasts 2 s for the adapter and 30 s for the platform. What the adapter reports at its
         * deadline then reaches the emulator long before the platform's timeout, however slow the
         * machine. Invoke without a timeout of your own.
         */
        Builder earlierDeadlines() {
            this.earlierDeadlines = true;
            this.functionTimeout = PLATFORM_TIMEOUT;
            return this;
        }

        /** Further emulator settings (e.g. its stream cap), applied last. */
        Builder emulator(UnaryOperator<LambdaEmulator.Builder> options) {
            this.emulatorOptions = options;
            return this;
        }

        AdapterHarness start() throws Exception {
            LambdaEmulator emulator = emulatorOptions.apply(LambdaEmulator.builder().port(0).concurrency(concurrency)
                    .memoryMb(memoryMb > 0 ? memoryMb : concurrency > 1 ? 2048 : 128).functionTimeout(functionTimeout))
                    .start();
            Map<String, String> env = new HashMap<>(emulator.extensionEnvironment());
            appPort.ifPresent(port -> env.put("AWS_LWA_PORT", Integer.toString(port)));
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

    /** Invokes and waits; {@code listener} sees a streamed response while it arrives. */
    InvocationResult invoke(Invoke invoke, StreamListener listener) {
        return emulator.invoke(invoke, listener);
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
