package dev.lwa.bootstrap;

import dev.lwa.core.config.Config;
import dev.lwa.core.json.Json;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.LambdaEmulator;
import jakarta.json.JsonObject;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The real emulator and the adapter in-process, pointed at a real app on loopback. */
final class AdapterHarness implements AutoCloseable {
    final LambdaEmulator emulator;
    final Adapter adapter;
    final CompletableFuture<Integer> exit;

    private AdapterHarness(LambdaEmulator emulator, Adapter adapter, CompletableFuture<Integer> exit) {
        this.emulator = emulator;
        this.adapter = adapter;
        this.exit = exit;
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
        return startWithEnv(settings, concurrency, awaitPollers, concurrency > 1 ? 2048 : 128);
    }

    /** As {@link #startWithEnv(Map, int, boolean)} for a function of {@code memoryMb}. */
    static AdapterHarness startWithEnv(Map<String, String> settings, int concurrency, boolean awaitPollers, int memoryMb)
            throws Exception {
        LambdaEmulator emulator = LambdaEmulator.builder().port(0).concurrency(concurrency).memoryMb(memoryMb)
                .functionTimeout(Duration.ofSeconds(10)).start();
        Map<String, String> env = new HashMap<>(emulator.runtimeEnvironment());
        env.putAll(settings);
        Adapter adapter = new Adapter(Config.fromEnv(env), Adapter.DEFAULT_EXTENSION_NAME);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread.ofVirtual().name("adapter-under-test").start(() -> exit.complete(adapter.run()));
        AdapterHarness h = new AdapterHarness(emulator, adapter, exit);
        if (awaitPollers && !emulator.awaitParkedPollers(concurrency, Duration.ofSeconds(10))) {
            h.close();
            throw new AssertionError("the adapter did not start polling within 10 s");
        }
        return h;
    }

    InvocationResult invoke(String event) {
        return emulator.invoke(event.getBytes(StandardCharsets.UTF_8));
    }

    InvocationResult invoke(Invoke invoke) {
        return emulator.invoke(invoke);
    }

    static JsonObject json(byte[] bytes) {
        return Json.PROVIDER.createReader(new ByteArrayInputStream(bytes)).readObject();
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
    }
}
