package dev.lwa.bootstrap.logging;

import java.io.PrintStream;
import java.util.Objects;
import java.util.Optional;

/**
 * The adapter's logging switchboard. Every {@code System.getLogger(name)} in the process goes
 * through {@link LwaLoggerFinder} (registered as a {@code System.LoggerFinder} service), whose
 * loggers read the settings made here. Until {@link #configure} is called: INFO, text.
 *
 * <p>Request ids travel in a {@link ScopedValue} (final in JDK 25, JEP 506) rather than a
 * thread-local: it is bound for exactly the extent of {@link #withRequestId}, costs nothing to
 * leave, cannot leak into the next invocation on a reused thread, and is cheap on virtual
 * threads. It is not inherited by threads started inside the scope; work handed to another
 * thread for the same invocation should be wrapped with {@link #carryRequestId}.
 */
public final class LwaLogging {

    /** Level threshold and format, swapped as one value so a line never mixes two settings. */
    record Settings(System.Logger.Level level, boolean json) {
    }

    private static final ScopedValue<String> REQUEST_ID = ScopedValue.newInstance();

    private static volatile Settings settings = new Settings(System.Logger.Level.INFO, false);
    /** Empty: {@code System.out} as it is at the time of writing. Tests may redirect. */
    private static volatile Optional<PrintStream> sink = Optional.empty();

    private LwaLogging() {
    }

    /**
     * Sets the threshold (lines below it are dropped before any formatting) and the format:
     * text {@code LEVEL logger: message}, or one JSON object per line for
     * {@code AWS_LAMBDA_LOG_FORMAT=JSON}. {@link System.Logger.Level#ALL} logs everything,
     * {@link System.Logger.Level#OFF} nothing.
     */
    public static void configure(System.Logger.Level level, boolean json) {
        settings = new Settings(Objects.requireNonNull(level, "level"), json);
    }

    /** Runs {@code work} with every log line it writes (on this thread) tagged with {@code requestId}. */
    public static void withRequestId(String requestId, Runnable work) {
        ScopedValue.where(REQUEST_ID, Objects.requireNonNull(requestId, "requestId")).run(work);
    }

    /** As {@link #withRequestId}, for work that returns a value or throws a checked exception. */
    public static <T, X extends Throwable> T callWithRequestId(String requestId, ScopedValue.CallableOp<? extends T, X> work) throws X {
        return ScopedValue.where(REQUEST_ID, Objects.requireNonNull(requestId, "requestId")).call(work);
    }

    /** The request id bound on this thread, if any. */
    public static Optional<String> currentRequestId() {
        return REQUEST_ID.isBound() ? Optional.of(REQUEST_ID.get()) : Optional.empty();
    }

    /**
     * Wraps {@code work} so that, run on any thread, it logs with the request id that is
     * current now (or with none, if none is).
     */
    public static Runnable carryRequestId(Runnable work) {
        Objects.requireNonNull(work, "work");
        return currentRequestId().<Runnable>map(id -> () -> withRequestId(id, work)).orElse(work);
    }

    static Settings settings() {
        return settings;
    }

    static PrintStream out() {
        return sink.orElse(System.out);
    }

    /** For tests: send lines to {@code stream} instead of {@code System.out}; empty restores stdout. */
    static void redirect(Optional<PrintStream> stream) {
        sink = stream;
    }
}
