package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.RuntimeApiException;
import dev.lwa.runtimeapi.http.BodyTooLargeException;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.HostPort;
import dev.lwa.runtimeapi.http.Http1Client;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.Http1Response;
import dev.lwa.runtimeapi.http.RequestBody;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** What the Runtime API and Extensions API clients share: one Http1Client, calls without deadline. */
final class ApiHttp implements AutoCloseable {
    static final String USER_AGENT = "lwa/0.1";
    /** An error answer's body is kept up to this for the exception message. */
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final int MAX_MESSAGE_CHARS = 2000;

    private final Http1Client http;

    ApiHttp(String hostPort, boolean pooling) {
        HostPort hp = HostPort.parse(hostPort);
        this.http = Http1Client.builder(hp.host(), hp.port()).pooling(pooling).build();
    }

    /** An answer: status, headers and the body read in full. */
    record Answer(int status, Headers headers, byte[] body) {
        String text() {
            return ApiHttp.text(body);
        }
    }

    /**
     * Sends the request (no deadline) and reads the whole answer.
     *
     * @param call     "POST /2018-06-01/..." for messages
     * @param expected the statuses for which up to {@code maxBody} bytes are read (other statuses:
     *                 up to 64 KiB, for the exception message)
     */
    Answer call(String call, Http1Request request, Expected expected, int maxBody) throws IOException {
        return call(call, request, expected, maxBody, (status, headers) -> {
        });
    }

    /** Looks at an expected answer's head before its body is read; may refuse to read it by throwing. */
    @FunctionalInterface
    interface HeadCheck {
        void check(int status, Headers headers) throws IOException;
    }

    /** As {@link #call(String, Http1Request, Expected, int)}, with {@code beforeBody} asked between head and body. */
    Answer call(String call, Http1Request request, Expected expected, int maxBody, HeadCheck beforeBody) throws IOException {
        try (Http1Response r = http.send(request)) {
            int status = r.status();
            byte[] body;
            if (expected.matches(status)) {
                beforeBody.check(status, r.headers()); // a refusal closes the connection, its body unread
                try {
                    body = r.readBody(maxBody);
                } catch (BodyTooLargeException e) {
                    throw new RuntimeApiException(call, status, "", "its body is larger than " + maxBody + " bytes");
                } catch (OutOfMemoryError e) {
                    throw new BodyNotRead(r.headers(), e); // the head says whose body it was
                }
            } else {
                try {
                    body = r.readBody(MAX_ERROR_BODY);
                } catch (BodyTooLargeException e) {
                    body = ("(an error body larger than " + MAX_ERROR_BODY + " bytes)").getBytes(StandardCharsets.UTF_8);
                }
            }
            return new Answer(status, r.headers(), body);
        }
    }

    /** The answer's body did not fit in memory; its head did (the connection is closed, not reused). */
    static final class BodyNotRead extends IOException {
        final transient Headers headers;

        BodyNotRead(Headers headers, OutOfMemoryError cause) {
            super("the answer's body did not fit in memory", cause);
            this.headers = headers;
        }

        OutOfMemoryError memory() {
            return (OutOfMemoryError) getCause();
        }
    }

    /** The statuses {@link #call} expects, {@code from} to {@code to} inclusive. */
    record Expected(int from, int to) {
        static final Expected OK = new Expected(200, 200);
        static final Expected ANY_2XX = new Expected(200, 299);

        boolean matches(int status) {
            return status >= from && status <= to;
        }
    }

    /** A header's value, trimmed; empty when absent or blank (no Optional chains: this runs per invoke). */
    static String header(Headers h, String name) {
        for (int i = 0, n = h.size(); i < n; i++) {
            if (h.name(i).equalsIgnoreCase(name)) {
                return h.value(i).trim();
            }
        }
        return "";
    }

    static Http1Request request(String method, String path, Headers headers, RequestBody body) {
        headers.add("User-Agent", USER_AGENT);
        return new Http1Request(method, path, headers, body, Http1Request.NO_DEADLINE);
    }

    static String text(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > MAX_MESSAGE_CHARS ? s.substring(0, MAX_MESSAGE_CHARS) + "..." : s;
    }

    /** Request ids go into URL paths: allow only what an id is made of, so none can reshape the path. */
    static String checkRequestId(String requestId) {
        if (requestId == null || !isValidRequestId(requestId)) {
            throw new IllegalArgumentException("request id " + (requestId == null ? "null" : RequestEncoder.quote(requestId))
                    + " may contain only letters, digits and . _ : - (and must not be empty, \".\" or \"..\")");
        }
        return requestId;
    }

    /** [A-Za-z0-9._:-]+, but not "." or ".." (dot segments a server would resolve away). */
    static boolean isValidRequestId(String id) {
        if (id.isEmpty() || id.equals(".") || id.equals("..")) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    void dropConnections() {
        http.dropConnections();
    }

    @Override
    public void close() {
        http.close();
    }
}
