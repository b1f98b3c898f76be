package dev.lwa.core.response;

import dev.lwa.runtimeapi.http.Headers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The app's response header fields as lwa passes them on, in envelopes and in the streaming
 * prelude alike: names lower-cased (as LWA's http crate does), values grouped by name in
 * first-seen order, and the hop-by-hop fields dropped, as any proxy does (RFC 9110 §7.6.1): they
 * describe the connection between lwa and the app, which ends here. That is {@code Connection},
 * {@code Keep-Alive}, {@code Proxy-Connection}, {@code TE}, {@code Trailer},
 * {@code Transfer-Encoding}, {@code Upgrade}, and every field the app's {@code Connection} names.
 * A {@code Content-Length} sent beside {@code Transfer-Encoding} goes too: the body was framed by
 * the transfer coding, so that length is not the body's, and RFC 9112 §6.3 has a proxy remove it
 * before passing the message on (a client trusting it would cut the body short).
 */
public final class ResponseHeaders {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade");

    /**
     * Fields that hold one value, not a comma-separated list (RFC 9110 §5.3 forbids joining them):
     * joined, two {@code Location}s would send the client to {@code /a, /b}, and two equal
     * {@code Content-Length}s would read {@code 2, 2}.
     */
    private static final Set<String> SINGLETONS = Set.of("age", "content-disposition", "content-length",
            "content-location", "content-range", "content-type", "date", "etag", "expires", "last-modified",
            "location", "retry-after", "access-control-allow-origin", "access-control-allow-credentials",
            "access-control-max-age", "strict-transport-security", "x-content-type-options", "x-frame-options");

    private ResponseHeaders() {
    }

    /**
     * The one value a single-value map (v2 and ALB {@code headers}, the streaming prelude) gives a
     * field the app sent {@code values} of: a list field's values comma-joined, a singleton field's
     * first value, as LWA 1.0 keeps for every field ({@code name} lower-case).
     */
    public static String singleValue(String name, List<String> values) {
        return values.size() == 1 || SINGLETONS.contains(name) ? values.getFirst() : String.join(", ", values);
    }

    public static Map<String, List<String>> group(Headers headers) {
        Set<String> named = connectionOptions(headers);
        boolean transferCoded = headers.first("transfer-encoding").isPresent();
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i).toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || named.contains(name) || transferCoded && name.equals("content-length")) {
                continue;
            }
            map.computeIfAbsent(name, k -> new ArrayList<>(1)).add(headers.value(i));
        }
        return map;
    }

    /** The field names listed in {@code Connection} (RFC 9110 §7.6.1), lower-cased; usually none. */
    private static Set<String> connectionOptions(Headers headers) {
        List<String> values = headers.all("connection");
        if (values.isEmpty()) {
            return Set.of();
        }
        Set<String> names = new java.util.HashSet<>();
        for (String value : values) {
            for (String token : value.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    names.add(t);
                }
            }
        }
        return names;
    }
}
