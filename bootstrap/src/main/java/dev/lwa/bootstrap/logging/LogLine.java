package dev.lwa.bootstrap.logging;

import dev.lwa.runtimeapi.json.JsonText;
import dev.lwa.core.pipeline.AccessLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * One event, rendered as a text line or a JSON object; never contains a {@code \n}.
 *
 * @param access an access-log line's parts, which a JSON line carries as fields of their own
 */
record LogLine(Instant time, System.Logger.Level level, String logger, String message,
               Optional<String> requestId, Optional<Throwable> thrown, Optional<AccessLine> access) {

    LogLine(Instant time, System.Logger.Level level, String logger, String message,
            Optional<String> requestId, Optional<Throwable> thrown) {
        this(time, level, logger, message, requestId, thrown, Optional.empty());
    }

    /**
     * Loaded with the first JSON line only: java.time's formatting is ~45 classes, which text logs
     * (the default) never need and which would otherwise sit in every start's AOT-loaded classes.
     */
    private static final class Timestamp {
        static final DateTimeFormatter FORMAT =
                DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    }

    /** Lambda's level words: {@code WARN}, not {@code WARNING}, so its level filter understands them. */
    static String levelName(System.Logger.Level level) {
        return switch (level) {
            case ALL, TRACE -> "TRACE";
            case DEBUG -> "DEBUG";
            case INFO -> "INFO";
            case WARNING -> "WARN";
            case ERROR, OFF -> "ERROR";
        };
    }

    /**
     * {@code LEVEL logger: message[: exception][ requestId=…]}, no timestamp (Lambda adds one),
     * like LWA's. Line breaks inside become {@code \r}: CloudWatch keeps a {@code \r}-broken
     * message as one event, whereas every {@code \n} on stdout starts a new one. At DEBUG the
     * stack trace follows the same way.
     */
    String text(boolean withStackTrace) {
        StringBuilder out = new StringBuilder(96)
                .append(levelName(level)).append(' ').append(logger).append(": ").append(oneLine(fullMessage()));
        requestId.ifPresent(id -> out.append(" requestId=").append(oneLine(id)));
        if (withStackTrace) {
            thrown.ifPresent(t -> stackTrace(t).forEach(frame -> out.append('\r').append(frame)));
        }
        return out.toString();
    }

    /**
     * {@code {"timestamp":…,"level":…,"logger":…,"message":…,"requestId":…}} with the keys
     * Lambda's own JSON application logs use; {@code requestId} only when known, and a
     * {@code stackTrace} array of lines at DEBUG.
     */
    String json(boolean withStackTrace) {
        StringBuilder out = new StringBuilder(160).append('{');
        field(out, "timestamp", Timestamp.FORMAT.format(time)).append(',');
        field(out, "level", levelName(level)).append(',');
        field(out, "logger", logger).append(',');
        field(out, "message", fullMessage());
        requestId.ifPresent(id -> field(out.append(','), "requestId", id));
        access.ifPresent(a -> a.appendJsonFields(out));
        if (withStackTrace && thrown.isPresent()) {
            out.append(",\"stackTrace\":[");
            List<String> frames = stackTrace(thrown.get());
            for (int i = 0; i < frames.size(); i++) {
                JsonText.string(out.append(i == 0 ? "" : ","), frames.get(i));
            }
            out.append(']');
        }
        return out.append('}').toString();
    }

    private static StringBuilder field(StringBuilder out, String key, String value) {
        JsonText.string(out, key).append(':');
        return JsonText.string(out, value);
    }

    /** The message, then the exception's class and message and up to three causes. */
    private String fullMessage() {
        if (thrown.isEmpty()) {
            return message;
        }
        StringBuilder out = new StringBuilder(message);
        Throwable t = thrown.get();
        out.append(message.isEmpty() ? "" : ": ").append(t);
        String previous = t.toString();
        for (int depth = 0; depth < 3 && t.getCause() != null && t.getCause() != t; depth++) {
            t = t.getCause();
            // new RuntimeException(cause) already carries cause.toString() as its message
            if (!previous.endsWith(t.toString())) {
                out.append(" (caused by ").append(t).append(')');
            }
            previous = t.toString();
        }
        return out.toString();
    }

    private static List<String> stackTrace(Throwable t) {
        StringWriter buffer = new StringWriter();
        t.printStackTrace(new PrintWriter(buffer));
        return buffer.toString().lines().toList();
    }

    private static String oneLine(String s) {
        return s.indexOf('\n') < 0 ? s : s.replace("\r\n", "\r").replace('\n', '\r');
    }
}
