package dev.lwa.emulator.internal;

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

/**
 * Turns an HTTP request into a payload 2.0 event, as a Lambda Function URL or an API Gateway HTTP API
 * builds it (they differ in the request context, the stage, and where the cookies go).
 */
public final class V2Events {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** The event plus the trace id it carries, which the invocation also gets. */
    public record Built(byte[] json, String traceId) {
    }

    /**
     * What differs between the two services.
     *
     * @param accountId      {@code anonymous} for a Function URL without IAM auth; the API's account for an HTTP API
     * @param stage          {@code $default} or the HTTP API stage's name (then also the start of {@code rawPath})
     * @param cookieInHeaders Function URLs leave the {@code cookie} header in {@code headers} as well
     * @param decodesPath     an HTTP API percent-decodes {@code rawPath} (so {@code /a%2Fb} arrives as
     *                        {@code /a/b}); a Function URL passes it as the client sent it
     */
    record Style(String accountId, String apiId, String domainName, String stage, boolean cookieInHeaders,
                 boolean decodesPath) {
        static Style functionUrl(String urlId, String region) {
            return new Style("anonymous", urlId, urlId + ".lambda-url." + region + ".on.aws", "$default", true, false);
        }

        static Style httpApi(String accountId, String apiId, String region, String stage) {
            return new Style(accountId, apiId, apiId + ".execute-api." + region + ".amazonaws.com", stage, false, true);
        }
    }

    private V2Events() {
    }

    static Built build(RequestParts request, byte[] body, Style style) {
        Instant now = request.time();
        Map<String, List<String>> multi = request.withForwarding(true);
        List<String> cookies = new ArrayList<>();
        for (String value : multi.getOrDefault("cookie", List.of())) {
            for (String cookie : value.split(";")) {
                if (!cookie.isBlank()) {
                    cookies.add(cookie.trim());
                }
            }
        }
        if (!style.cookieInHeaders()) {
            multi.remove("cookie");
        }
        Map<String, String> headers = RequestParts.joined(multi);
        String rawPath = style.decodesPath() ? percentDecode(request.rawPath()) : request.rawPath();
        String rawQuery = request.rawQuery();
        Documents.UrlRequestContext context = new Documents.UrlRequestContext(style.accountId(), style.apiId(),
                style.domainName(), style.domainName().substring(0, style.domainName().indexOf('.')),
                new Documents.UrlHttp(request.method(), rawPath, request.protocol(), request.sourceIp(),
                        headers.getOrDefault("user-agent", "")),
                UUID.randomUUID().toString(), "$default", style.stage(), TIME.format(now), now.toEpochMilli());
        Body eventBody = Body.of(body, headers.get("content-type"), headers.get("content-encoding"));
        Documents.V2Event event = new Documents.V2Event("2.0", "$default", rawPath, rawQuery,
                cookies.isEmpty() ? null : cookies, headers,
                rawQuery.isEmpty() ? null : RequestParts.joined(request.decodedQuery()), context,
                eventBody.text(), eventBody.base64());
        return new Built(JsonDocuments.write(event), request.traceId());
    }

    /**
     * An event's {@code body}: null without one; text for a textual type whose bytes are UTF-8 text
     * as they stand (no {@code Content-Encoding}, well-formed UTF-8); else base64. A JSON string
     * holds only Unicode text, so anything else as text would arrive changed (a gzip'd or Latin-1
     * upload); base64 carries it byte for byte.
     */
    record Body(String text, boolean base64) {
        static Body of(byte[] body, String contentType, String contentEncoding) {
            if (body.length == 0) {
                return new Body(null, false);
            }
            boolean encoded = contentEncoding != null && !contentEncoding.isBlank()
                    && !contentEncoding.trim().equalsIgnoreCase("identity");
            if (isTextual(contentType) && !encoded) {
                try {
                    return new Body(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)).toString(), false);
                } catch (java.nio.charset.CharacterCodingException notUtf8) {
                    // base64 below
                }
            }
            return new Body(Base64.getEncoder().encodeToString(body), true);
        }
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

    static String newTraceId(Instant now) {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        return "Root=1-" + String.format("%08x", now.getEpochSecond()) + "-" + HexFormat.of().formatHex(random);
    }
}
