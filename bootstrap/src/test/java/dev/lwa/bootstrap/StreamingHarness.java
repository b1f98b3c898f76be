package dev.lwa.bootstrap;

import dev.lwa.core.config.Config;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.emulator.StreamListener;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The real emulator and the adapter in-process with {@code AWS_LWA_INVOKE_MODE=response_stream},
 * pointed at a real app on loopback; the emulator can be tuned (e.g. its stream cap).
 */
final class StreamingHarness implements AutoCloseable {
    final LambdaEmulator emulator;
    private final Adapter adapter;
    private final CompletableFuture<Integer> exit;
    private final Optional<ForwardingProxy> proxy;

    private StreamingHarness(LambdaEmulator emulator, Adapter adapter, CompletableFuture<Integer> exit,
                             Optional<ForwardingProxy> proxy) {
        this.emulator = emulator;
        this.adapter = adapter;
        this.exit = exit;
        this.proxy = proxy;
    }

    static StreamingHarness start(int appPort, Map<String, String> settings) throws Exception {
        return start(appPort, settings, b -> b);
    }

    static StreamingHarness start(int appPort, Map<String, String> settings, UnaryOperator<LambdaEmulator.Builder> emulatorOptions)
            throws Exception {
        return launch(appPort, settings, emulatorOptions, false);
    }

    /** As {@link AdapterHarness#withEarlierDeadlines}: 2 s for the adapter, 30 s for the platform. */
    static StreamingHarness withEarlierDeadlines(int appPort) throws Exception {
        return launch(appPort, Map.of(), b -> b, true);
    }

    private static StreamingHarness launch(int appPort, Map<String, String> settings,
                                           UnaryOperator<LambdaEmulator.Builder> emulatorOptions, boolean earlierDeadlines)
            throws Exception {
        LambdaEmulator emulator = emulatorOptions.apply(LambdaEmulator.builder().port(0)
                .functionTimeout(AdapterHarness.PLATFORM_TIMEOUT)).start();
        Map<String, String> env = new HashMap<>(emulator.runtimeEnvironment());
        env.put("AWS_LWA_PORT", Integer.toString(appPort));
        env.put("AWS_LWA_INVOKE_MODE", "response_stream");
        env.putAll(settings);
        Optional<ForwardingProxy> proxy = earlierDeadlines
                ? Optional.of(ForwardingProxy.advancingDeadlines(emulator,
                        AdapterHarness.PLATFORM_TIMEOUT.minus(AdapterHarness.ADAPTER_TIMEOUT), env))
                : Optional.empty();
        Adapter adapter = new Adapter(Config.fromEnv(env), Adapter.DEFAULT_EXTENSION_NAME);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread.ofVirtual().name("adapter-under-test").start(() -> exit.complete(adapter.run()));
        StreamingHarness h = new StreamingHarness(emulator, adapter, exit, proxy);
        if (!emulator.awaitParkedPollers(1, Duration.ofSeconds(10))) {
            h.close();
            throw new AssertionError("the adapter did not start polling within 10 s");
        }
        return h;
    }

    InvocationResult invoke(String event) {
        return emulator.invoke(Invoke.of(event));
    }

    InvocationResult invoke(Invoke invoke, StreamListener listener) {
        return emulator.invoke(invoke, listener);
    }

    /** A Function URL event (payload 2.0) for {@code GET <rawPath>?<rawQuery>} with extra header JSON members. */
    static String functionUrlEvent(String rawPath, String rawQuery, String extraHeaders) {
        return """
                {"version":"2.0","routeKey":"$default","rawPath":"%s","rawQueryString":"%s",
                 "headers":{"accept":"*/*","host":"abc.lambda-url.us-east-1.on.aws","user-agent":"curl/8.0"%s},
                 "requestContext":{"accountId":"123456789012","apiId":"abc","domainName":"abc.lambda-url.us-east-1.on.aws",
                   "domainPrefix":"abc","http":{"method":"GET","path":"%s","protocol":"HTTP/1.1","sourceIp":"203.0.113.9",
                   "userAgent":"curl/8.0"},"requestId":"req-1","routeKey":"$default","stage":"$default",
                   "time":"12/Mar/2020:19:03:58 +0000","timeEpoch":1583348638390},
                 "isBase64Encoded":false}
                """.formatted(rawPath, rawQuery, extraHeaders, rawPath);
    }

    static String functionUrlEvent(String rawPath, String rawQuery) {
        return functionUrlEvent(rawPath, rawQuery, "");
    }

    @Override
    public void close() throws Exception {
        if (!exit.isDone()) {
            adapter.terminate();
        }
        emulator.close();
        proxy.ifPresent(ForwardingProxy::close);
    }
}
