package dev.lwa.bootstrap.local;

import dev.lwa.bootstrap.Adapter;
import dev.lwa.bootstrap.logging.LwaLogging;
import dev.lwa.core.config.Config;
import dev.lwa.core.config.ConfigException;
import dev.lwa.emulator.FrontDoor;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.emulator.Trigger;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code ./lwa local [--port 9000] [--app-port 8080] [--trigger function-url|http-api|rest-api|alb|alb-multi]
 * [--stage NAME] [--mode buffered|stream] [--snapstart] -- <command>}: runs the app, an embedded Lambda
 * emulator and the adapter, and serves {@code 127.0.0.1:<port>} as the trigger (a Function URL by default) would (beyond LWA, whose users have asked for it). Ctrl-C stops all three. With
 * {@code --snapstart} the function is a SnapStart one: checkpoint and restore run once at start.
 */
public final class LocalMode {
    private static final System.Logger LOG = System.getLogger("lwa.local");

    private LocalMode() {
    }

    public static void main(String[] args) throws Exception {
        LocalOptions options;
        try {
            options = LocalOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("lwa local: " + e.getMessage());
            System.err.println(LocalOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(options, System.getenv()));
    }

    static int run(LocalOptions options, Map<String, String> processEnv) throws IOException, InterruptedException {
        return run(options, processEnv, LocalSession.SERVE);
    }

    /** Starts everything as {@code ./lwa local} does, then lets {@code session} decide when local mode ends. */
    static int run(LocalOptions options, Map<String, String> processEnv, LocalSession session)
            throws IOException, InterruptedException {
        LambdaEmulator.Builder builder = LambdaEmulator.builder()
                .port(0)
                .functionName(options.functionName())
                .functionTimeout(options.timeout());
        LambdaEmulator emulator = (options.snapStart() ? builder.initType("snap-start") : builder).start();
        FrontDoor door;
        try {
            door = FrontDoor.start(emulator, "127.0.0.1", options.port(), options.trigger(), LocalMode::logExchange);
        } catch (IOException | RuntimeException e) {
            emulator.close();
            throw e;
        }
        Stopper stopper = new Stopper(emulator, door);
        try {
            return serve(options, processEnv, emulator, door, stopper, session);
        } finally {
            stopper.run();
        }
    }

    private static int serve(LocalOptions options, Map<String, String> processEnv, LambdaEmulator emulator,
                             FrontDoor door, Stopper stopper, LocalSession session) throws InterruptedException {
        Map<String, String> env = new HashMap<>(processEnv);
        env.putAll(emulator.runtimeEnvironment());
        env.putIfAbsent("AWS_LWA_PORT", Integer.toString(options.appPort()));
        if (options.streaming()) {
            env.put("AWS_LWA_INVOKE_MODE", "response_stream");
        }
        Config config;
        try {
            config = Config.fromEnv(env);
        } catch (ConfigException e) {
            System.err.println("lwa local: invalid configuration: " + e.getMessage());
            return 1;
        }
        LwaLogging.configure(config.log().level(), config.log().json());
        config.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));

        // The app sees what it would see in Lambda, plus PORT (many frameworks listen on it).
        ProcessBuilder appProcess = new ProcessBuilder(options.command()).inheritIO().redirectOutput(session.appOutput());
        appProcess.environment().putAll(env);
        appProcess.environment().putIfAbsent("PORT", Integer.toString(config.app().port()));
        Process app;
        long appStarted = System.nanoTime();
        try {
            app = appProcess.start();
        } catch (IOException e) {
            System.err.println("lwa local: cannot start the app " + options.command() + ": " + e.getMessage());
            return 127;
        }
        Adapter adapter = new Adapter(config, Adapter.DEFAULT_EXTENSION_NAME);
        stopper.watch(app, adapter);
        Runtime.getRuntime().addShutdownHook(new Thread(stopper, "lwa-local-stop")); // Ctrl-C
        CompletableFuture<Integer> adapterExit = new CompletableFuture<>();
        Thread.ofPlatform().name("lwa-adapter").start(() -> adapterExit.complete(adapter.run()));
        LOG.log(System.Logger.Level.INFO, "lwa local: http://127.0.0.1:{0} -> Lambda emulator -> lwa -> app on {1}:{2} ({3} mode, {4})",
                Integer.toString(door.port()), config.app().host(), Integer.toString(config.app().port()),
                options.streaming() ? "response_stream" : "buffered", describe(door));

        // Whichever ends first ends local mode: the app, the adapter (e.g. readiness timeout), or a failed restore.
        CompletableFuture<Integer> appExit = app.onExit().thenApply(Process::exitValue);
        CompletableFuture<Integer> snapStartExit = options.snapStart() ? snapStart(emulator, appStarted) : new CompletableFuture<>();
        CompletableFuture<Integer> sessionExit = session.start(emulator, app);
        try {
            CompletableFuture.anyOf(appExit, adapterExit, snapStartExit, sessionExit).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("waiting for the app or the adapter failed", e);
        }
        if (sessionExit.isDone()) {
            return sessionExit.join(); // its work is done (./lwa invoke): stopping takes the app and the adapter down
        }
        if (snapStartExit.isDone() && !appExit.isDone() && !adapterExit.isDone()) {
            return snapStartExit.join(); // the failure was printed; stopping takes the app and the adapter down
        }
        if (appExit.isDone()) {
            int code = appExit.join();
            LOG.log(System.Logger.Level.INFO, "the app exited with status {0}", Integer.toString(code));
            return code;
        }
        int code = adapterExit.join();
        LOG.log(System.Logger.Level.ERROR, "the adapter stopped with status {0}: stopping the app", Integer.toString(code));
        return code == 0 ? 1 : code;
    }

    /**
     * Checkpoint and restore, on a thread of their own (the checkpoint waits for the app and the
     * adapter to start); completes only when local mode must end, with its exit status.
     */
    private static CompletableFuture<Integer> snapStart(LambdaEmulator emulator, long appStarted) {
        CompletableFuture<Integer> failed = new CompletableFuture<>();
        Thread.ofPlatform().name("lwa-snapstart").daemon().start(() -> {
            LocalSnapStart.Outcome outcome = LocalSnapStart.run(emulator, LocalSnapStart.CHECKPOINT_TIMEOUT, appStarted,
                    line -> LOG.log(System.Logger.Level.INFO, line));
            if (outcome.exitCode() != 0) {
                failed.complete(outcome.exitCode());
            }
        });
        return failed;
    }

    /** Stops everything once, whoever asks first (the end of {@link #run}, or the Ctrl-C hook). */
    private static final class Stopper implements Runnable {
        private final LambdaEmulator emulator;
        private final FrontDoor door;
        private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        private volatile Process app;
        private volatile Adapter adapter;

        Stopper(LambdaEmulator emulator, FrontDoor door) {
            this.emulator = emulator;
            this.door = door;
        }

        void watch(Process app, Adapter adapter) {
            this.app = app;
            this.adapter = adapter;
        }

        @Override
        public void run() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (adapter != null) {
                emulator.shutdown("spindown", Duration.ofSeconds(2));
                adapter.terminate();
            }
            if (app != null) {
                app.descendants().forEach(ProcessHandle::destroy);
                app.destroy();
            }
            door.close();
            emulator.close();
        }
    }

    /** The trigger and the base URL a client uses with it. */
    private static String describe(FrontDoor door) {
        String name = switch (door.trigger()) {
            case Trigger.FunctionUrl f -> "Function URL";
            case Trigger.HttpApi(String stage) -> "HTTP API, stage " + stage;
            case Trigger.RestApi(String stage) -> "REST API, stage " + stage;
            case Trigger.Alb(boolean multi) -> multi ? "ALB, multi-value headers" : "ALB";
        };
        return name + ", base URL " + door.baseUrl() + "/";
    }

    /** One line per request, as an access log. */
    private static void logExchange(FrontDoor.Exchange ex) {
        String error = ex.result().flatMap(r -> r.errorType()).map(t -> " " + t).orElse("");
        LOG.log(System.Logger.Level.INFO, "{0} {1} -> {2}{3} ({4} ms)", ex.method(), ex.target(),
                Integer.toString(ex.status()), error, Long.toString(ex.duration().toMillis()));
    }
}
