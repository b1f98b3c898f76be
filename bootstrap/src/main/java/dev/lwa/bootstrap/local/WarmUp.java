package dev.lwa.bootstrap.local;

import dev.lwa.core.config.Config;
import dev.lwa.core.config.ReadinessProtocol;
import dev.lwa.emulator.FrontDoor;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.emulator.Trigger;
import dev.lwa.runtimeapi.http.Http1Client;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.Http1Response;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Sends a few requests through the whole local path (front door, emulator, adapter, app) once the
 * adapter takes invocations, so that the user's first request does not pay for class loading and a
 * cold JIT (about 100-200 ms, then 5-10 ms). They go to the readiness path, which the app already
 * answers to the readiness check, and only when that check is an HTTP GET on the app's own port:
 * the app sees nothing it has not seen already. They are left out of local mode's access log.
 */
final class WarmUp {
    /** Enough for the path's classes to load and its hottest methods to compile (docs/local-mode.md). */
    static final int REQUESTS = Integer.getInteger("lwa.local.warm-up", 20);

    /** The readiness path, as the app receives it. */
    private final String path;
    /** What the client asks for: the path under the trigger's base URL (a REST API's stage first). */
    private final String target;
    /** Warm-up requests sent whose exchange the door has not reported yet (it reports after the client got the answer). */
    private final AtomicInteger unreported = new AtomicInteger();

    /** How many warm-up requests were answered, and how long they took together. */
    /** @param failed answered with a 5xx: the invocation failed (or the app answers 5xx there) */
    record Done(int sent, int failed, Duration took) {
    }

    private WarmUp(String path, String target) {
        this.path = path;
        this.target = target;
    }

    /** A warm-up for this configuration, or empty when it would send the app requests it does not expect. */
    static Optional<WarmUp> forConfig(Config config, Trigger trigger) {
        boolean httpOnAppPort = config.readiness().protocol() == ReadinessProtocol.HTTP
                && config.readiness().port() == config.app().port();
        // A named HTTP API stage stays in the path the app receives: the app would get a path it never asked for.
        boolean appSeesThePath = !(trigger instanceof Trigger.HttpApi) || trigger.basePath().isEmpty();
        String path = config.readiness().path();
        return httpOnAppPort && appSeesThePath && REQUESTS > 0
                ? Optional.of(new WarmUp(path, trigger.basePath() + path)) : Optional.empty();
    }

    String path() {
        return path;
    }

    /**
     * Whether {@code exchange} is one of the warm-up's, to be left out of the access log. A user's
     * request for the same path at the same moment may be taken for one; then the warm-up's is
     * logged in its place, and the count stays right.
     */
    boolean owns(FrontDoor.Exchange exchange) {
        if (!exchange.method().equals("GET") || !exchange.target().equals(target)) {
            return false;
        }
        return unreported.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    /**
     * Waits until the adapter asks for invocations, then sends {@link #REQUESTS} GETs through the
     * door one after the other; returns how many were answered (fewer if one failed or local mode
     * is stopping) and how long they took, or empty if it stopped before the adapter was ready.
     */
    Optional<Done> run(LambdaEmulator emulator, FrontDoor door, BooleanSupplier stopping) {
        while (!emulator.awaitParkedPollers(1, Duration.ofMillis(500))) {
            if (stopping.getAsBoolean()) {
                return Optional.empty();
            }
        }
        long started = System.nanoTime();
        int sent = 0;
        int failed = 0;
        try (Http1Client client = Http1Client.builder("127.0.0.1", door.port()).build()) {
            while (sent < REQUESTS && !stopping.getAsBoolean()) {
                long deadline = System.currentTimeMillis() + 10_000;
                unreported.incrementAndGet();
                try (Http1Response response = client.send(Http1Request.get(target).withDeadline(deadline))) {
                    response.body().transferTo(OutputStream.nullOutputStream());
                    if (response.status() >= 500) {
                        failed++;
                    }
                }
                sent++;
            }
        } catch (IOException | RuntimeException e) {
            // not worth a line: the user's first request only runs a little slower
        }
        return Optional.of(new Done(sent, failed, Duration.ofNanos(System.nanoTime() - started)));
    }
}
