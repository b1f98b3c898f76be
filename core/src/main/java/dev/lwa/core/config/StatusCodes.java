package dev.lwa.core.config;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A set of HTTP status codes written as {@code "500,502-504,422"}: the healthy set of the
 * readiness check and {@code AWS_LWA_ERROR_STATUS_CODES}. Parsing follows LWA's
 * {@code parse_status_codes} exactly (docs/behaviour.md, status lists): bad items are skipped with a warning, never fatal.
 */
public final class StatusCodes {

    private static final StatusCodes NONE = new StatusCodes(List.of(), "");

    /** In input order, duplicates kept, as LWA keeps them. */
    private final List<Integer> codes;
    /** The same codes for constant-time {@link #contains}: the default set has 400 of them. */
    private final BitSet members;
    private final String spec;

    private StatusCodes(List<Integer> codes, String spec) {
        this.codes = List.copyOf(codes);
        this.members = new BitSet(600);
        codes.forEach(members::set);
        this.spec = spec;
    }

    public static StatusCodes none() {
        return NONE;
    }

    /** The inclusive range {@code from..to}, e.g. the default healthy set {@code 100-499}. */
    public static StatusCodes range(int from, int to) {
        if (from < 0 || to > 65535) {
            throw new IllegalArgumentException("status range " + from + "-" + to + " is outside 0-65535");
        }
        List<Integer> codes = new ArrayList<>(Math.max(0, to - from + 1));
        for (int c = from; c <= to; c++) {
            codes.add(c);
        }
        return new StatusCodes(codes, from + "-" + to);
    }

    /**
     * Items are separated by {@code ,} and trimmed. An item with {@code -} must be exactly two
     * u16 numbers and adds the inclusive range (empty, silently, when start > end); otherwise it
     * is skipped with {@code Failed to parse status code range: <item>}. Any other non-empty item
     * must be a u16, or it is skipped with {@code Failed to parse status code: <item>}. Empty
     * items are skipped silently, so {@code "500,"} is fine.
     *
     * @param warnings receives one line per skipped item, in input order
     */
    public static StatusCodes parse(String spec, List<String> warnings) {
        Objects.requireNonNull(spec, "spec");
        List<Integer> codes = new ArrayList<>();
        for (String raw : spec.split(",", -1)) {
            String item = raw.strip();
            if (item.contains("-")) {
                String[] bounds = item.split("-", -1);
                Optional<Integer> start = bounds.length == 2 ? parseU16(bounds[0]) : Optional.empty();
                Optional<Integer> end = bounds.length == 2 ? parseU16(bounds[1]) : Optional.empty();
                if (start.isPresent() && end.isPresent()) {
                    for (int c = start.get(); c <= end.get(); c++) {
                        codes.add(c);
                    }
                } else {
                    warnings.add("Failed to parse status code range: " + item);
                }
            } else if (!item.isEmpty()) {
                parseU16(item).ifPresentOrElse(codes::add, () -> warnings.add("Failed to parse status code: " + item));
            }
        }
        return new StatusCodes(codes, spec);
    }

    /**
     * Rust's {@code u16::from_str}: an optional {@code +}, then ASCII digits (leading zeros are
     * fine), at most 65535. No {@code -}, no spaces.
     */
    private static Optional<Integer> parseU16(String s) {
        String digits = s.startsWith("+") ? s.substring(1) : s;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        // leading zeros off, the last digit kept (as "^0+(?=.)" did, but no java.util.regex on the
        // Lambda path: its classes would be loaded at every start)
        int zeros = 0;
        while (zeros < digits.length() - 1 && digits.charAt(zeros) == '0') {
            zeros++;
        }
        String significant = digits.substring(zeros);
        if (significant.length() > 5) {
            return Optional.empty();
        }
        int value = Integer.parseInt(significant);
        return value <= 65535 ? Optional.of(value) : Optional.empty();
    }

    public boolean contains(int code) {
        return code >= 0 && members.get(code);
    }

    public boolean isEmpty() {
        return codes.isEmpty();
    }

    /** Every code in input order, duplicates included. */
    public List<Integer> codes() {
        return codes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusCodes other && codes.equals(other.codes);
    }

    @Override
    public int hashCode() {
        return codes.hashCode();
    }

    /** The text it was parsed from, e.g. {@code 100-499}. */
    @Override
    public String toString() {
        return spec;
    }
}
