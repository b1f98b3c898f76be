package dev.lwa.core.http;

import java.util.Locale;
import java.util.Optional;

/**
 * The W3C {@code traceparent} header made from Lambda's X-Ray trace header
 * ({@code AWS_LWA_W3C_TRACEPARENT}), so an app traced with OpenTelemetry's W3C propagator joins
 * the invocation's trace without an X-Ray propagator. The two name the same ids: X-Ray's root
 * {@code 1-<8 hex epoch>-<24 hex>} is the 32-hex W3C trace id without its dashes, its
 * {@code Parent} the 16-hex parent id, and {@code Sampled=1} the sampled flag.
 */
final class TraceParent {
    private static final System.Logger LOG = System.getLogger("lwa.forward");

    private TraceParent() {
    }

    /**
     * {@code 00-<trace id>-<parent id>-<01|00>}, fields in any order; empty, with a DEBUG line, when
     * the header has no well-formed {@code Root} and {@code Parent} (a trace id without a parent,
     * as some triggers send, cannot make a valid traceparent).
     */
    static Optional<String> fromXray(String header) {
        String root = null;
        String parent = null;
        boolean sampled = false;
        for (String field : header.split(";")) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = field.substring(0, eq).trim();
            String value = field.substring(eq + 1).trim();
            if (key.equals("Root")) {
                root = value;
            } else if (key.equals("Parent")) {
                parent = value;
            } else if (key.equals("Sampled")) {
                sampled = value.equals("1"); // 0, or ? (not decided yet): not sampled
            }
        }
        if (root == null || parent == null || root.length() != 35 || !root.startsWith("1-") || root.charAt(10) != '-'
                || !hex(root, 2, 10) || !hex(root, 11, 35) || parent.length() != 16 || !hex(parent, 0, 16)) {
            LOG.log(System.Logger.Level.DEBUG, "no traceparent: the trace header has no well-formed Root and Parent");
            return Optional.empty();
        }
        String traceId = (root.substring(2, 10) + root.substring(11)).toLowerCase(Locale.ROOT);
        String parentId = parent.toLowerCase(Locale.ROOT);
        if (zeros(traceId) || zeros(parentId)) { // all zeros is invalid in W3C trace context
            LOG.log(System.Logger.Level.DEBUG, "no traceparent: the trace header's ids are all zeros");
            return Optional.empty();
        }
        return Optional.of("00-" + traceId + "-" + parentId + (sampled ? "-01" : "-00"));
    }

    private static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
