package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.http.HeaderSyntax;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.RequestBody;

/**
 * Checks a request and writes its head into a connection's buffer.
 *
 * <p>Validation runs before a connection is even taken, so a header value with CR or LF (which
 * would let a caller-controlled value smuggle a second request) never reaches a socket.
 *
 * <p>Framing is ours, not the caller's: a caller's Content-Length / Transfer-Encoding fields are
 * dropped and replaced by what the body really is, so the wire never carries conflicting framing.
 */
final class RequestEncoder {
    private RequestEncoder() {
    }

    static void validate(Http1Request request) {
        if (!HeaderSyntax.isToken(request.method())) {
            throw new IllegalArgumentException("request method " + quote(request.method()) + " is not an HTTP token");
        }
        String target = request.target();
        if (target.isEmpty()) {
            throw new IllegalArgumentException("request target is empty (use \"/\")");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("request target " + quote(target)
                        + " contains a space or control character at index " + i);
            }
        }
        Headers headers = request.headers();
        for (int i = 0, n = headers.size(); i < n; i++) {
            validateField(headers.name(i), headers.value(i), "header");
        }
    }

    /** @param kind "header" or "trailer", for the message */
    static void validateField(String name, String value, String kind) {
        if (!HeaderSyntax.isToken(name)) {
            throw new IllegalArgumentException(kind + " name " + quote(name)
                    + " is not an HTTP token (no spaces, colons or control characters allowed)");
        }
        int bad = HeaderSyntax.indexOfBreak(value);
        if (bad >= 0) {
            throw new IllegalArgumentException(kind + " " + name + " has a CR, LF or NUL in its value (at index "
                    + bad + "): refusing to send it");
        }
    }

    private static boolean isFraming(String name) {
        return name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding");
    }

    /** Appends request line, Host (when absent), the caller's fields and our framing field. */
    static void encodeHead(Connection c, Http1Request request, String hostHeader) {
        c.putString(request.method());
        c.putByte(' ');
        c.putString(request.target());
        c.putString(" HTTP/1.1\r\n");
        Headers headers = request.headers();
        int n = headers.size();
        boolean hasHost = false;
        for (int i = 0; i < n; i++) {
            if (headers.name(i).equalsIgnoreCase("Host")) {
                hasHost = true;
                break;
            }
        }
        if (!hasHost) {
            // RFC 9112 3.2: Host goes first
            c.putString("Host: ");
            c.putString(hostHeader);
            c.putCrlf();
        }
        boolean callerSetLength = false;
        for (int i = 0; i < n; i++) {
            String name = headers.name(i);
            if (isFraming(name)) {
                callerSetLength |= name.equalsIgnoreCase("Content-Length");
                continue;
            }
            c.putString(name);
            c.putByte(':');
            c.putByte(' ');
            c.putString(headers.value(i));
            c.putCrlf();
        }
        // instanceof, not a pattern switch: see Exchange.writeRequest (cold-start cost of a type switch)
        RequestBody body = request.body();
        if (body instanceof RequestBody.Bytes b) {
            c.putString("Content-Length: ");
            c.putDecimal(b.bytes().length);
            c.putCrlf();
        } else if (body instanceof RequestBody.Sized sized) {
            c.putString("Content-Length: ");
            c.putDecimal(sized.body().length());
            c.putCrlf();
        } else if (body instanceof RequestBody.Streaming) {
            c.putString("Transfer-Encoding: chunked\r\n");
        } else if (callerSetLength) {
            // Empty: no framing field for a bare GET; but when the caller asked for a Content-Length
            // (a proxied POST without body), tell the truth: 0
            c.putString("Content-Length: 0\r\n");
        }
        c.putCrlf();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            if (c < ' ' || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > 200) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}
