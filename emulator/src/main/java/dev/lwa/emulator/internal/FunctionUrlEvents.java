package dev.lwa.emulator.internal;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Turns an HTTP request into a Lambda Function URL event (payload format 2.0), as AWS builds it. */
public final class FunctionUrlEvents {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** The event plus the trace id it carries, which the invocation also gets. */
    public record Built(byte[] json, String traceId, String requestId) {
    }

    private FunctionUrlEvents() {
    }

    public static Built build(Request request, byte[] body, String apiId, String region) {
        Instant now = Instant.now();
        String rawPath = request.getHttpURI().getPath();
        if (rawPath == null || rawPath.isEmpty()) {
            rawPath = "/";
        }
        String rawQuery = request.getHttpURI().getQuery() == null ? "" : request.getHttpURI().getQuery();
        String sourceIp = Request.getRemoteAddr(request);

        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (HttpField field : request.getHeaders()) {
            String name = field.getName().toLowerCase(Locale.ROOT);
            String value = field.getValue() == null ? "" : field.getValue();
            headers.merge(name, value, (a, b) -> a + "," + b);
            if (name.equals("cookie")) {
                for (String cookie : value.split(";")) {
                    if (!cookie.isBlank()) {
                        cookies.add(cookie.trim());
                    }
                }
            }
        }
        // what the Function URL front end adds on AWS
        String traceId = headers.containsKey("x-amzn-trace-id") ? headers.get("x-amzn-trace-id") : newTraceId(now);
        headers.put("x-amzn-trace-id", traceId);
        headers.merge("x-forwarded-for", sourceIp, (sent, ip) -> sent + ", " + ip);
        headers.putIfAbsent("x-forwarded-proto", request.isSecure() ? "https" : "http");
        headers.putIfAbsent("x-forwarded-port", Integer.toString(Request.getLocalPort(request)));

        String requestId = UUID.randomUUID().toString();
        String domainName = apiId + ".lambda-url." + region + ".on.aws";
        Documents.UrlRequestContext context = new Documents.UrlRequestContext("anonymous", apiId, domainName, apiId,
                new Documents.UrlHttp(request.getMethod(), rawPath, request.getConnectionMetaData().getProtocol(),
                        sourceIp, headers.getOrDefault("user-agent", "")),
                requestId, "$default", "$default", TIME.format(now), now.toEpochMilli());

        String eventBody = null;
        boolean base64 = false;
        if (body.length > 0) {
            if (isTextual(headers.get("content-type"))) {
                eventBody = new String(body, StandardCharsets.UTF_8);
            } else {
                eventBody = Base64.getEncoder().encodeToString(body);
                base64 = true;
            }
        }
        Documents.FunctionUrlEvent event = new Documents.FunctionUrlEvent("2.0", "$default", rawPath, rawQuery,
                cookies.isEmpty() ? null : cookies, headers,
                rawQuery.isEmpty() ? null : queryParameters(rawQuery), context, eventBody, base64);
        return new Built(JsonDocuments.write(event), traceId, requestId);
    }

    /** Whether a body of this content type travels as text (else base64), per Function URLs' rule. */
    static boolean isTextual(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.equals("application/json")
                || type.equals("application/javascript")
                || type.equals("application/xml")
                || type.equals("application/yaml")
                || type.endsWith("+json")
                || type.endsWith("+xml")
                || type.endsWith("+yaml");
    }

    /** Decoded names and values; a repeated name gets its values comma-joined, in order. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    /**
     * %XX decoding as UTF-8. A '+' stays a '+': it is a space only in form bodies, and Function URLs
     * leave it alone; a malformed escape is kept as written.
     */
    static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
                out.write(HexFormat.fromHexDigits(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII)));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static String newTraceId(Instant now) {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        return "Root=1-" + String.format("%08x", now.getEpochSecond()) + "-" + HexFormat.of().formatHex(random);
    }
}
