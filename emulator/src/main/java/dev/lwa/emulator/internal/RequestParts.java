package dev.lwa.emulator.internal;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What every trigger reads from an HTTP request, taken from Jetty once: the events differ only in
 * how they lay these out.
 *
 * @param headers every field in arrival order, names as the client spelled them
 * @param traceId the client's {@code X-Amzn-Trace-Id}, or a new one, as AWS's front ends add it
 */
record RequestParts(String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers,
                    String sourceIp, String protocol, boolean secure, int localPort, String traceId, Instant time) {

    static RequestParts of(Request request, Instant now) {
        String rawPath = request.getHttpURI().getPath();
        if (rawPath == null || rawPath.isEmpty()) {
            rawPath = "/";
        }
        String rawQuery = request.getHttpURI().getQuery() == null ? "" : request.getHttpURI().getQuery();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String traceId = null;
        for (HttpField field : request.getHeaders()) {
            String value = field.getValue() == null ? "" : HeaderText.fromWire(field.getValue());
            headers.add(Map.entry(field.getName(), value));
            if (traceId == null && field.getName().equalsIgnoreCase("x-amzn-trace-id")) {
                traceId = value;
            }
        }
        return new RequestParts(request.getMethod(), rawPath, rawQuery, List.copyOf(headers), Request.getRemoteAddr(request),
                request.getConnectionMetaData().getProtocol(), request.isSecure(), Request.getLocalPort(request),
                traceId == null ? V2Events.newTraceId(now) : traceId, now);
    }

    /**
     * Every value of each name, in order; names lower-cased (payload 2.0, ALB) or as the client first
     * spelled them (payload 1.0 keeps the casing).
     */
    Map<String, List<String>> multiHeaders(boolean lowerCase) {
        Map<String, String> spelling = new LinkedHashMap<>();
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : headers) {
            String key = h.getKey().toLowerCase(Locale.ROOT);
            String name = spelling.computeIfAbsent(key, k -> lowerCase ? key : h.getKey());
            map.computeIfAbsent(name, k -> new ArrayList<>()).add(h.getValue());
        }
        return map;
    }

    /** The first value of a header, empty when absent. */
    String header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse("");
    }

    /**
     * {@link #multiHeaders} plus what AWS's front ends add to what the client sent: the trace id, and
     * {@code x-forwarded-for/-proto/-port} (the client's address appended to a forwarded chain; the
     * protocol and port those of the front door, replacing any the client sent).
     */
    Map<String, List<String>> withForwarding(boolean lowerCase) {
        Map<String, List<String>> map = multiHeaders(lowerCase);
        set(map, lowerCase, "X-Amzn-Trace-Id", traceId, true);
        List<String> forwardedFor = remove(map, "x-forwarded-for");
        set(map, lowerCase, "X-Forwarded-For", forwardedFor.isEmpty() ? sourceIp
                : String.join(", ", forwardedFor) + ", " + sourceIp, true);
        // the front end's own listener, whatever the client claimed: an app trusts these from AWS
        set(map, lowerCase, "X-Forwarded-Proto", secure ? "https" : "http", true);
        set(map, lowerCase, "X-Forwarded-Port", Integer.toString(localPort), true);
        return map;
    }

    private static void set(Map<String, List<String>> map, boolean lowerCase, String name, String value, boolean replace) {
        boolean present = map.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
        if (present && !replace) {
            return;
        }
        remove(map, name);
        map.put(lowerCase ? name.toLowerCase(Locale.ROOT) : name, new ArrayList<>(List.of(value)));
    }

    private static List<String> remove(Map<String, List<String>> map, String name) {
        List<String> removed = new ArrayList<>();
        map.entrySet().removeIf(e -> {
            if (e.getKey().equalsIgnoreCase(name)) {
                removed.addAll(e.getValue());
                return true;
            }
            return false;
        });
        return removed;
    }

    /** Decoded query names and values, every value in order ({@code +} stays: it is a space only in forms). */
    Map<String, List<String>> decodedQuery() {
        return query(true);
    }

    /**
     * Decoded as a form is: a {@code +} is a space, {@code %2B} a plus. A REST API decodes its
     * {@code queryStringParameters} so ({@code ?sort=-+createdAt} arrives as {@code "- createdAt"},
     * as an event logged from API Gateway shows: aws/aws-cdk#19827).
     */
    Map<String, List<String>> formDecodedQuery() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        query(false).forEach((name, values) -> parameters.computeIfAbsent(V2Events.percentDecode(name.replace('+', ' ')),
                k -> new ArrayList<>()).addAll(values.stream().map(v -> V2Events.percentDecode(v.replace('+', ' '))).toList()));
        return parameters;
    }

    /** Query names and values as sent, undecoded (as ALB passes them). */
    Map<String, List<String>> rawQueryValues() {
        return query(false);
    }

    private Map<String, List<String>> query(boolean decode) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            parameters.computeIfAbsent(decode ? V2Events.percentDecode(name) : name, k -> new ArrayList<>())
                    .add(decode ? V2Events.percentDecode(value) : value);
        }
        return parameters;
    }

    /** One value per name: the last, as API Gateway's payload 1.0 and single-value ALB keep it. */
    static Map<String, String> lastValues(Map<String, List<String>> multi) {
        Map<String, String> single = new LinkedHashMap<>();
        multi.forEach((name, values) -> single.put(name, values.getLast()));
        return single;
    }

    /** One value per name: all of them comma-joined, as payload 2.0 does. */
    static Map<String, String> joined(Map<String, List<String>> multi) {
        Map<String, String> single = new LinkedHashMap<>();
        multi.forEach((name, values) -> single.put(name, String.join(",", values)));
        return single;
    }
}
