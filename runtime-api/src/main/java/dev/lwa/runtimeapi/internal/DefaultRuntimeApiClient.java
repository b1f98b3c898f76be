package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.ErrorReport;
import dev.lwa.runtimeapi.EventAdmission;
import dev.lwa.runtimeapi.EventNotReadException;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.RuntimeApiClient;
import dev.lwa.runtimeapi.RuntimeApiException;
import dev.lwa.runtimeapi.UnusableInvocationException;
import dev.lwa.runtimeapi.http.BodyWriter;
import dev.lwa.runtimeapi.http.HeaderSyntax;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.RequestBody;
import dev.lwa.runtimeapi.http.SizedBody;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * The Runtime API client (docs/protocols.md, "Runtime API" and "Response streaming") on our HTTP
 * client. Every call takes its own connection from the pool, so N pollers blocked in {@link #next()} hold N connections.
 */
public final class DefaultRuntimeApiClient implements RuntimeApiClient {
    private static final String BASE = "/2018-06-01/runtime";
    private static final String NEXT = BASE + "/invocation/next";
    private static final String NEXT_CALL = "GET " + NEXT;
    private static final String RESTORE_NEXT = BASE + "/restore/next";
    /** Far above Lambda's 6 MB event limit: only a guard against a runaway emulator. */
    private static final int MAX_EVENT_BYTES = 64 * 1024 * 1024;
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final ApiHttp http;
    /**
     * The first 500 any call got: "Container error. Non-recoverable state. Runtime should exit
     * promptly." (the Runtime API's specification). Once set, {@link #next} sends nothing and
     * throws it, so the poller that would take the next invocation stops the adapter instead.
     */
    private volatile RuntimeApiException containerError;

    public DefaultRuntimeApiClient(String hostPort, boolean pooling) {
        this.http = new ApiHttp(hostPort, pooling);
    }

    @Override
    public Invocation next(EventAdmission admission) throws IOException {
        RuntimeApiException fatal = containerError;
        if (fatal != null) {
            throw fatal;
        }
        ApiHttp.Answer a;
        String[] announced = {""}; // the request id of a head read, whose event may still fail to arrive
        try {
            a = http.call(NEXT_CALL, ApiHttp.request("GET", NEXT, new Headers(), RequestBody.EMPTY),
                    ApiHttp.Expected.OK, MAX_EVENT_BYTES, (status, head) -> {
                        announced[0] = ApiHttp.header(head, "Lambda-Runtime-Aws-Request-Id");
                        admit(admission, head);
                    });
        } catch (ApiHttp.BodyNotRead e) {
            String requestId = ApiHttp.header(e.headers, "Lambda-Runtime-Aws-Request-Id");
            if (!ApiHttp.isValidRequestId(requestId)) {
                throw e.memory(); // nobody to answer
            }
            throw new EventNotReadException(requestId, announcedLength(e.headers), "it did not fit in memory", e.memory());
        } catch (EventNotReadException | RuntimeApiException e) {
            throw e;
        } catch (IOException e) {
            if (ApiHttp.isValidRequestId(announced[0])) {
                // the head named the invocation, then its event broke off: answered, not left to its timeout
                throw new UnusableInvocationException(announced[0], "an event it did not finish sending ("
                        + (e.getMessage() != null ? e.getMessage() : "the connection failed") + ")");
            }
            throw e;
        }
        if (a.status() != 200) {
            throw failure(NEXT_CALL, a);
        }
        Headers h = a.headers();
        String requestId = ApiHttp.header(h, "Lambda-Runtime-Aws-Request-Id");
        if (requestId.isEmpty()) {
            throw new RuntimeApiException(NEXT_CALL, 200, "", "it has no Lambda-Runtime-Aws-Request-Id header");
        }
        if (!ApiHttp.isValidRequestId(requestId)) {
            throw new RuntimeApiException(NEXT_CALL, 200, "", "its request id " + RequestEncoder.quote(requestId)
                    + " has characters other than letters, digits and . _ : -");
        }
        String deadline = ApiHttp.header(h, "Lambda-Runtime-Deadline-Ms");
        if (deadline.isEmpty()) {
            throw new UnusableInvocationException(requestId, "no Lambda-Runtime-Deadline-Ms header");
        }
        long deadlineEpochMs;
        try {
            deadlineEpochMs = Long.parseLong(deadline);
        } catch (NumberFormatException e) {
            throw new UnusableInvocationException(requestId, "a Lambda-Runtime-Deadline-Ms that is not epoch milliseconds: "
                    + RequestEncoder.quote(deadline));
        }
        return new Invocation(requestId, deadlineEpochMs,
                optional(h, "Lambda-Runtime-Invoked-Function-Arn"),
                optional(h, "Lambda-Runtime-Trace-Id"),
                optional(h, "Lambda-Runtime-Client-Context"),
                optional(h, "Lambda-Runtime-Cognito-Identity"),
                optional(h, "Lambda-Runtime-Aws-Tenant-Id"),
                a.body());
    }

    /**
     * Asks the admission whether to read the event of the invocation this head announces. A head
     * without a usable request id or deadline is let through: the checks after the call say what
     * is wrong with it.
     */
    private static void admit(EventAdmission admission, Headers head) throws EventNotReadException {
        String requestId = ApiHttp.header(head, "Lambda-Runtime-Aws-Request-Id");
        long deadline;
        try {
            deadline = Long.parseLong(ApiHttp.header(head, "Lambda-Runtime-Deadline-Ms"));
        } catch (NumberFormatException e) {
            return;
        }
        if (!ApiHttp.isValidRequestId(requestId)) {
            return;
        }
        long length = announcedLength(head);
        boolean admitted;
        try {
            admitted = admission.admit(requestId, deadline, length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventNotReadException(requestId, length, "the adapter is stopping", e);
        }
        if (!admitted) {
            throw new EventNotReadException(requestId, length, "there was no room for it in memory before its deadline", null);
        }
    }

    private static long announcedLength(Headers head) {
        try {
            return Long.parseLong(ApiHttp.header(head, "Content-Length"));
        } catch (NumberFormatException notAnnounced) {
            return -1;
        }
    }

    /** Absent and empty are the same: Managed Instances send every header, some of them empty. */
    private static Optional<String> optional(Headers h, String name) {
        String v = ApiHttp.header(h, name);
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    @Override
    public void respond(String requestId, byte[] body) throws IOException {
        Objects.requireNonNull(body, "body");
        post(responsePath(requestId), new Headers(), RequestBody.of(body));
    }

    @Override
    public void respond(String requestId, SizedBody body) throws IOException {
        Objects.requireNonNull(body, "body");
        post(responsePath(requestId), new Headers(), RequestBody.of(body));
    }

    private static String responsePath(String requestId) {
        return BASE + "/invocation/" + ApiHttp.checkRequestId(requestId) + "/response";
    }

    @Override
    public void respondStreaming(String requestId, String contentType, BodyWriter body) throws IOException {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        String path = BASE + "/invocation/" + ApiHttp.checkRequestId(requestId) + "/response";
        // field order and the two separate Trailer lines as the Node RIC sends them (docs/protocols.md)
        Headers headers = Headers.of(
                "Lambda-Runtime-Function-Response-Mode", "streaming",
                "Trailer", "Lambda-Runtime-Function-Error-Type",
                "Trailer", "Lambda-Runtime-Function-Error-Body",
                "Content-Type", contentType);
        post(path, headers, RequestBody.streaming(body));
    }

    @Override
    public void reportError(String requestId, ErrorReport error) throws IOException {
        postError(BASE + "/invocation/" + ApiHttp.checkRequestId(requestId) + "/error", error);
    }

    @Override
    public void reportInitError(ErrorReport error) throws IOException {
        postError(BASE + "/init/error", error);
    }

    @Override
    public void restoreNext() throws IOException {
        ApiHttp.Answer a = http.call("GET " + RESTORE_NEXT, ApiHttp.request("GET", RESTORE_NEXT, new Headers(), RequestBody.EMPTY),
                ApiHttp.Expected.ANY_2XX, MAX_ANSWER_BYTES);
        if (!ApiHttp.Expected.ANY_2XX.matches(a.status())) {
            throw failure("GET " + RESTORE_NEXT, a);
        }
    }

    @Override
    public void reportRestoreError(ErrorReport error) throws IOException {
        postError(BASE + "/restore/error", error);
    }

    @Override
    public void dropConnections() {
        http.dropConnections();
    }

    private void postError(String path, ErrorReport error) throws IOException {
        Objects.requireNonNull(error, "error");
        // the body keeps the exact text (JSON-escaped); the header cannot carry line breaks, and
        // refusing the report would leave the invocation unanswered until it times out
        Headers headers = Headers.of(
                "Lambda-Runtime-Function-Error-Type", headerSafe(error.errorType()),
                "Content-Type", "application/json");
        post(path, headers, RequestBody.of(JsonCodec.errorBody(error)));
    }

    private static String headerSafe(String value) {
        if (HeaderSyntax.indexOfBreak(value) < 0) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value);
        for (int i = 0; i < sb.length(); i++) {
            char c = sb.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                sb.setCharAt(i, ' ');
            }
        }
        return sb.toString();
    }

    private void post(String path, Headers headers, RequestBody body) throws IOException {
        String call = "POST " + path;
        ApiHttp.Answer a = http.call(call, ApiHttp.request("POST", path, headers, body), ApiHttp.Expected.ANY_2XX, MAX_ANSWER_BYTES);
        if (!ApiHttp.Expected.ANY_2XX.matches(a.status())) {
            throw failure(call, a);
        }
    }

    /** The exception for an answer the call did not expect; a 500 is also kept as {@link #containerError}. */
    private RuntimeApiException failure(String call, ApiHttp.Answer a) {
        RuntimeApiException e = new RuntimeApiException(call, a.status(), a.text());
        if (a.status() == 500 && containerError == null) {
            containerError = e;
        }
        return e;
    }

    @Override
    public void close() {
        http.close();
    }
}
