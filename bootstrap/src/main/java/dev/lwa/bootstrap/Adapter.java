package dev.lwa.bootstrap;

import dev.lwa.bootstrap.logging.LwaLogging;
import dev.lwa.core.config.AppTarget;
import dev.lwa.core.config.Config;
import dev.lwa.core.config.InitType;
import dev.lwa.core.config.InvokeMode;
import dev.lwa.core.config.Platform;
import dev.lwa.core.config.Readiness;
import dev.lwa.core.config.ReadinessProtocol;
import dev.lwa.core.http.AppForwarder;
import dev.lwa.core.pipeline.AppReadiness;
import dev.lwa.core.pipeline.ErrorTypes;
import dev.lwa.core.pipeline.HandlerOptions;
import dev.lwa.core.pipeline.InvocationHandler;
import dev.lwa.core.pipeline.MemoryBudget;
import dev.lwa.core.pipeline.Pipeline;
import dev.lwa.core.pipeline.ResultWriter;
import dev.lwa.core.pipeline.StreamingWriter;
import dev.lwa.readiness.ReadinessCheck;
import dev.lwa.readiness.ReadinessProbe;
import dev.lwa.runtimeapi.ErrorReport;
import dev.lwa.runtimeapi.RuntimeApiClient;
import dev.lwa.runtimeapi.http.Http1Client;
import dev.lwa.streaming.ResponseStreamer;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The adapter's lifecycle: register the extension, wait for the app, run the invocation pipeline
 * until SHUTDOWN or SIGTERM, drain, exit. Runs in-process too (tests, local mode), built from a
 * {@link Config}.
 */
public final class Adapter {
    public static final String DEFAULT_EXTENSION_NAME = "lambda-adapter";
    /** LWA's async-init budget: Lambda's 10 s init phase, minus a margin (docs/behaviour.md, async init). */
    static final Duration ASYNC_INIT_BUDGET = Duration.ofMillis(9800);
    /** How long in-flight invocations may finish after SHUTDOWN/SIGTERM (Lambda allows about 2 s in all). */
    static final long DRAIN_MS = 1500;

    private static final System.Logger LOG = System.getLogger("lwa");

    private final Config config;
    private final String extensionName;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile String stopReason = "";
    private volatile int stopExitCode;
    /** The thread running a start-up step a stop must interrupt (readiness, SnapStart), or null. */
    private volatile Thread startingThread;
    private volatile int exitCode = -1;

    public Adapter(Config config, String extensionName) {
        this.config = config;
        this.extensionName = extensionName;
    }

    /** The whole lifecycle; returns the process exit code. */
    public int run() {
        try {
            exitCode = lifecycle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exitCode = 1;
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, () -> "lwa failed: " + e, e);
            exitCode = 1;
        } finally {
            finished.countDown();
        }
        return exitCode;
    }

    /** Whether a stop (SHUTDOWN, SIGTERM or a failure) has been asked for: for tests that act during the drain. */
    boolean stopRequested() {
        return stop.getCount() == 0;
    }

    /** Waits until the lifecycle has ended (after a SHUTDOWN, say); false if {@code timeout} passed first. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks the adapter to stop (SHUTDOWN or SIGTERM) and waits until it has drained. */
    public void terminate() {
        requestStop("SIGTERM", 0);
        try {
            // the drain, the answers the stop waits for after it, and a margin for the posts
            finished.await(DRAIN_MS + Pipeline.ANSWERS_WAIT_MS + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int lifecycle() throws InterruptedException {
        Platform platform = config.platform();
        ExtensionRegistration registration = new ExtensionRegistration(platform.runtimeApi(), extensionName,
                reason -> requestStop(reason, 0), failure -> requestStop(failure, 1), this::stopRequested);
        // Register first: Lambda starts the app (the runtime bootstrap) only after every extension registered.
        if (!registration.register()) {
            return 1;
        }
        // Connections are reused under SnapStart too: SnapStartLifecycle drops every pooled one as
        // soon as the restore returns (those from before the snapshot are dead, and idle times
        // measured across it are wrong), so only connections opened after the restore are reused.
        try (Http1Client app = Http1Client.builder(config.app().host(), config.app().port())
                .pooling(config.app().pooling()).idleTimeout(config.app().poolIdleTimeout()).build();
             RuntimeApiClient runtime = RuntimeApiClient.create(platform.invocationApi(), true)) {
            ReadinessCheck check = new ReadinessCheck(probe(config.app(), config.readiness()));
            Optional<AppReadiness> readiness = untilStopped(() -> awaitReadiness(check, config.readiness(), runtime))
                    .flatMap(r -> r);
            if (stop.getCount() == 0) {
                return stoppedWhile("waiting for the app to be ready");
            }
            if (readiness.isEmpty()) {
                return 1;
            }
            Optional<StreamingWriter> streaming = config.forwarding().invokeMode() == InvokeMode.RESPONSE_STREAM
                    ? Optional.of(new ResponseStreamer(runtime, config.forwarding().compression()))
                    : Optional.empty();
            InvocationHandler handler = new InvocationHandler(config.app(), config.forwarding(),
                    new AppForwarder(app, config.forwarding(), config.function(), config.snapStart(), config.interop(),
                            config.extras()),
                    readiness.get(), streaming, new HandlerOptions(config.interop().mediaTypes(), config.webSocket(),
                            config.extras()));
            MemoryBudget memory = MemoryBudget.forFunction(config.function().memoryMb(), platform.maxConcurrency(),
                    Runtime.getRuntime().maxMemory());
            // built before a SnapStart snapshot, started after the restore
            Pipeline pipeline = new Pipeline(runtime, handler, new ResultWriter(runtime), platform.maxConcurrency(), memory,
                    LwaLogging::withRequestId);
            SnapStartLifecycle snapStart = null;
            if (platform.snapStart()) {
                snapStart = new SnapStartLifecycle(config.snapStart(), app, runtime, this::stopRequested);
                SnapStartLifecycle s = snapStart;
                Optional<SnapStartLifecycle.Outcome> outcome = untilStopped(
                        () -> s.checkpointAndRestore(check, config.readiness().timeout()));
                if (stop.getCount() == 0) {
                    return stoppedWhile("in SnapStart's checkpoint or restore");
                }
                if (outcome.orElse(SnapStartLifecycle.Outcome.FAILED) != SnapStartLifecycle.Outcome.RESTORED) {
                    return 1;
                }
            }
            pipeline.start();
            if (snapStart != null) {
                snapStart.logStarted();
            }
            Thread.ofVirtual().name("lwa-pipeline-watch").start(() -> {
                try {
                    pipeline.awaitStopped().ifPresent(failure -> requestStop(failure, 1));
                } catch (InterruptedException ignored) {
                    // the adapter is stopping anyway
                }
            });
            stop.await();
            int cut = pipeline.stop(DRAIN_MS, stopReason);
            // a stop for a failure ends in exit 1: logged as the error it is
            LOG.log(stopExitCode == 0 ? System.Logger.Level.INFO : System.Logger.Level.ERROR, "stopping ({0}){1}", stopReason, cut == 0 ? ""
                    : ", " + cut + " invocation(s) did not finish in " + DRAIN_MS + " ms and were answered " + ErrorTypes.SHUTDOWN);
            return stopExitCode;
        }
    }

    /** A stop before the pipeline started: one line saying so, as every stop has. */
    private int stoppedWhile(String what) {
        LOG.log(System.Logger.Level.INFO, "stopping ({0}) while {1}", stopReason, what);
        return stopExitCode;
    }

    /**
     * Runs a start-up step that a stop (SHUTDOWN, SIGTERM) interrupts; empty when the adapter was
     * stopping before it began.
     */
    private <T> Optional<T> untilStopped(Supplier<T> step) {
        startingThread = Thread.currentThread();
        try {
            // Set before this check, so a stop that came in earlier (during registration) is seen
            // here, and one that comes in later interrupts the step.
            return stop.getCount() > 0 ? Optional.of(step.get()) : Optional.empty();
        } finally {
            synchronized (this) { // not between requestStop's read of the thread and its interrupt
                startingThread = null;
                Thread.interrupted(); // a stop during the step interrupts it; the caller checks for the stop
            }
        }
    }

    private Optional<AppReadiness> awaitReadiness(ReadinessCheck check, Readiness settings, RuntimeApiClient runtime) {
        InitType initType = config.platform().initType();
        if (settings.asyncInit() && (initType == InitType.SNAP_START || initType == InitType.PROVISIONED_CONCURRENCY)) {
            // these init phases are not bound by the 10 s that async init works around
            LOG.log(System.Logger.Level.INFO, "AWS_LWA_ASYNC_INIT ignored with {0}: Lambda''s 10 s init limit does not apply, "
                    + "so lwa waits until the app is ready", initType == InitType.SNAP_START ? "snap-start" : "provisioned-concurrency");
        } else if (settings.asyncInit()) {
            Duration budget = settings.timeout().filter(t -> t.compareTo(ASYNC_INIT_BUDGET) < 0).orElse(ASYNC_INIT_BUDGET);
            ReadinessCheck.Result outcome = check.await(Optional.of(budget));
            boolean ready = outcome instanceof ReadinessCheck.Result.Ready;
            if (outcome instanceof ReadinessCheck.Result.TimedOut) { // not when a stop cut the wait short
                LOG.log(System.Logger.Level.INFO, "app not ready after {0} ms, continuing: the first invocation finishes the readiness check",
                        budget.toMillis());
            }
            return Optional.of(new AppReadiness(check, ready));
        }
        // instanceof, not a pattern switch: a type switch generates a class at run time (the
        // class-file API in the AOT cache and the heap)
        ReadinessCheck.Result outcome = check.await(settings.timeout());
        if (outcome instanceof ReadinessCheck.Result.Ready) {
            return Optional.of(AppReadiness.alreadyReady());
        }
        if (stop.getCount() == 0 || !(outcome instanceof ReadinessCheck.Result.TimedOut timedOut)) {
            return Optional.empty(); // stopped (interrupted) while waiting: not a readiness failure
        }
        // say why on /init/error, then exit non-zero
        String message = "the app at " + check.probe().target() + " was not ready after "
                + timedOut.waited().toMillis() + " ms (" + timedOut.attempts() + " attempts; last: "
                + timedOut.last().detail() + ")";
        LOG.log(System.Logger.Level.ERROR, message);
        try {
            runtime.reportInitError(new ErrorReport(ErrorTypes.APP_NOT_READY, message));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "reporting the init error failed: {0}", e.toString());
        }
        return Optional.empty();
    }

    private static ReadinessProbe probe(AppTarget app, Readiness settings) {
        return settings.protocol() == ReadinessProtocol.TCP
                ? ReadinessProbe.tcp(app.host(), settings.port())
                : ReadinessProbe.http(app.host(), settings.port(), settings.path(), settings.healthyStatus()::contains);
    }

    private synchronized void requestStop(String reason, int exitCode) {
        if (stop.getCount() > 0) {
            stopReason = reason;
            stopExitCode = exitCode;
            stop.countDown();
            Thread starting = startingThread;
            if (starting != null) {
                starting.interrupt(); // SHUTDOWN or SIGTERM while waiting for the app or the restore: stop waiting
            }
        }
    }
}
