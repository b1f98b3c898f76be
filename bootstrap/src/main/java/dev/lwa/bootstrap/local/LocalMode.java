package dev.lwa.bootstrap.local;

import dev.lwa.bootstrap.Adapter;
import dev.lwa.bootstrap.logging.LwaLogging;
import dev.lwa.core.config.Config;
import dev.lwa.core.config.ConfigException;
import dev.lwa.emulator.FrontDoor;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.emulator.Trigger;

import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ./lwa local [--port 9000] [--app-port 8080] [--trigger function-url|http-api|rest-api|alb|alb-multi]
 * [--stage NAME] [--mode buffered|stream] [--snapstart] -- <command>}: runs the app, an embedded Lambda
 * emulator and the adapter, and serves {@code 127.0.0.1:<port>} as the trigger (a Function URL by
 * default) would (beyond LWA, whose users have asked for it). Ctrl-C stops all three, the app as
 * Lambda stops it ({@link AppProcess}). With {@code --snapstart} the function is a SnapStart one:
 * checkpoint and restore run once at start.
 */
public final class LocalMode {
    private static final System.Logger LOG = System.getLogger("lwa.local");

    private LocalMode() {
    }

    public static void main(String[] args) throws Exception {
        if (LocalOptions.wantsHelp(List.of(args))) {
            System.out.println(LocalOptions.USAGE);
            System.exit(0);
            return;
        }
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
                .port(options.runtimeApiPort())
                .functionName(options.functionName())
                .functionTimeout(options.timeout())
                // A request waiting for the one environment is not a function timeout: on AWS another
                // environment would serve it. It waits as long as Lambda's init limit and the
                // function's timeout together: what an app that never becomes ready would cost on AWS.
                .queueTimeout(LocalInvoke.INIT_LIMIT.plus(options.timeout()))
                .concurrency(options.concurrency());
        LambdaEmulator emulator;
        try {
            emulator = (options.snapStart() ? builder.initType("snap-start") : builder).start();
        } catch (IOException e) {
            return portInUse(e, options.runtimeApiPort(), "--runtime-api-port", "the Lambda emulator's Runtime API", session);
        }
        AtomicReference<WarmUp> warmUp = new AtomicReference<>();
        FrontDoor door;
        try {
            door = FrontDoor.start(emulator, "127.0.0.1", options.port(), options.trigger(), ex -> {
                WarmUp w = warmUp.get();
                if (w == null || !w.owns(ex)) {
                    logExchange(ex);
                }
            });
        } catch (IOException e) {
            emulator.close();
            return portInUse(e, options.port(), "--port", "where local mode listens", session);
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
        Stopper stopper = new Stopper(emulator, door);
        try {
            return serve(options, processEnv, emulator, door, stopper, warmUp, session);
        } finally {
            stopper.run();
        }
    }

    /**
     * An app port that is one of local mode's own: the readiness check would probe lwa itself and
     * hang without a word. In Lambda it cannot happen.
     */
    static Optional<String> selfPortProblem(int appPort, int doorPort, int runtimeApiPort) {
        if (appPort == doorPort || appPort == runtimeApiPort) {
            return Optional.of("the app's port " + appPort + " is also where local mode listens ("
                    + (appPort == doorPort ? "--port" : "--runtime-api-port") + "): the app must listen on a port of its own"
                    + " (--app-port, AWS_LWA_PORT or PORT)");
        }
        return Optional.empty();
    }

    /** Whether something accepts connections at {@code host:port}. */
    private static boolean answers(String host, int port) {
        try (java.net.Socket probe = new java.net.Socket()) {
            probe.connect(new java.net.InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException nothingThere) {
            return false;
        }
    }

    /** A port someone else holds is a user's problem with a one-line answer, not a stack trace. */
    private static int portInUse(IOException e, int port, String option, String what, LocalSession session) throws IOException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                session.refuse("port " + port + " (" + what + ") is in use: stop what listens there, "
                        + "or choose another with " + option + " <port> (0: any free port)");
                return 1;
            }
        }
        throw e;
    }

    private static int serve(LocalOptions options, Map<String, String> processEnv, LambdaEmulator emulator,
                             FrontDoor door, Stopper stopper, AtomicReference<WarmUp> warmUp, LocalSession session)
            throws InterruptedException {
        LocalEnvironment.Outcome outcome;
        try {
            outcome = LocalEnvironment.resolve(options, processEnv, emulator.runtimeEnvironment());
        } catch (ConfigException e) {
            session.refuse("invalid configuration: " + e.getMessage());
            return 1;
        }
        if (outcome instanceof LocalEnvironment.Refused refused) {
            session.refuse(refused.reason());
            return 2;
        }
        LocalEnvironment.Ready ready = (LocalEnvironment.Ready) outcome;
        Config config = ready.config();
        LwaLogging.configure(config.log().level(), config.log().json());
        config.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
        Optional<String> portProblem = selfPortProblem(config.app().port(), door.port(), emulator.port());
        if (portProblem.isPresent()) {
            session.refuse(portProblem.get());
            return 2;
        }
        if (answers(config.app().host(), config.app().port())) {
            // a leftover app would be served instead of this one; an app started apart (under a debugger) on purpose
            LOG.log(System.Logger.Level.WARNING, "something already listens on " + config.app().host() + ":"
                    + config.app().port() + ", the app's port, before the app was started: lwa forwards to it (an app left"
                    + " from an earlier run? stop it, or your app cannot listen there)");
        }

        AppProcess app;
        long appStarted = System.nanoTime();
        try {
            app = AppProcess.start(options.command(), ready.env(), session.appOutput());
        } catch (IOException e) {
            session.refuse("cannot start the app " + options.command() + ": " + e.getMessage());
            return 127;
        }
        Adapter adapter = new Adapter(config, Adapter.DEFAULT_EXTENSION_NAME);
        stopper.watch(app, adapter);
        Runtime.getRuntime().addShutdownHook(new Thread(stopper, "lwa-local-stop")); // Ctrl-C
        CompletableFuture<Integer> adapterExit = new CompletableFuture<>();
        Thread.ofPlatform().name("lwa-adapter").start(() -> adapterExit.complete(adapter.run()));
        // a line each: the logger keeps an event on one line (a \n would become a \r, which a terminal overwrites)
        LocalSummary.of("http://127.0.0.1:" + door.port(), describe(door), ready, app, options.command(), emulator.runtimeApi())
                .lines()
                .forEach(line -> LOG.log(System.Logger.Level.INFO, line));
        // ./lwa invoke sends one event and ends: warming the path up would only delay it
        WarmUp.forConfig(config, door.trigger()).filter(w -> session == LocalSession.SERVE).ifPresent(w -> {
            warmUp.set(w);
            Thread.ofVirtual().name("lwa-warm-up").start(() -> warm(w, emulator, door, stopper));
        });

        // Whichever ends first ends local mode: the app, the adapter (e.g. readiness timeout), or a failed restore.
        CompletableFuture<Integer> appExit = app.process().onExit().thenApply(Process::exitValue);
        CompletableFuture<Integer> snapStartExit = options.snapStart() ? snapStart(emulator, appStarted) : new CompletableFuture<>();
        CompletableFuture<Integer> sessionExit = session.start(emulator, app.process());
        try {
            CompletableFuture.anyOf(appExit, adapterExit, snapStartExit, sessionExit).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("waiting for the app or the adapter failed", e);
        }
        if (sessionExit.isDone()) {
            return sessionExit.join(); // its work is done (./lwa invoke): stopping takes the app and the adapter down
        }
        if (stopper.stopping()) {
            return 0; // Ctrl-C or SIGTERM: the adapter and the app ended because they were asked to
        }
        if (snapStartExit.isDone() && !appExit.isDone() && !adapterExit.isDone()) {
            return snapStartExit.join(); // the failure was printed; stopping takes the app and the adapter down
        }
        if (appExit.isDone()) {
            int code = appExit.join();
            // in Lambda the environment would be replaced and the next request start the app
            // again; here nobody restarts it, so local mode ends with it, and says so
            LOG.log(System.Logger.Level.WARNING, "the app exited on its own with status {0}: local mode stops with it",
                    Integer.toString(code));
            return code;
        }
        int code = adapterExit.join();
        LOG.log(System.Logger.Level.ERROR, "the adapter stopped with status {0}: stopping the app", Integer.toString(code));
        return code == 0 ? 1 : code;
    }

    private static void warm(WarmUp warmUp, LambdaEmulator emulator, FrontDoor door, Stopper stopper) {
        warmUp.run(emulator, door, stopper::stopping).ifPresent(done -> LOG.log(
                done.failed() == 0 ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                "ready: {0} warm-up requests (GET {1}) took {2} ms{3}", Integer.toString(done.sent()), warmUp.path(),
                Long.toString(done.took().toMillis()), done.failed() == 0 ? ""
                        : "; " + done.failed() + " of them answered 5xx: see the lines above, your requests may fail the same way"));
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
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile AppProcess app;
        private volatile Adapter adapter;

        Stopper(LambdaEmulator emulator, FrontDoor door) {
            this.emulator = emulator;
            this.door = door;
        }

        void watch(AppProcess app, Adapter adapter) {
            this.app = app;
            this.adapter = adapter;
        }

        /** Whether the stop has begun: from then on the adapter and the app ending is expected, not a failure. */
        boolean stopping() {
            return done.get();
        }

        @Override
        public void run() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            // as Lambda: SHUTDOWN to the extension, whose in-flight invocations still need the app; then the app
            if (adapter != null) {
                // The emulator cannot see an in-process extension exit, so its shutdown would wait out
                // the whole 2 s; the adapter's own end is the event to wait for.
                Thread.ofVirtual().name("lwa-local-shutdown").start(() -> emulator.shutdown("spindown", Duration.ofSeconds(2)));
                try {
                    if (!adapter.awaitFinished(Duration.ofSeconds(2))) {
                        adapter.terminate();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    adapter.terminate();
                }
            }
            if (app != null) {
                app.stop();
            }
            // the emulator first: it fails the invocations still queued, and the front door, which
            // waits for its requests in flight, answers their clients the trigger's error
            emulator.close();
            door.close();
        }
    }

    /** The trigger as the summary names it, with the base URL a client uses with it. */
    private static String describe(FrontDoor door) {
        String name = LocalEnvironment.triggerName(door.trigger()) + switch (door.trigger()) {
            case Trigger.HttpApi(String stage) -> ", stage " + stage;
            case Trigger.RestApi(String stage) -> ", stage " + stage;
            case Trigger.Alb(boolean multi) -> multi ? " (multi-value headers)" : "";
            case Trigger.FunctionUrl f -> "";
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
