package dev.lwa.bootstrap;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code lwa local} as a user runs it, from the packaged classpath ({@code target/local/lib}), in a
 * process of its own. Its front door listens on a port it chooses ({@code --port 0}) and names in its
 * start-up line; the app's port is the test's to give (a reserved one).
 */
final class LocalModeRun {
    private static final Pattern FRONT_DOOR = Pattern.compile("lwa local: http://127\\.0\\.0\\.1:(\\d+) -> ");

    final Process process;
    final int port;
    private final Path log;

    private LocalModeRun(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code LocalMode local --port 0 <args>} in {@code dir}, output to {@code log}, and
     * waits for the line that says where its front door listens.
     */
    static LocalModeRun start(Path dir, Path log, List<String> args) throws Exception {
        return start(dir, log, args, Map.of(), false);
    }

    /**
     * As {@link #start(Path, Path, List)}, with {@code env} added to local mode's environment and,
     * with {@code asInATerminal}, local mode leading a process group of its own with SIGINT at its
     * default (a JVM keeps ignoring a SIGINT its parent ignored), so that the test can send SIGINT to
     * the group as Ctrl-C does: see {@link #interruptGroup()}.
     */
    static LocalModeRun start(Path dir, Path log, List<String> args, Map<String, String> env, boolean asInATerminal)
            throws Exception {
        List<String> command = new ArrayList<>();
        if (asInATerminal) {
            command.addAll(List.of("python3", "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                    + "os.setpgid(0, 0); os.execvp(sys.argv[1], sys.argv[1:])"));
        }
        command.addAll(localMode());
        command.addAll(List.of("--port", "0"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            Matcher m = FRONT_DOOR.matcher(read(log));
            if (m.find()) {
                return new LocalModeRun(process, Integer.parseInt(m.group(1)), log);
            }
            if (!process.isAlive()) {
                throw new AssertionError("local mode exited with " + process.exitValue() + " before serving" + logOf(log));
            }
            Thread.sleep(50);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError("local mode did not say where it listens within 60 s" + logOf(log));
    }

    /** Stops local mode as SIGTERM does; after 15 s, it and what it started by force. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** The command that runs local mode from the packaged classpath, up to and including {@code local}. */
    static List<String> localMode() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Path.of("target/local/lib").toAbsolutePath() + "/*",
                "dev.lwa.bootstrap.local.LocalMode", "local");
    }

    /** SIGINT to local mode's process group, as Ctrl-C in a terminal (needs {@code asInATerminal}). */
    void interruptGroup() throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + process.pid()).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -INT -" + process.pid() + " failed");
        }
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** The first answer to {@code GET pathAndQuery}: the app may still be starting, so refused connections are retried. */
    <T> HttpResponse<T> awaitFirstAnswer(HttpClient http, String pathAndQuery, HttpResponse.BodyHandler<T> body)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        IOException last = null;
        while (System.nanoTime() < end) {
            try {
                return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).build(), body);
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new AssertionError("local mode never answered on " + uri(pathAndQuery) + log(), last);
    }

    /** Whether {@code text} appears in the output within 20 s. */
    boolean awaitLog(String text) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            if (read(log).contains(text)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    String log() {
        return logOf(log);
    }

    private static String logOf(Path log) {
        return "\nlocal mode log:\n" + read(log);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }
}
