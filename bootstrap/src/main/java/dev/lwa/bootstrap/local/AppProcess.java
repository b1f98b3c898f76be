package dev.lwa.bootstrap.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The app's process, started as Lambda starts a runtime and stopped as Lambda stops one.
 *
 * <p>Ctrl-C in a terminal sends SIGINT to the whole foreground process group. An app in lwa's group
 * would get it too, and an app without a SIGINT handler (Node's default) would die at once, before
 * the SIGTERM lwa sends next, so its shutdown code would never run locally although it does in
 * Lambda, which sends SIGTERM only. So the app starts in a session (and process group) of its own,
 * through util-linux's {@code setsid}; where that is missing (macOS) it starts in lwa's group, and
 * the summary says so.
 *
 * @param process      the app (with {@code setsid}, the app itself: {@code setsid} only forks when it is
 *                     a process-group leader, which a child of the JVM never is)
 * @param ownSession   whether it was started in a session of its own
 */
record AppProcess(Process process, boolean ownSession) {

    /**
     * How long the app may take to exit after SIGTERM before its whole process tree is killed: the
     * 2 s Lambda's shutdown phase lasts when an external extension (lwa) is registered.
     */
    static final Duration GRACE = Duration.ofSeconds(2);

    /** @param output where the app's standard output goes (its standard error goes to lwa's) */
    static AppProcess start(List<String> command, Map<String, String> env, ProcessBuilder.Redirect output)
            throws IOException {
        Optional<Path> setsid = setsid(System.getenv("PATH"));
        List<String> argv = new ArrayList<>();
        setsid.ifPresent(p -> argv.add(p.toString()));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).inheritIO().redirectOutput(output);
        builder.environment().putAll(env);
        return new AppProcess(builder.start(), setsid.isPresent());
    }

    /** The {@code setsid} executable on {@code path}, if any. */
    static Optional<Path> setsid(String path) {
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "setsid")).filter(Files::isExecutable).findFirst();
    }

    /**
     * SIGTERM to the app (Lambda signals the process it started, not its children), then, after
     * {@link #GRACE} at most, SIGKILL to whatever is left of its process tree.
     */
    void stop() {
        // taken before the signal: once the app is gone its children are re-parented and unreachable
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        process.destroy();
        CompletableFuture<?> allGone = CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit)
                .toArray(CompletableFuture[]::new));
        try {
            allGone.get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // killed below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Stream.concat(tree.stream(), process.descendants()).filter(ProcessHandle::isAlive)
                .forEach(ProcessHandle::destroyForcibly);
    }
}
