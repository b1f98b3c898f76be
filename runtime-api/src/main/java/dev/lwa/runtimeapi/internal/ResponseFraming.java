package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.Http1Response;
import dev.lwa.runtimeapi.http.MalformedResponseException;

import java.io.IOException;

/**
 * How a response's body is framed (RFC 9112 §6.3): no body, Content-Length, chunked, or until the
 * server closes; and whether the connection can carry another exchange once the body is read.
 */
final class ResponseFraming {
    private ResponseFraming() {
    }

    /**
     * The response with its body framed; on failure the connection is closed.
     *
     * @param requestComplete the whole request was sent; if not, the connection cannot be kept
     */
    static Http1Response frame(ConnectionPool pool, Connection c, Http1Request request,
                               ResponseParser.Head head, boolean requestComplete) throws IOException {
        int status = head.status();
        Headers h = head.headers();
        boolean keepAlive = requestComplete
                && (head.minorVersion() >= 1
                ? !ResponseParser.hasToken(h, "Connection", "close")
                : ResponseParser.hasToken(h, "Connection", "keep-alive"))
                && !ResponseParser.hasToken(request.headers(), "Connection", "close");
        ResponseBody body;
        try {
            if (status == 101) {
                if (!request.headers().contains("Upgrade")) {
                    // RFC 9110 §15.2.2: a switch only to what the client asked for; otherwise the bytes
                    // that follow are another protocol's, not this request's answer
                    throw new MalformedResponseException(c.origin() + " answered 101 Switching Protocols to a request"
                            + " that asked for no protocol upgrade");
                }
                body = new ResponseBody.UntilClose(pool, c); // another protocol follows: never HTTP again
            } else if (request.method().equals("HEAD") || status < 200 || status == 204 || status == 304) {
                // a 204 that announces a body, or a 204/304 with a transfer coding, may be followed by
                // the body its sender meant: arriving late, it would be read as the next exchange's answer
                boolean announcesBody = !request.method().equals("HEAD") && (h.contains("Transfer-Encoding")
                        || status == 204 && h.first("Content-Length").filter(v -> !v.trim().equals("0")).isPresent());
                body = new ResponseBody.Empty(pool, c, keepAlive && !announcesBody);
            } else if (h.contains("Transfer-Encoding")) {
                if (isChunked(h)) {
                    // both framings at once smells of smuggling: decode chunked, but do not reuse
                    boolean both = h.contains("Content-Length");
                    body = new ChunkedResponseBody(pool, c, keepAlive && !both && head.minorVersion() >= 1);
                } else {
                    body = new ResponseBody.UntilClose(pool, c); // RFC 9112 6.3: read until close
                }
            } else {
                long length = contentLength(c, h);
                if (length == 0) {
                    body = new ResponseBody.Empty(pool, c, keepAlive);
                } else if (length > 0) {
                    body = new ResponseBody.FixedLength(pool, c, keepAlive, length);
                } else {
                    body = new ResponseBody.UntilClose(pool, c);
                }
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return new Response(status, head.reason(), h, body);
    }

    private static boolean isChunked(Headers h) {
        String last = null;
        for (String value : h.all("Transfer-Encoding")) {
            for (String coding : value.split(",")) {
                String t = coding.trim();
                if (!t.isEmpty()) {
                    last = t;
                }
            }
        }
        return last != null && last.equalsIgnoreCase("chunked");
    }

    /** -1 when absent; every value (repeated fields, comma lists) must agree. */
    private static long contentLength(Connection c, Headers h) throws MalformedResponseException {
        long length = -1;
        for (int i = 0, n = h.size(); i < n; i++) {
            if (!h.name(i).equalsIgnoreCase("Content-Length")) {
                continue;
            }
            for (String part : h.value(i).split(",", -1)) {
                long v = parseLength(part.trim());
                if (v < 0 || (length >= 0 && v != length)) {
                    throw new MalformedResponseException(c.origin() + " sent an invalid or conflicting Content-Length: "
                            + h.all("Content-Length"));
                }
                length = v;
            }
        }
        return length;
    }

    private static long parseLength(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }
}
