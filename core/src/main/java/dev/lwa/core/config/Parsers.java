package dev.lwa.core.config;

import dev.lwa.core.config.Parser.OnInvalid;
import dev.lwa.runtimeapi.http.HostPort;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/** The parsers settings share; what only one setting needs stays beside it in {@link Settings}. */
final class Parsers {

    private Parsers() {
    }

    /** Refuses to start on text {@code read} rejects, as LWA does for a bad host, port or path. */
    static <T> Parser<T> fatal(String what, String expected, Function<String, Optional<T>> read) {
        return new Parser<>(expected, OnInvalid.EXIT, (raw, in) -> Optional.of(read.apply(raw.value())
                .orElseThrow(() -> new ConfigException(raw.variable(), raw.value(), what, expected))));
    }

    /** Takes the default on text {@code read} rejects, as LWA does, but with a warning. */
    static <T> Parser<T> lenient(String expected, Function<String, Optional<T>> read) {
        return new Parser<>(expected, OnInvalid.DEFAULT, (raw, in) -> {
            Optional<T> value = read.apply(raw.value());
            if (value.isEmpty()) {
                in.invalid(raw);
            }
            return value;
        });
    }

    static final Parser<String> TEXT = new Parser<>("any text", OnInvalid.NONE, (raw, in) -> Optional.of(raw.value()));

    static final Parser<String> HOST = fatal("host",
            "a hostname, an IPv4 address or a bracketed IPv6 address such as [::1]",
            v -> Optional.of(v).filter(HostPort::isValidHost));

    /** Leading zeros are read as LWA's URL parser reads them: {@code 008080} is 8080. */
    static final Parser<Integer> PORT = fatal("port", "a number from 1 to 65535",
            v -> boxed(HostPort.parsePort(withoutLeadingZeros(v))));

    private static String withoutLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    /** {@code host:port} as {@link HostPort#parse} reads it, kept as written. */
    static Optional<String> hostPort(String value) {
        try {
            HostPort.parse(value);
            return Optional.of(value);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Rust's {@code bool::from_str}: exactly {@code true} or {@code false}. Anything else is the
     * default, false, as in LWA, but here with a warning because {@code TRUE} silently meaning
     * false is a classic trap.
     */
    static final Parser<Boolean> BOOLEAN = lenient("true or false (lower case)",
            v -> v.equals("true") ? Optional.of(true) : v.equals("false") ? Optional.of(false) : Optional.empty());

    /** One of the constants, in any case; the expected text lists them in lower case. */
    static <E extends Enum<E>> Parser<E> oneOf(Class<E> type) {
        E[] constants = type.getEnumConstants();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < constants.length; i++) {
            expected.append(i == 0 ? "" : i == constants.length - 1 ? " or " : ", ")
                    .append(constants[i].name().toLowerCase(Locale.ROOT));
        }
        return lenient(expected.toString(), v -> {
            String lower = v.toLowerCase(Locale.ROOT);
            for (E constant : constants) {
                if (constant.name().toLowerCase(Locale.ROOT).equals(lower)) {
                    return Optional.of(constant);
                }
            }
            return Optional.empty();
        });
    }

    /** {@link StatusCodes#parse}: bad items are skipped, each with a warning, never fatal. */
    static final Parser<StatusCodes> STATUS_CODES = new Parser<>("codes and ranges, such as 500,502-504",
            OnInvalid.SKIPPED, (raw, in) -> Optional.of(StatusCodes.parse(raw.value(), in.warnings())));

    /** D7; a plain number is milliseconds. */
    static final Parser<Duration> DURATION_OR_MILLIS = fatal("duration",
            "a positive number of milliseconds, or a number with the unit ms, s or m, such as 500ms, 30s or 2m",
            Parsers::duration).emptyIsUnset();

    private static Optional<Duration> duration(String value) {
        int digits = durationDigits(value);
        if (digits < 0) {
            return Optional.empty();
        }
        long amount = Long.parseLong(value.substring(0, digits));
        Duration duration = switch (value.substring(digits)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofMillis(amount);
        };
        return duration.isZero() ? Optional.empty() : Optional.of(duration);
    }

    /**
     * How many ASCII digits {@code value} starts with, when it is 1 to 12 of them followed by
     * nothing, {@code ms}, {@code s} or {@code m} (the regex {@code ([0-9]{1,12})(ms|s|m)?});
     * -1 for anything else. Written out: no java.util.regex on the Lambda path, its classes would
     * be loaded at every start.
     */
    static int durationDigits(String value) {
        int digits = skipDigits(value, 0);
        if (digits < 1 || digits > 12) {
            return -1;
        }
        return switch (value.substring(digits)) {
            case "", "ms", "s", "m" -> digits;
            default -> -1;
        };
    }

    /**
     * Whether {@code value} is a decimal as the regex
     * {@code [+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?} has it: an optional sign, digits
     * with an optional point and fraction ({@code 5.} too) or a point and digits ({@code .5}), then
     * an optional exponent with at least one digit. ASCII digits only. Written out: no
     * java.util.regex on the Lambda path, its classes would be loaded at every start.
     */
    static boolean isDecimal(String value) {
        int n = value.length();
        int i = 0;
        if (i < n && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
            i++;
        }
        int start = i;
        i = skipDigits(value, i);
        boolean mantissa = i > start;
        if (i < n && value.charAt(i) == '.') {
            int fraction = ++i;
            i = skipDigits(value, i);
            mantissa |= i > fraction;
        }
        if (!mantissa) {
            return false;
        }
        if (i < n && (value.charAt(i) == 'e' || value.charAt(i) == 'E')) {
            i++;
            if (i < n && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
                i++;
            }
            int exponent = i;
            i = skipDigits(value, i);
            if (i == exponent) {
                return false;
            }
        }
        return i == n;
    }

    /** The index of the first character at or after {@code from} that is not an ASCII digit. */
    static int skipDigits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(1_000_000_000_000L);

    /**
     * A number of seconds as LWA 1.1 reads one ({@code 10}, {@code 2.5}, {@code 1e3}), rounded to
     * the nearest nanosecond (so {@code 1e-12} is zero, as Rust's {@code Duration::try_from_secs_f64}
     * has it); empty for anything else, NaN and infinities included, and for more than 10^12 s. May
     * be zero or negative: the caller decides. White space around the number is dropped, as LWA
     * trims before it parses.
     */
    static Optional<Duration> seconds(String text) {
        String value = text.strip();
        if (!isDecimal(value)) {
            return Optional.empty();
        }
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(value);
        } catch (NumberFormatException | ArithmeticException e) { // an exponent beyond int
            return Optional.empty();
        }
        if (seconds.abs().compareTo(MAX_SECONDS) > 0) {
            return Optional.empty();
        }
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        return Optional.of(Duration.ofSeconds(whole.longValueExact(), nanos)); // nanos may be 10^9: ofSeconds carries it
    }

    /** Java's {@code Integer.parseInt}: an optional sign, then digits. */
    static Optional<Integer> integer(String value) {
        try {
            return Optional.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Rust's {@code u32::from_str} ({@code +} allowed, at most 4294967295), where 0 means 1; capped
     * at {@code Integer.MAX_VALUE}.
     */
    static Optional<Integer> positiveU32(String value) {
        String digits = value.startsWith("+") ? value.substring(1) : value;
        if (!digits.isEmpty() && digits.length() <= 10 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long n = Long.parseLong(digits);
            if (n <= 0xFFFF_FFFFL) {
                return Optional.of(Math.clamp(n, 1, Integer.MAX_VALUE));
            }
        }
        return Optional.empty();
    }

    /** A log level word as Lambda's and Rust's loggers write them, in any case. */
    static Optional<System.Logger.Level> logLevel(String word) {
        return switch (word.strip().toLowerCase(Locale.ROOT)) {
            case "trace" -> Optional.of(System.Logger.Level.TRACE);
            case "debug" -> Optional.of(System.Logger.Level.DEBUG);
            case "info" -> Optional.of(System.Logger.Level.INFO);
            case "warn" -> Optional.of(System.Logger.Level.WARNING);
            case "error", "fatal" -> Optional.of(System.Logger.Level.ERROR);
            default -> Optional.empty();
        };
    }

    private static Optional<Integer> boxed(OptionalInt value) {
        return value.isPresent() ? Optional.of(value.getAsInt()) : Optional.empty();
    }
}
