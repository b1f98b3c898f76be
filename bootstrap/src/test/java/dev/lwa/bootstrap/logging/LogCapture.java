package dev.lwa.bootstrap.logging;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * For end-to-end tests in other packages: the adapter's log lines, captured in-process instead of
 * printed, in the format asked for. Closing restores stdout and INFO text.
 */
public final class LogCapture implements AutoCloseable {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private LogCapture(boolean json) {
        LwaLogging.configure(System.Logger.Level.INFO, json);
        LwaLogging.redirect(Optional.of(new PrintStream(captured, true, StandardCharsets.UTF_8)));
    }

    /** @param json lines as {@code AWS_LAMBDA_LOG_FORMAT=JSON} writes them, else text */
    public static LogCapture start(boolean json) {
        return new LogCapture(json);
    }

    /** The lines so far. */
    public synchronized List<String> lines() {
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Override
    public void close() {
        LwaLogging.redirect(Optional.empty());
        LwaLogging.configure(System.Logger.Level.INFO, false);
    }
}
