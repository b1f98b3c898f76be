package dev.lwa.runtimeapi.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * The tool a test needs, found as {@link #executable}. When it is missing the test is skipped
     * (a JUnit assumption, so it shows as skipped), unless the environment variable {@code CI} is
     * {@code true}: then the test fails and says what to install, so CI cannot pass without
     * running it. Call it from {@code @BeforeEach} or the test itself, not {@code @BeforeAll},
     * so that every test of the class is reported as skipped.
     *
     * @param install how to install it, e.g. {@code "apt-get install python3"}
     */
    public static Path requireExecutable(String name, String install, String... fallbacks) {
        Optional<Path> exe = executable(name, fallbacks);
        if (exe.isPresent()) {
            return exe.get();
        }
        String missing = name + " is not installed (" + install + ")";
        if ("true".equals(System.getenv("CI"))) {
            return Assertions.fail(missing + ": with CI=true a missing tool fails the run instead of skipping its tests");
        }
        Assumptions.abort(missing + ": skipped (with CI=true this fails)");
        throw new AssertionError("unreachable");
    }

    /** {@code python3 -m http.server} serving a directory, on the port it chose itself. */
    public record PythonHttpServer(Process process, int port) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            stop(process);
        }
    }

    /**
     * Starts {@code python3 -m http.server} on 127.0.0.1 port 0, serving {@code root}: Python binds a
     * port the OS chooses and prints it ("Serving HTTP on 127.0.0.1 port N ..."), so there is no race
     * for a port. Its output is drained for as long as it runs.
     */
    public static PythonHttpServer startPythonHttpServer(Path python, Path root) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(python.toString(), "-u", "-m", "http.server", "--bind", "127.0.0.1",
                "--directory", root.toString(), "0")
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> announced = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread.ofVirtual().name("python-http-server-output").start(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (!announced.isDone()) {
                        output.append(line).append('\n');
                        if (SERVING.matcher(line).find()) {
                            announced.complete(line);
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            announced.complete(null);
        });
        String line;
        try {
            line = announced.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            line = null;
        }
        Matcher m = SERVING.matcher(line == null ? "" : line);
        if (!m.find()) {
            stop(process);
            throw new IllegalStateException("python3 -m http.server did not say its port; its output:\n" + output);
        }
        return new PythonHttpServer(process, Integer.parseInt(m.group(1)));
    }

    private static final Pattern SERVING = Pattern.compile("Serving HTTP on \\S+ port (\\d+)");

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
