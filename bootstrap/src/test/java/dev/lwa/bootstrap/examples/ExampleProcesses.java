package dev.lwa.bootstrap.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starting, stopping and reading the logs of an example's processes (the launcher, the app). */
final class ExampleProcesses {
    private ExampleProcesses() {
    }

    /** Starts {@code command} in {@code dir} with only {@code env} (what Lambda would give), output to {@code log}. */
    static Process start(List<String> command, Map<String, String> env, Path dir, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().clear(); // only what Lambda would give
        pb.environment().putAll(env);
        return pb.start();
    }

    /** SIGTERM, then after 10 s SIGKILL. */
    static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The named logs under {@code dir}, for a failure message. */
    static String logs(Path dir, String... names) {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            try {
                out.append("\n--- ").append(name).append(":\n").append(Files.readString(dir.resolve(name)));
            } catch (IOException e) {
                out.append("\n--- no ").append(name).append(": ").append(e);
            }
        }
        return out.toString();
    }
}
