package dev.lwa.bootstrap.dist;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.LambdaEmulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Build step (run by {@code mvn package} after {@link LayerRuntime}, see bootstrap/pom.xml): makes
 * the layer's AOT cache {@code <layer>/lwa/lwa.aot} by one real run of the layer's own launcher,
 * with {@code LWA_JAVA_OPTS=-XX:AOTCacheOutput=...} as the only difference. So the cache is trained
 * with exactly the runtime, class path and flags Lambda will start (an AOT cache is only used with
 * the JDK build, class path and object-header setting it was made with).
 *
 * <p>The run is what Lambda does at a cold start and after: the launcher registers with a local
 * Lambda ({@link LambdaEmulator}), probes the app until it listens (the app starts only once the
 * extension registered, as in Lambda, so the retry path is trained too), then serves a few hundred
 * invocations of each event kind ({@link TrainingEvents}) and exits 0 on SHUTDOWN, after which the
 * JVM writes the cache. Any failed invocation fails the build: a cache trained on error paths
 * would speed up the wrong code.
 */
public final class AotTraining {
    /** Rounds of every event kind; {@code -Dlwa.aot.rounds} changes it (for measuring what training buys). */
    static final int ROUNDS = Integer.getInteger("lwa.aot.rounds", 300);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    private AotTraining() {
    }

    /** {@code AotTraining <layer dir>}: replaces {@code <layer>/lwa/lwa.aot}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: AotTraining <layer dir>, got " + List.of(args));
        }
        Path layer = Path.of(args[0]).toAbsolutePath();
        Path cache = layer.resolve("lwa/lwa.aot");
        Path log = layer.getParent().resolve("aot-training.log");
        long t0 = System.nanoTime();
        train(layer, cache, log);
        System.out.printf("lwa layer: trained %s (%d invocations, %.1f MB) in %d ms; log %s%n", cache,
                ROUNDS * TrainingEvents.round(0).size(), Files.size(cache) / 1e6,
                (System.nanoTime() - t0) / 1_000_000, log);
    }

    static void train(Path layer, Path cache, Path log) throws Exception {
        Path launcher = layer.resolve("extensions/lambda-adapter");
        if (!Files.isExecutable(launcher)) {
            throw new IOException(launcher + " is missing or not executable");
        }
        Files.deleteIfExists(cache); // the launcher only passes -XX:AOTCache when the file exists
        // the app starts late, on a port held until then so that no other process can take it
        try (Socket appPort = holdLoopbackPort();
             LambdaEmulator emulator = LambdaEmulator.builder().port(0).functionTimeout(Duration.ofSeconds(10)).start()) {
            Map<String, String> env = new HashMap<>(emulator.extensionEnvironment());
            env.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"));
            env.put("AWS_LWA_PORT", Integer.toString(appPort.getLocalPort()));
            env.put("LWA_JAVA_OPTS", "-XX:AOTCacheOutput=" + cache);
            ProcessBuilder pb = new ProcessBuilder(launcher.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().clear(); // nothing of the build's environment: no LWA_JAVA, no stray AWS_LWA_*
            pb.environment().putAll(env);
            Process adapter = pb.start();
            try {
                expect(emulator.awaitExtensions(1, STEP_TIMEOUT), "the adapter never registered", log);
                try (TrainingApp _ = TrainingApp.start(appPort.getLocalPort())) {
                    expect(emulator.awaitParkedPollers(1, STEP_TIMEOUT), "the adapter never called /next", log);
                    invokeAll(emulator, log);
                }
                emulator.shutdown("spindown", Duration.ofSeconds(2));
                // The JVM writes the cache after the workload, on its way out: that takes a while.
                expect(adapter.waitFor(180, TimeUnit.SECONDS), "the adapter did not exit after SHUTDOWN", log);
                expect(adapter.exitValue() == 0, "the adapter exited " + adapter.exitValue(), log);
            } finally {
                adapter.destroyForcibly();
            }
        }
        expect(Files.isRegularFile(cache) && Files.size(cache) > 0, "no AOT cache was written to " + cache, log);
    }

    /**
     * A port on 127.0.0.1 for the app, known before the app listens on it: bound with
     * {@code SO_REUSEADDR} by a socket that never connects nor listens. While it is open, connecting
     * to the port is refused (as to a port where nothing listens: the adapter's readiness probe
     * retries), no other process is given the port, and the app's {@code HttpServer} still binds it
     * because it sets {@code SO_REUSEADDR} too. So the port is never free between being picked and
     * the app listening on it. (Tests use runtime-api's PortReservation for this; a build tool does
     * not depend on test code.)
     */
    private static Socket holdLoopbackPort() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static void invokeAll(LambdaEmulator emulator, Path log) throws IOException {
        for (int i = 0; i < ROUNDS; i++) {
            for (TrainingEvents.Event event : TrainingEvents.round(i)) {
                InvocationResult r = emulator.invoke(event.bytes());
                expect(r.isResponse(), event.kind() + " invocation " + i + " failed: " + r, log);
            }
        }
    }

    private static void expect(boolean condition, String failure, Path log) throws IOException {
        if (!condition) {
            String tail = Files.exists(log) ? String.join("\n", Files.readAllLines(log).reversed().stream()
                    .limit(30).toList().reversed()) : "(no log)";
            throw new IllegalStateException("AOT training: " + failure + "; adapter log " + log + ":\n" + tail);
        }
    }
}
