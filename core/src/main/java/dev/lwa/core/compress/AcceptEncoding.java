package dev.lwa.core.compress;

import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A request's {@code Accept-Encoding}, read the way tower-http 0.6 reads it (LWA 1.0's
 * CompressionLayer, docs/behaviour.md, Compression): the best q-value the client gave each coding lwa knows,
 * in thousandths; {@link #ABSENT} when it did not list it.
 */
record AcceptEncoding(int gzip, int br, int identity) {
    static final int ABSENT = -1;

    static AcceptEncoding parse(List<String> headerValues) {
        int gzip = ABSENT;
        int br = ABSENT;
        int identity = ABSENT;
        for (String value : headerValues) {
            // http's HeaderValue::to_str: a value with anything but visible ASCII and tab is skipped whole.
            if (!visibleAscii(value)) {
                continue;
            }
            for (String element : value.split(",", -1)) {
                int semi = element.indexOf(';');
                String token = (semi < 0 ? element : element.substring(0, semi)).strip();
                int q = semi < 0 ? 1000 : qValue(element.substring(semi + 1).strip());
                if (q < 0) {
                    continue; // a malformed q-value drops the entry, it does not default to 1
                }
                if (token.equalsIgnoreCase("gzip") || token.equalsIgnoreCase("x-gzip")) {
                    gzip = Math.max(gzip, q);
                } else if (token.equalsIgnoreCase("br")) {
                    br = Math.max(br, q);
                } else if (token.equalsIgnoreCase("identity")) {
                    identity = Math.max(identity, q);
                }
                // anything else, "*" included, is ignored
            }
        }
        return new AcceptEncoding(gzip, br, identity);
    }

    /**
     * The coding with the highest non-zero q; on a tie br beats gzip beats identity (tower-http
     * orders its Encoding enum that way). Empty means identity. {@code brUsable} is asked only
     * when br would win, so the brotli native library is loaded only when br is really wanted; when
     * it says no, the choice is made again without br.
     */
    Optional<ContentCoding> preferred(BooleanSupplier brUsable) {
        int best = Math.max(identity, 0);
        ContentCoding choice = null;
        if (gzip > 0 && gzip >= best) {
            best = gzip;
            choice = ContentCoding.GZIP;
        }
        if (br > 0 && br >= best && brUsable.getAsBoolean()) {
            choice = ContentCoding.BR;
        }
        return Optional.ofNullable(choice);
    }

    /**
     * RFC 9110 qvalue as tower-http's {@code QValue::parse} takes it: {@code q=} (either case), then
     * {@code 0} or {@code 1}, an optional {@code .} and at most three digits, at most 1. Returns
     * thousandths, or -1 when malformed.
     */
    static int qValue(String s) {
        if (s.length() < 3 || (s.charAt(0) != 'q' && s.charAt(0) != 'Q') || s.charAt(1) != '=') {
            return -1;
        }
        int value = switch (s.charAt(2)) {
            case '0' -> 0;
            case '1' -> 1000;
            default -> -1;
        };
        if (value < 0) {
            return -1;
        }
        if (s.length() == 3) {
            return value;
        }
        if (s.charAt(3) != '.' || s.length() > 7) {
            return -1;
        }
        int factor = 100;
        for (int i = 4; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value += factor * (c - '0');
            factor /= 10;
        }
        return value <= 1000 ? value : -1;
    }

    /** What http's {@code HeaderValue::to_str} accepts: visible ASCII and tab. */
    static boolean visibleAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 || c > 0x7e) && c != '\t') {
                return false;
            }
        }
        return true;
    }
}
