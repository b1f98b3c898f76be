package dev.lwa.runtimeapi.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Helpers to run third-party servers (python3, nginx) as subprocesses on loopback. */
public final class ExternalServers {
    private ExternalServers() {
    }

    /** An executable found on PATH or at one of the fallback paths. */
    public static Optional<Path> executable(String name, String... fallbacks) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        for (String f : fallbacks) {
            Path p = Path.of(f);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** A port that was free a moment ago (the server is started right after; a clash shows as a failed start). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Waits until something accepts connections on the port, failing early when the process dies. */
    public static void awaitListening(int port, Process process, Duration timeout, Supplier<String> diagnostics)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + " before listening on "
                        + port + ": " + diagnostics.get());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("server did not listen on " + port + " within " + timeout + ": " + diagnostics.get());
    }

    /** Stops the process and waits a little for it to go. */
    public static void stop(Process process) throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    public static void deleteTree(Path root) throws IOException {
        if (root != null && Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
