package dev.lwa.runtimeapi.http;

import java.util.Objects;

/**
 * One HTTP/1.1 request to the client's origin.
 *
 * @param method         request method token, sent as given
 * @param target         origin-form request target (path and optional {@code ?query}), sent as given
 * @param headers        header fields, sent in order; Host is added when absent, framing headers
 *                       (Content-Length / Transfer-Encoding) are set from {@code body}
 * @param body           the body
 * @param deadlineEpochMs wall-clock deadline for the whole exchange up to the end of the response
 *                       headers and for every later body read (connect, and each blocking read, wait at
 *                       most until then; {@link DeadlineExceededException} after). Writing the request is
 *                       not bounded: {@code java.net.Socket} has no write timeout, and a server that stops
 *                       reading a large body can stall the sender. {@link #NO_DEADLINE} for none.
 */
public record Http1Request(String method, String target, Headers headers, RequestBody body, long deadlineEpochMs) {
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    public Http1Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    public static Http1Request get(String target) {
        return new Http1Request("GET", target, new Headers(), RequestBody.EMPTY, NO_DEADLINE);
    }

    public Http1Request withDeadline(long epochMs) {
        return new Http1Request(method, target, headers, body, epochMs);
    }
}
