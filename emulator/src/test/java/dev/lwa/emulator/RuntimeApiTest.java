package dev.lwa.emulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Runtime API as a runtime sees it, in classic (concurrency 1) mode. */
class RuntimeApiTest {

    static final long LIMIT = 6L * 1024 * 1024 + 100;

    LambdaEmulator emu;
    FakeRuntime runtime;

    @BeforeEach
    void start() throws Exception {
        emu = LambdaEmulator.builder().functionName("orders").region("eu-west-1").memoryMb(512).start();
        runtime = new FakeRuntime(emu);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void nextDeliversTheEventWithItsHeadersAndResponseComesBackByteExact() throws Exception {
        long before = System.currentTimeMillis();
        CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{\"a\":1}")
                .requestId("req-1").traceId("Root=1-abc;Sampled=1").clientContext("{\"custom\":{}}")
                .cognitoIdentity("{\"cognitoIdentityId\":\"x\"}").tenantId("tenant-7")
                .timeout(Duration.ofSeconds(10)));

        FakeRuntime.Event event = runtime.next();
        assertEquals("req-1", event.requestId());
        assertEquals("{\"a\":1}", event.body());
        assertEquals("arn:aws:lambda:eu-west-1:012345678912:function:orders", event.header("Lambda-Runtime-Invoked-Function-Arn"));
        assertEquals("Root=1-abc;Sampled=1", event.header("Lambda-Runtime-Trace-Id"));
        assertEquals("{\"custom\":{}}", event.header("Lambda-Runtime-Client-Context"));
        assertEquals("{\"cognitoIdentityId\":\"x\"}", event.header("Lambda-Runtime-Cognito-Identity"));
        assertEquals("tenant-7", event.header("Lambda-Runtime-Aws-Tenant-Id"));
        assertEquals("application/json", event.header("Content-Type"));
        long deadline = Long.parseLong(event.header("Lambda-Runtime-Deadline-Ms"));
        assertTrue(deadline >= before + 10_000 && deadline <= System.currentTimeMillis() + 10_000, "deadline " + deadline);

        byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        HttpResponse<String> accepted = runtime.respond("req-1", payload, Map.of("Content-Type", "application/octet-stream"));
        assertEquals(202, accepted.statusCode());
        assertEquals("{\"status\":\"OK\"}", accepted.body());

        InvocationResult r = result.get(10, TimeUnit.SECONDS);
        assertEquals(InvocationResult.Kind.RESPONSE, r.kind());
        assertArrayEquals(payload, r.body());
        assertEquals("application/octet-stream", r.contentType().orElseThrow());
        assertFalse(r.streamed());
        assertEquals("application/octet-stream", r.responseHeader("content-type").orElseThrow());
        assertTrue(r.timing().total().compareTo(r.timing().queued()) >= 0);
    }

    @Test
    void eventsOverTwoKibibytesComeChunkedInOneChunkAsFromLambdasGoServer() throws Exception {
        byte[] small = jsonOfLength(2048);
        byte[] large = jsonOfLength(2049);
        emu.invokeAsync(Invoke.of(small));
        emu.invokeAsync(Invoke.of(large));
        try (RawHttp raw = new RawHttp(emu.port())) {
            raw.send("GET", "/2018-06-01/runtime/invocation/next", Map.of(), new byte[0]);
            RawHttp.Reply first = raw.read();
            assertEquals("2048", first.headers().get("content-length"));
            assertArrayEquals(small, first.body());
            raw.send("POST", "/2018-06-01/runtime/invocation/" + first.headers().get("lambda-runtime-aws-request-id")
                    + "/response", Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(202, raw.read().status());

            raw.send("GET", "/2018-06-01/runtime/invocation/next", Map.of(), new byte[0]);
            RawHttp.Reply second = raw.read();
            assertEquals("chunked", second.headers().get("transfer-encoding"));
            assertFalse(second.headers().containsKey("content-length"));
            assertEquals(List.of(2049), second.chunks());
            assertArrayEquals(large, second.body());
        }
    }

    /** A JSON string of exactly {@code length} bytes. */
    static byte[] jsonOfLength(int length) {
        return ("\"" + "x".repeat(length - 2) + "\"").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void optionalHeadersAreLeftOutWhenNotSet() throws Exception {
        emu.invokeAsync(Invoke.of("{}"));
        FakeRuntime.Event event = runtime.next();
        var headers = event.response().headers().map().keySet().stream().map(String::toLowerCase).toList();
        assertFalse(headers.contains("lambda-runtime-trace-id"), headers.toString());
        assertFalse(headers.contains("lambda-runtime-client-context"));
        assertFalse(headers.contains("lambda-runtime-cognito-identity"));
        assertFalse(headers.contains("lambda-runtime-aws-tenant-id"));
        assertTrue(headers.contains("lambda-runtime-aws-request-id"));
    }

    @Test
    void invocationsWaitInTheQueueUntilARuntimeAsks() throws Exception {
        CompletableFuture<InvocationResult> first = emu.invokeAsync(Invoke.of("1"));
        CompletableFuture<InvocationResult> second = emu.invokeAsync(Invoke.of("2"));
        assertEquals(2, emu.queued());
        FakeRuntime.Event one = runtime.next();
        assertEquals("1", one.body());
        runtime.respond(one.requestId(), "\"one\"");
        FakeRuntime.Event two = runtime.next();
        assertEquals("2", two.body());
        runtime.respond(two.requestId(), "\"two\"");
        assertEquals("\"one\"", first.get(5, TimeUnit.SECONDS).bodyAsString());
        assertEquals("\"two\"", second.get(5, TimeUnit.SECONDS).bodyAsString());
    }

    @Test
    void nextWhileAnInvocationIsOpenIsAnInvalidStateTransition() throws Exception {
        emu.invokeAsync(Invoke.of("{}"));
        FakeRuntime.Event event = runtime.next();
        HttpResponse<String> refused = runtime.get("/2018-06-01/runtime/invocation/next");
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("\"errorType\":\"InvalidStateTransition\""), refused.body());
        assertEquals(202, runtime.respond(event.requestId(), "{}").statusCode());
    }

    @Test
    void secondParkedNextIsRefusedInClassicMode() throws Exception {
        CompletableFuture<HttpResponse<byte[]>> parked = runtime.nextAsync();
        assertTrue(emu.awaitParkedPollers(1, Duration.ofSeconds(5)));
        HttpResponse<String> refused = runtime.get("/2018-06-01/runtime/invocation/next");
        assertEquals(403, refused.statusCode());
        assertFalse(parked.isDone());
    }

    @Test
    void unknownOrAlreadyAnsweredRequestIdIsInvalidRequestId() throws Exception {
        HttpResponse<String> unknown = runtime.respond("no-such-id", "{}");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("InvalidRequestID"), unknown.body());

        emu.invokeAsync(Invoke.of("{}"));
        FakeRuntime.Event event = runtime.next();
        assertEquals(202, runtime.respond(event.requestId(), "{}").statusCode());
        HttpResponse<String> twice = runtime.respond(event.requestId(), "{}");
        assertEquals(400, twice.statusCode());
        assertTrue(twice.body().contains("\"errorType\":\"InvalidRequestID\""), twice.body());
        assertEquals(400, runtime.error(event.requestId(), "{}", Map.of()).statusCode());
    }

    @Test
    void bufferedResponseLimitIsSixMebibytesPlusOneHundredBytes() throws Exception {
        byte[] atLimit = new byte[(int) LIMIT];
        Arrays.fill(atLimit, (byte) 'a');
        CompletableFuture<InvocationResult> ok = emu.invokeAsync(Invoke.of("{}"));
        FakeRuntime.Event event = runtime.next();
        assertEquals(202, runtime.respond(event.requestId(), atLimit, Map.of()).statusCode());
        assertEquals(LIMIT, ok.get(10, TimeUnit.SECONDS).body().length);

        byte[] overLimit = new byte[(int) LIMIT + 1];
        CompletableFuture<InvocationResult> tooLarge = emu.invokeAsync(Invoke.of("{}"));
        FakeRuntime.Event second = runtime.next();
        HttpResponse<String> refused = runtime.respond(second.requestId(), overLimit, Map.of());
        assertEquals(413, refused.statusCode());
        assertEquals("{\"errorMessage\":\"Exceeded maximum allowed payload size (6291556 bytes).\","
                + "\"errorType\":\"RequestEntityTooLarge\"}", refused.body());
        InvocationResult r = tooLarge.get(10, TimeUnit.SECONDS);
        assertEquals(InvocationResult.Kind.ERROR, r.kind());
        assertEquals("Function.ResponseSizeTooLarge", r.errorType().orElseThrow());
    }

    @Test
    void chunkedBufferedResponseHasTheSameLimit() throws Exception {
        for (long size : new long[]{LIMIT, LIMIT + 1}) {
            CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{}"));
            FakeRuntime.Event event = runtime.next();
            try (RawHttp raw = new RawHttp(emu.port())) {
                raw.startChunked("POST", "/2018-06-01/runtime/invocation/" + event.requestId() + "/response", Map.of());
                byte[] block = new byte[64 * 1024];
                long left = size;
                while (left > 0) {
                    int n = (int) Math.min(block.length, left);
                    raw.chunk(Arrays.copyOf(block, n));
                    left -= n;
                }
                raw.end(Map.of());
                RawHttp.Reply reply = raw.read();
                if (size == LIMIT) {
                    assertEquals(202, reply.status(), reply.bodyAsString());
                    assertEquals(LIMIT, result.get(10, TimeUnit.SECONDS).body().length);
                } else {
                    assertEquals(413, reply.status(), reply.bodyAsString());
                    assertTrue(reply.bodyAsString().contains("RequestEntityTooLarge"));
                    assertEquals("Function.ResponseSizeTooLarge", result.get(10, TimeUnit.SECONDS).errorType().orElseThrow());
                }
            }
        }
    }

    @Test
    void invocationTimesOutFreesTheSlotAndALateAnswerIsGone() throws Exception {
        // The /next is parked first: the 300 ms are then counted from the delivery, as the test means,
        // and not spent in the queue while the runtime's request is still on its way.
        CompletableFuture<HttpResponse<byte[]>> parked = runtime.nextAsync();
        assertTrue(emu.awaitParkedPollers(1, Duration.ofSeconds(20)));
        CompletableFuture<InvocationResult> slow = emu.invokeAsync(Invoke.of("{}").timeout(Duration.ofMillis(300)));
        FakeRuntime.Event event = FakeRuntime.delivered(parked.get(20, TimeUnit.SECONDS));
        InvocationResult r = slow.get(10, TimeUnit.SECONDS);
        assertEquals(InvocationResult.Kind.TIMEOUT, r.kind());
        assertTrue(r.bodyAsString().contains("Task timed out after 0.30 seconds"), r.bodyAsString());
        assertEquals("Sandbox.Timedout", r.errorType().orElseThrow());

        HttpResponse<String> late = runtime.respond(event.requestId(), "{}");
        assertEquals(410, late.statusCode());
        assertTrue(late.body().contains("InvokeTimeout"), late.body());
        assertEquals(410, runtime.error(event.requestId(), "{}", Map.of()).statusCode());

        // the slot is free: the same runtime carries on with the next invocation
        CompletableFuture<InvocationResult> next = emu.invokeAsync(Invoke.of("{\"n\":2}"));
        FakeRuntime.Event second = runtime.next();
        runtime.respond(second.requestId(), "\"ok\"");
        assertEquals("\"ok\"", next.get(5, TimeUnit.SECONDS).bodyAsString());
    }

    @Test
    void anInvocationNoRuntimeTakesTimesOutInTheQueue() throws Exception {
        InvocationResult r = emu.invoke(Invoke.of("{}").timeout(Duration.ofMillis(200)));
        assertEquals(InvocationResult.Kind.TIMEOUT, r.kind());
        assertTrue(r.bodyAsString().contains("no runtime asked for it"), r.bodyAsString());
        assertEquals(0, emu.queued());
    }

    @Test
    void errorReportsAreAcceptedInEveryShapeClientsSend() throws Exception {
        // Java RIC: header + stackTrace
        assertError(Map.of("Lambda-Runtime-Function-Error-Type", "Runtime.UserException"),
                "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\",\"stackTrace\":[\"a\"]}",
                "Runtime.UserException");
        // Node RIC 3: no header, body with trace
        assertError(Map.of("Content-Type", "application/json"),
                "{\"errorType\":\"TypeError\",\"errorMessage\":\"boom\",\"trace\":[\"x\"],\"extra\":{\"k\":1}}",
                "TypeError");
        // Rust: lower-case header
        assertError(Map.of("lambda-runtime-function-error-type", "unhandled"),
                "{\"errorType\":\"E\",\"errorMessage\":\"m\"}", "unhandled");
        // nothing usable at all
        assertError(Map.of(), "not json", "Runtime.Unknown");
    }

    private void assertError(Map<String, String> headers, String body, String expectedType) throws Exception {
        CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{}"));
        FakeRuntime.Event event = runtime.next();
        HttpResponse<String> accepted = runtime.error(event.requestId(), body, headers);
        assertEquals(202, accepted.statusCode(), accepted.body());
        InvocationResult r = result.get(5, TimeUnit.SECONDS);
        assertEquals(InvocationResult.Kind.ERROR, r.kind());
        assertEquals(expectedType, r.errorType().orElseThrow());
        assertEquals(body, r.bodyAsString());
        assertEquals(body, r.errorBodyAsString().orElseThrow());
    }

    @Test
    void errorBodyOverOneMebibyteIsRefusedAndTheInvocationStaysOpen() throws Exception {
        CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{}"));
        FakeRuntime.Event event = runtime.next();
        HttpResponse<String> refused = runtime.error(event.requestId(), "x".repeat(1024 * 1024 + 1), Map.of());
        assertEquals(413, refused.statusCode());
        assertFalse(result.isDone());
        assertEquals(202, runtime.error(event.requestId(), "{\"errorType\":\"Small\"}", Map.of()).statusCode());
        assertEquals("Small", result.get(5, TimeUnit.SECONDS).errorType().orElseThrow());
    }

    @Test
    void unknownResponseModeIsRefused() throws Exception {
        CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{}"));
        FakeRuntime.Event event = runtime.next();
        // RIE compares the value exactly: "Streaming" is refused as well
        for (String mode : List.of("buffered-please", "Streaming")) {
            HttpResponse<String> refused = runtime.respond(event.requestId(), "{}".getBytes(StandardCharsets.UTF_8),
                    Map.of("Lambda-Runtime-Function-Response-Mode", mode));
            assertEquals(400, refused.statusCode(), mode);
            assertTrue(refused.body().contains("InvalidFunctionResponseMode"), refused.body());
        }
        assertFalse(result.isDone());
        assertEquals(202, runtime.respond(event.requestId(), "{}").statusCode());
    }

    @Test
    void initErrorIsKeptFailsWaitingInvocationsAndIsRefusedAfterInit() throws Exception {
        CompletableFuture<InvocationResult> waiting = emu.invokeAsync(Invoke.of("{}"));
        HttpResponse<String> accepted = runtime.post("/2018-06-01/runtime/init/error",
                "{\"errorMessage\":\"cannot start\",\"errorType\":\"Runtime.BadConfig\"}".getBytes(StandardCharsets.UTF_8),
                Map.of("Lambda-Runtime-Function-Error-Type", "Runtime.AppUnavailable"));
        assertEquals(202, accepted.statusCode());
        ErrorInfo error = emu.initError().orElseThrow();
        assertEquals("Runtime.AppUnavailable", error.errorType());
        assertTrue(error.bodyAsString().contains("cannot start"));
        InvocationResult r = waiting.get(5, TimeUnit.SECONDS);
        assertEquals(InvocationResult.Kind.ERROR, r.kind());
        assertEquals("Runtime.AppUnavailable", r.errorType().orElseThrow());
        assertEquals(InvocationResult.Kind.ERROR, emu.invoke(Invoke.of("{}")).kind());
    }

    @Test
    void initErrorAfterTheFirstNextIsAnInvalidStateTransition() throws Exception {
        CompletableFuture<HttpResponse<byte[]>> parked = runtime.nextAsync();
        assertTrue(emu.awaitParkedPollers(1, Duration.ofSeconds(5)));
        HttpResponse<String> refused = runtime.post("/2018-06-01/runtime/init/error", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(403, refused.statusCode());
        assertTrue(emu.initError().isEmpty());
        assertFalse(parked.isDone());
    }

    @Test
    void pingAnswersAndUnknownPathsAre404() throws Exception {
        assertEquals(200, runtime.get("/2018-06-01/ping").statusCode());
        assertEquals(404, runtime.get("/2018-06-01/runtime/nope").statusCode());
        assertEquals(405, runtime.post("/2018-06-01/runtime/invocation/next", new byte[0], Map.of()).statusCode());
    }

    @Test
    void runtimeEnvironmentDescribesTheFunction() {
        Map<String, String> env = emu.runtimeEnvironment();
        assertEquals(emu.runtimeApi(), env.get("AWS_LAMBDA_RUNTIME_API"));
        assertEquals("127.0.0.1:" + emu.port(), emu.runtimeApi());
        assertEquals("orders", env.get("AWS_LAMBDA_FUNCTION_NAME"));
        assertEquals("$LATEST", env.get("AWS_LAMBDA_FUNCTION_VERSION"));
        assertEquals("512", env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        assertEquals("/aws/lambda/orders", env.get("AWS_LAMBDA_LOG_GROUP_NAME"));
        assertTrue(env.get("AWS_LAMBDA_LOG_STREAM_NAME").contains("[$LATEST]"));
        assertEquals("eu-west-1", env.get("AWS_REGION"));
        assertEquals("eu-west-1", env.get("AWS_DEFAULT_REGION"));
        assertEquals("on-demand", env.get("AWS_LAMBDA_INITIALIZATION_TYPE"));
        assertFalse(env.containsKey("AWS_LAMBDA_MAX_CONCURRENCY"));
    }

    @Test
    void anExtensionGetsTheEnvironmentWithoutTheRuntimesOwnVariables() {
        Map<String, String> runtime = new java.util.HashMap<>(emu.runtimeEnvironment());
        runtime.putAll(Map.of("_HANDLER", "app.handler", "LAMBDA_TASK_ROOT", "/var/task", "AWS_EXECUTION_ENV", "AWS_Lambda_java25",
                "_X_AMZN_TRACE_ID", "Root=1-a", "MY_SETTING", "kept"));
        Map<String, String> extension = LambdaEmulator.forExtensions(runtime);
        assertEquals(Map.of("AWS_LAMBDA_RUNTIME_API", emu.runtimeApi(), "AWS_LAMBDA_FUNCTION_NAME", "orders",
                "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512", "AWS_REGION", "eu-west-1",
                "AWS_DEFAULT_REGION", "eu-west-1", "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand", "MY_SETTING", "kept"), extension);
        assertEquals(LambdaEmulator.forExtensions(emu.runtimeEnvironment()), emu.extensionEnvironment());
    }

    @Test
    void aNextHeldLongerThanTheIdleTimeoutStillDeliversAndTheConnectionStaysUsable() throws Exception {
        // The idle timeout does apply between requests: this test's own gaps (connect to GET, event
        // to POST) must stay within it, so it is 2 s rather than a few hundred ms, which a busy
        // machine's pauses can exceed.
        try (LambdaEmulator shortIdle = LambdaEmulator.builder().idleTimeout(Duration.ofSeconds(2)).start();
             RawHttp raw = new RawHttp(shortIdle.port())) {
            raw.send("GET", "/2018-06-01/runtime/invocation/next", Map.of(), new byte[0]);
            assertTrue(shortIdle.awaitParkedPollers(1, Duration.ofSeconds(5)));
            Thread.sleep(5000); // two and a half idle timeouts pass while the /next is parked
            CompletableFuture<InvocationResult> result = shortIdle.invokeAsync(Invoke.of("{\"late\":true}"));
            RawHttp.Reply event = raw.read();
            assertEquals(200, event.status());
            assertEquals("{\"late\":true}", event.bodyAsString());
            String id = event.headers().get("lambda-runtime-aws-request-id");
            raw.send("POST", "/2018-06-01/runtime/invocation/" + id + "/response", Map.of(), "\"ok\"".getBytes(StandardCharsets.UTF_8));
            assertEquals(202, raw.read().status());
            assertEquals("\"ok\"", result.get(5, TimeUnit.SECONDS).bodyAsString());
        }
    }
}
