package dev.lwa.core.event;

import dev.lwa.runtimeapi.json.JsonNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds the query string of REST v1 and ALB events from their parameter maps, as LWA's
 * {@code application/x-www-form-urlencoded} serializer does, but in the order the event gives
 * (D11; LWA uses HashMap order).
 */
final class FormQuery {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FormQuery() {
    }

    /**
     * @param decodeFirst ALB forwards values still percent-encoded; LWA form-decodes them before
     *                    re-encoding (docs/behaviour.md, "Method, path and query"), so {@code a=b%20c}
     *                    reaches the app as {@code a=b+c}
     */
    static String from(JsonNode event, boolean decodeFirst, String where) throws InvalidEventException {
        JsonNode multi = EventFields.object(event, "multiValueQueryStringParameters", where);
        boolean useMulti = multi.memberCount() > 0;
        JsonNode map = useMulti ? multi : EventFields.object(event, "queryStringParameters", where);
        if (map.memberCount() == 0) {
            return "";
        }
        String field = where + (useMulti ? "multiValueQueryStringParameters" : "queryStringParameters");
        StringBuilder sb = new StringBuilder(64);
        for (JsonNode.Member e : map.members()) {
            String key = decodeFirst ? decode(e.name()) : e.name();
            for (String v : EventFields.stringList(e.value(), field + "." + e.name())) {
                if (!sb.isEmpty()) {
                    sb.append('&');
                }
                encode(sb, key);
                sb.append('=');
                encode(sb, decodeFirst ? decode(v) : v);
            }
        }
        return sb.toString();
    }

    static void encode(StringBuilder sb, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '*' || c == '-' || c == '.' || c == '_') {
                sb.append((char) c);
            } else if (c == ' ') {
                sb.append('+');
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }

    /** Form decoding: {@code +} is a space, {@code %XX} a byte; a stray {@code %} stays as it is. */
    static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out.write(hex(in[i + 1]) << 4 | hex(in[i + 2]));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
