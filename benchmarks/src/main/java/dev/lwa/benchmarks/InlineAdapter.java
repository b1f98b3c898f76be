package dev.lwa.benchmarks;

import dev.lwa.core.config.Config;
import dev.lwa.core.http.AppForwarder;
import dev.lwa.core.pipeline.AppReadiness;
import dev.lwa.core.pipeline.InvocationHandler;
import dev.lwa.core.pipeline.ResultWriter;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.RuntimeApiClient;
import dev.lwa.runtimeapi.http.Http1Client;

import java.io.IOException;
import java.util.Optional;

/**
 * A prototype, for measurement only: the adapter's own per-invoke parts (Config from the
 * environment, our Http1Client to the app, {@link AppForwarder}, {@link InvocationHandler},
 * {@link ResultWriter}) driven by one platform thread — {@code next()} → {@code handle()} →
 * {@code write()} — instead of core's {@code Pipeline} (poller virtual thread, queue, dispatcher,
 * a virtual thread per invocation). No extension registration and no readiness check: neither is
 * on the per-invoke path. Comparing it with the real launcher in the same run shows what running
 * classic Lambda's single invocation inline would save (docs/performance.md).
 */
public final class InlineAdapter {
    private InlineAdapter() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.fromEnv(System.getenv());
        try (Http1Client app = Http1Client.builder(config.app().host(), config.app().port())
                .pooling(config.app().pooling()).idleTimeout(config.app().poolIdleTimeout()).build();
             RuntimeApiClient runtime = RuntimeApiClient.create(config.platform().invocationApi(), true)) {
            InvocationHandler handler = new InvocationHandler(config.app(), config.forwarding(),
                    new AppForwarder(app, config.forwarding(), config.function(), config.snapStart()), AppReadiness.alreadyReady(), Optional.empty());
            ResultWriter writer = new ResultWriter(runtime);
            while (true) {
                Invocation inv;
                try {
                    inv = runtime.next();
                } catch (IOException e) {
                    return; // the emulator stopped: the run is over
                }
                writer.write(inv, handler.handle(inv));
            }
        }
    }
}
