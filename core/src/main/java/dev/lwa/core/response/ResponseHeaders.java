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

    private ResponseHeaders() {
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
