package dev.lwa.bootstrap.logging;

import dev.lwa.core.pipeline.AccessLine;

import java.text.MessageFormat;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * A named logger that filters by {@link LwaLogging}'s current level, formats one line and
 * prints it to stdout with a single {@code println}, so concurrent lines never interleave.
 * The level check comes first: a disabled DEBUG costs one volatile read (and the
 * {@code Supplier} variants never call the supplier).
 */
final class LwaLogger implements System.Logger {

    private final String name;
    private final String shownName;

    LwaLogger(String name) {
        this.name = name;
        // System.getLogger(SomeClass.class.getName()) would otherwise repeat our package root
        this.shownName = name.startsWith("dev.lwa.") ? "lwa." + name.substring("dev.lwa.".length()) : name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        return isLoggable(level, LwaLogging.settings().level());
    }

    private static boolean isLoggable(Level level, Level threshold) {
        return level != Level.OFF && threshold != Level.OFF && level.getSeverity() >= threshold.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        LwaLogging.Settings settings = LwaLogging.settings();
        if (isLoggable(level, settings.level())) {
            write(settings, level, localized(bundle, msg), thrown);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        LwaLogging.Settings settings = LwaLogging.settings();
        if (isLoggable(level, settings.level())) {
            if (params != null && params.length == 1 && params[0] instanceof AccessLine access) {
                // an access-log line: its parts are fields of their own in a JSON line
                write(settings, level, access.toString(), null, Optional.of(access));
                return;
            }
            String message;
            try {
                message = format(localized(bundle, format), params);
            } catch (RuntimeException e) {
                // logging must never throw into the caller: a param's toString() may
                message = format + " <formatting failed: " + e + ">";
            }
            write(settings, level, message, null);
        }
    }

    private void write(LwaLogging.Settings settings, Level level, String message, Throwable thrown) {
        write(settings, level, message, thrown, Optional.empty());
    }

    private void write(LwaLogging.Settings settings, Level level, String message, Throwable thrown,
                       Optional<AccessLine> access) {
        LogLine line = new LogLine(Instant.now(), level, shownName, message,
                LwaLogging.currentRequestId(), Optional.ofNullable(thrown), access);
        boolean stackTrace = settings.level().getSeverity() <= Level.DEBUG.getSeverity();
        LwaLogging.out().println(settings.json() ? line.json(stackTrace) : line.text(stackTrace));
    }

    private static String localized(ResourceBundle bundle, String key) {
        String text = String.valueOf(key);
        return bundle != null && bundle.containsKey(text) ? bundle.getString(text) : text;
    }

    /**
     * System.Logger's convention is {@link MessageFormat}. Arguments are passed as their
     * {@code toString()} unless the pattern asks for a number or choice format, so that
     * {@code "port {0}"} with 8080 reads {@code port 8080}, not the locale's {@code port 8,080}.
     * Without arguments the text is used as is (quotes and braces untouched), as JUL does.
     */
    static String format(String format, Object... params) {
        if (params == null || params.length == 0) {
            return format;
        }
        boolean typed = format.contains(",number") || format.contains(",choice") || format.contains(",date")
                || format.contains(",time");
        Object[] args = typed ? params : Arrays.stream(params).map(String::valueOf).toArray();
        try {
            return new MessageFormat(format, Locale.ROOT).format(args);
        } catch (IllegalArgumentException e) {
            return format + " " + Arrays.toString(params);
        }
    }

    @Override
    public String toString() {
        return "LwaLogger[" + name + "]";
    }
}
