package dev.lwa.bootstrap;

import dev.lwa.core.event.SharedEvents;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.lwa.bootstrap.AdapterHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request and response settings (docs/behaviour.md, "Settings"), one test each, through the real
 * emulator, the adapter (configured from an env map) and a real app.
 */
class SettingsEndToEndTest {

    private static InvocationResult invoke(AdapterHarness lwa, TestEvent event) {
        return lwa.invoke(Invoke.of(event.bytes()));
    }

    @Test
    void removeBasePathIsSegmentAwareAndStripsOnce() throws Exception {
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_REMOVE_BASE_PATH", "/prod"))) {
            Map<String, String> cases = new java.util.LinkedHashMap<>();
            cases.put("/prod/api/data", "/api/data");
            cases.put("/prod", "/");
            cases.put("/prod/", "/");
            cases.put("/prod/prod/x", "/prod/x"); // D1: once (LWA 1.0: /x)
            cases.put("/products", "/products"); // D1: a segment, not a prefix (LWA 1.0: /ucts)
            cases.put("/other/path", "/other/path");
            cases.put("/PROD/x", "/PROD/x"); // case-sensitive
            for (var c : cases.entrySet()) {
                assertTrue(invoke(lwa, TestEvent.functionUrl("GET", c.getKey())).isResponse());
                TestApp.Received got = app.take();
                assertEquals(c.getValue(), got.rawPath(), "base /prod, path " + c.getKey());
                assertEquals(c.getKey(), json(got.header("x-amzn-request-context")).getJsonObject("http").getString("path"),
                        "the request context keeps the original path");
            }
            // REST and ALB paths go through the same removal.
            invoke(lwa, TestEvent.rest("GET", "/prod/items"));
            assertEquals("/items", app.take().rawPath());
            invoke(lwa, TestEvent.alb("GET", "/prod/items"));
            assertEquals("/items", app.take().rawPath());
        }
    }

    @Test
    void deprecatedRemoveBasePathStripsANamedStageAndTheNewNameWins() throws Exception {
        String stageInPath = "rust-lambda-http/apigw_v2_proxy_request_with_stage_in_path.json"; // rawPath /Prod/my/path
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("REMOVE_BASE_PATH", "/Prod"))) {
            assertTrue(lwa.invoke(Invoke.of(SharedEvents.bytes(stageInPath))).isResponse());
            assertEquals("/my/path", app.take().rawPath());
        }
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(),
                     Map.of("AWS_LWA_REMOVE_BASE_PATH", "/Prod", "REMOVE_BASE_PATH", "/Prod/my"))) {
            assertTrue(lwa.invoke(Invoke.of(SharedEvents.bytes(stageInPath))).isResponse());
            assertEquals("/my/path", app.take().rawPath(), "AWS_LWA_REMOVE_BASE_PATH wins over REMOVE_BASE_PATH");
        }
    }

    @Test
    void authorizationSourceMovesThatHeaderIntoAuthorization() throws Exception {
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_AUTHORIZATION_SOURCE", "x-auth-token"))) {
            // A Function URL with IAM auth: Authorization carries SigV4, the app's token travels in another header.
            invoke(lwa, TestEvent.functionUrl("GET", "/me").header("X-Auth-Token", "Bearer abc")
                    .header("authorization", "AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/lambda/aws4_request"));
            TestApp.Received got = app.take();
            assertEquals(List.of("Bearer abc"), got.headers().get("authorization"), "replaces, matched case-insensitively");
            assertNull(got.header("x-auth-token"), "the source header is removed");

            // REST: every value of the source goes, the last becomes Authorization (as LWA, which
            // reads API Gateway's single-value headers, where a repeated header has its last value).
            invoke(lwa, TestEvent.rest("GET", "/me").header("x-auth-token", "first").header("x-auth-token", "second"));
            got = app.take();
            assertEquals(List.of("second"), got.headers().get("authorization"));
            assertNull(got.header("x-auth-token"));

            // Without the source header the request goes as it is, Authorization included.
            invoke(lwa, TestEvent.functionUrl("GET", "/anon").header("authorization", "Basic dXNlcjpwYXNz"));
            got = app.take();
            assertEquals(List.of("Basic dXNlcjpwYXNz"), got.headers().get("authorization"));
        }
    }

    @Test
    void contextTenantAndTraceHeadersAreTheAdaptersOwnOnEveryTrigger() throws Exception {
        try (TestApp app = TestApp.start(); AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of())) {
            // REST with repeated client copies of every header the adapter sets.
            TestEvent spoofing = TestEvent.rest("GET", "/spoof")
                    .header("x-amzn-lambda-context", "{\"request_id\":\"evil\"}").header("X-Amzn-Lambda-Context", "evil2")
                    .header("x-amzn-request-context", "evil").header("x-amz-tenant-id", "evil-tenant")
                    .header("x-amz-tenant-id", "evil-tenant-2").header("x-amzn-trace-id", "Root=client");
            String trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1";
            lwa.invoke(Invoke.of(spoofing.bytes()).requestId("rest-1").tenantId("tenant-1").traceId(trace));
            TestApp.Received got = app.take();
            assertEquals(1, got.headers().get("x-amzn-lambda-context").size());
            assertEquals("rest-1", json(got.header("x-amzn-lambda-context")).getString("request_id"));
            assertEquals("tenant-1", json(got.header("x-amzn-lambda-context")).getString("tenant_id"));
            assertEquals(1, got.headers().get("x-amzn-request-context").size());
            assertEquals("rest-req-1", json(got.header("x-amzn-request-context")).getString("requestId"));
            assertEquals(List.of("tenant-1"), got.headers().get("x-amz-tenant-id"), "Lambda's tenant replaces the client's");
            assertEquals(List.of(trace), got.headers().get("x-amzn-trace-id"), "Lambda's trace id replaces the client's");

            // ALB with no tenant and no trace id from Lambda: the client's tenant is dropped (D8), its trace id kept.
            lwa.invoke(Invoke.of(TestEvent.alb("GET", "/alb").header("x-amz-tenant-id", "evil")
                    .header("x-amzn-trace-id", "Root=1-00000000-000000000000000000000001").bytes()));
            got = app.take();
            assertNull(got.header("x-amz-tenant-id"), "D8");
            assertEquals("Root=1-00000000-000000000000000000000001", got.header("x-amzn-trace-id"));
            assertTrue(json(got.header("x-amzn-lambda-context")).isNull("tenant_id"));

            // Pass-through events get the adapter's headers too.
            lwa.invoke(Invoke.of("{\"source\":\"aws.events\"}".getBytes(StandardCharsets.UTF_8)).tenantId("t-2").traceId(trace));
            got = app.take();
            assertEquals("t-2", got.header("x-amz-tenant-id"));
            assertEquals(trace, got.header("x-amzn-trace-id"));
            assertEquals("null", got.header("x-amzn-request-context"));
        }
    }

    @Test
    void errorStatusCodesTurnTheAppsAnswerIntoALambdaErrorWithItsBody() throws Exception {
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_ERROR_STATUS_CODES", "500,502-504"))) {
            app.replyOnce(TestApp.Reply.text(502, "text/plain", "Bad Gateway"));
            InvocationResult r = invoke(lwa, TestEvent.functionUrl("GET", "/fail"));
            assertEquals(InvocationResult.Kind.ERROR, r.kind(), r::toString);
            assertEquals("lwa.ErrorStatusCode", r.errorType().orElseThrow());
            assertEquals("{\"statusCode\":502,\"body\":\"Bad Gateway\"}", json(r.body()).getString("errorMessage"),
                    "LWA's message, exactly");

            app.replyOnce(TestApp.Reply.text(503, "application/json", "{\"error\":\"down\"}"));
            r = invoke(lwa, TestEvent.rest("GET", "/fail"));
            assertEquals("{\"statusCode\":503,\"body\":\"{\\\"error\\\":\\\"down\\\"}\"}", json(r.body()).getString("errorMessage"));

            // A pass-through app can fail an invocation only this way ("Error status codes").
            app.replyOnce(TestApp.Reply.text(500, "application/json", "{}"));
            r = lwa.invoke("{\"Records\":[]}");
            assertEquals("lwa.ErrorStatusCode", r.errorType().orElseThrow());

            // A status not in the list is an ordinary response.
            app.replyOnce(TestApp.Reply.text(404, "text/plain", "Not Found"));
            r = invoke(lwa, TestEvent.functionUrl("GET", "/missing"));
            assertTrue(r.isResponse(), r::toString);
            assertEquals(404, json(r.body()).getInt("statusCode"));
            assertEquals("Not Found", json(r.body()).getString("body"));
            assertEquals(4, app.receivedCount());
        }
    }

    @Test
    void errorStatusCodesApplyInStreamingModeBeforeAnyPrelude() throws Exception {
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(),
                     Map.of("AWS_LWA_ERROR_STATUS_CODES", "502", "AWS_LWA_INVOKE_MODE", "response_stream"))) {
            app.replyOnce(TestApp.Reply.text(502, "text/plain", "Bad Gateway"));
            InvocationResult r = invoke(lwa, TestEvent.functionUrl("GET", "/fail"));
            assertEquals(InvocationResult.Kind.ERROR, r.kind(), r::toString);
            assertFalse(r.streamed(), "an /error post, not a stream");
            assertEquals("lwa.ErrorStatusCode", r.errorType().orElseThrow());
            assertEquals("{\"statusCode\":502,\"body\":\"Bad Gateway\"}", json(r.body()).getString("errorMessage"));

            InvocationResult ok = invoke(lwa, TestEvent.functionUrl("GET", "/fine"));
            assertTrue(ok.isResponse() && ok.streamed(), ok::toString);
        }
    }

    @Test
    void passThroughPathIsWhereNonHttpEventsGoAndBasePathDoesNotTouchIt() throws Exception {
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(),
                     Map.of("AWS_LWA_PASS_THROUGH_PATH", "queue/sqs", "AWS_LWA_REMOVE_BASE_PATH", "/queue"))) {
            String sqs = "{\"Records\":[{\"messageId\":\"m1\",\"eventSource\":\"aws:sqs\",\"body\":\"hi\"}]}";
            InvocationResult r = lwa.invoke(sqs);
            assertTrue(r.isResponse(), r::toString);
            TestApp.Received got = app.take();
            assertEquals("POST", got.method());
            assertEquals("/queue/sqs", got.rawPath(), "a leading / is added; base-path removal does not apply");
            assertEquals(sqs, got.bodyText());

            invoke(lwa, TestEvent.functionUrl("GET", "/queue/sqs"));
            assertEquals("/sqs", app.take().rawPath(), "HTTP events still lose the base path");
        }
    }

    @Test
    void afterASnapStartRestoreConnectionsAreReusedAgain() throws Exception {
        // The pool is dropped at the restore (SnapStartEndToEndTest checks that), then works as ever.
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.builder().appPort(app.port())
                     .emulator(b -> b.initType("snap-start")).awaitPollers(false).start()) {
            assertTrue(lwa.emulator.awaitCheckpoint(java.time.Duration.ofSeconds(20)), "no checkpoint");
            assertTrue(lwa.emulator.restore() instanceof dev.lwa.emulator.RestoreResult.Restored);
            Set<Integer> ports = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                assertTrue(invoke(lwa, TestEvent.functionUrl("GET", "/snap/" + i)).isResponse());
                ports.add(app.take().remotePort());
            }
            assertEquals(1, ports.size(), "one keep-alive connection after the restore: " + ports);
        }
    }

    @Test
    void onDemandInvocationsReuseThePooledConnection() throws Exception {
        // Keep-alive connections are reused.
        try (TestApp app = TestApp.start(); AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of())) {
            Set<Integer> ports = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                assertTrue(invoke(lwa, TestEvent.functionUrl("GET", "/pooled/" + i)).isResponse());
                ports.add(app.take().remotePort());
            }
            assertEquals(1, ports.size(), "one keep-alive connection: " + ports);
        }
    }

    @Test
    void aPoolIdleTimeoutOfZeroOpensAConnectionPerInvocation() throws Exception {
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_POOL_IDLE_TIMEOUT_SECONDS", "0"))) {
            Set<Integer> ports = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                assertTrue(invoke(lwa, TestEvent.functionUrl("GET", "/unpooled/" + i)).isResponse());
                ports.add(app.take().remotePort());
            }
            assertEquals(3, ports.size(), "a new connection each time: " + ports);
        }
    }

    @Test
    void maxConcurrencyIsTheNumberOfPollers() throws Exception {
        // The platform sets AWS_LAMBDA_MAX_CONCURRENCY; here the emulator allows 4 but the adapter is told 2.
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LAMBDA_MAX_CONCURRENCY", "2"), 4, false)) {
            assertTrue(lwa.emulator.awaitParkedPollers(2, java.time.Duration.ofSeconds(10)));
            List<java.util.concurrent.CompletableFuture<InvocationResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(lwa.emulator.invokeAsync(Invoke.of(TestEvent.functionUrl("GET", "/slow/300").bytes())));
            }
            for (var f : results) {
                assertTrue(f.get(10, java.util.concurrent.TimeUnit.SECONDS).isResponse());
            }
            assertEquals(2, app.maxConcurrent(), "never more than 2 requests at the app at once");
        }
    }

    @Test
    void anUnreadableMaxConcurrencyMeansOneInvocationAtATime() throws Exception {
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LAMBDA_MAX_CONCURRENCY", "lots"), 4, false)) {
            assertTrue(lwa.emulator.awaitParkedPollers(1, java.time.Duration.ofSeconds(10)));
            List<java.util.concurrent.CompletableFuture<InvocationResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(lwa.emulator.invokeAsync(Invoke.of(TestEvent.functionUrl("GET", "/slow/200").bytes())));
            }
            for (var f : results) {
                assertTrue(f.get(10, java.util.concurrent.TimeUnit.SECONDS).isResponse());
            }
            assertEquals(1, app.maxConcurrent());
        }
    }

    @Test
    void responseStreamModeSendsAPreludeThenTheBodyForEveryTrigger() throws Exception {
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_INVOKE_MODE", "Response_Stream"))) {
            InvocationResult r = invoke(lwa, TestEvent.functionUrl("GET", "/cookies"));
            app.take();
            assertTrue(r.isResponse() && r.streamed(), r::toString);
            assertEquals("application/vnd.awslambda.http-integration-response", r.contentType().orElseThrow());
            JsonObject prelude = json(r.prelude().orElseThrow());
            assertEquals(List.of("statusCode", "headers", "cookies"), List.copyOf(prelude.keySet()), "LWA's prelude fields");
            assertEquals(201, prelude.getInt("statusCode"));
            assertEquals("text/plain; charset=utf-8", prelude.getJsonObject("headers").getString("content-type"));
            assertEquals("one, two", prelude.getJsonObject("headers").getString("x-multi"));
            assertEquals(List.of("a=1; Path=/", "b=2; HttpOnly"), SampleEventsConformanceTest.strings(prelude.get("cookies")));
            assertEquals("with cookies", r.bodyAsString());

            // No Content-Type from the app: the prelude says application/octet-stream (docs/behaviour.md, "Streaming").
            app.replyOnce(new TestApp.Reply(200, List.of(), "raw".getBytes(StandardCharsets.UTF_8)));
            r = invoke(lwa, TestEvent.functionUrl("GET", "/raw"));
            app.take();
            assertEquals("application/octet-stream", json(r.prelude().orElseThrow()).getJsonObject("headers").getString("content-type"));
            assertEquals("raw", r.bodyAsString());

            // REST and ALB events are streamed with the same prelude (as LWA does).
            for (InvocationResult other : List.of(invoke(lwa, TestEvent.rest("GET", "/json")),
                    invoke(lwa, TestEvent.alb("GET", "/json")))) {
                app.take();
                assertTrue(other.streamed(), other::toString);
                assertEquals(200, json(other.prelude().orElseThrow()).getInt("statusCode"));
            }
            // A pass-through event's caller (SQS, SNS, ...) reads no stream: it gets the app's JSON, buffered.
            InvocationResult passThrough = lwa.invoke("{\"Records\":[]}");
            app.take();
            assertFalse(passThrough.streamed(), passThrough::toString);
            assertEquals("/events", json(passThrough.body()).getString("path"), "the app's JSON answer is the result");

            // Past the 6 MiB buffered limit: a stream has no such limit.
            r = invoke(lwa, TestEvent.functionUrl("GET", "/big/7000000"));
            app.take();
            assertTrue(r.isResponse(), r::toString);
            assertEquals(7_000_000, r.body().length);
        }
    }

    @Test
    void anAppFailingMidStreamEndsTheStreamWithErrorTrailers() throws Exception {
        // D4: the error travels in real trailers after the bytes already sent.
        try (RawSocketApp app = RawSocketApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_INVOKE_MODE", "response_stream",
                     "AWS_LWA_READINESS_CHECK_PROTOCOL", "tcp"))) {
            InvocationResult r = invoke(lwa, TestEvent.functionUrl("GET", "/truncated"));
            app.takeHead();
            assertTrue(r.streamed(), r::toString);
            assertEquals(InvocationResult.Kind.ERROR, r.kind(), r::toString);
            assertEquals("lwa.AppConnectionError", r.trailer("Lambda-Runtime-Function-Error-Type").orElseThrow());
            assertEquals("0123456789", r.bodyAsString(), "the bytes before the failure were delivered");
            assertEquals(200, json(r.prelude().orElseThrow()).getInt("statusCode"));

            InvocationResult ok = invoke(lwa, TestEvent.functionUrl("GET", "/ok"));
            app.takeHead();
            assertTrue(ok.isResponse() && ok.streamed(), ok::toString);
        }
    }

    @Test
    void anUnknownInvokeModeIsBuffered() throws Exception {
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_INVOKE_MODE", "streaming"))) {
            InvocationResult r = invoke(lwa, TestEvent.functionUrl("GET", "/json"));
            app.take();
            assertTrue(r.isResponse(), r::toString);
            assertFalse(r.streamed(), "LWA falls back to buffered for a value it does not know");
            assertEquals(200, json(r.body()).getInt("statusCode"));
        }
    }

    @Test
    void contextHeadersAreAsciiJsonThatParsesBackToWhatLambdaSent() throws Exception {
        // Non-ASCII and DEL in the request context, and a client context and Cognito identity from
        // the invoke: the app gets header-safe ASCII JSON that parses back to the same values.
        // (The client context stays ASCII: the emulator writes /next header values as ISO-8859-1,
        // where Lambda sends UTF-8, so a non-ASCII client context cannot be tested through it.)
        String event = """
                {"resource":"/{proxy+}","path":"/A\u00f1o","httpMethod":"GET","headers":{},"multiValueHeaders":{},
                 "requestContext":{"httpMethod":"GET","path":"/prod/A\u00f1o","requestId":"r\u007f1",
                   "identity":{"sourceIp":"203.0.113.9","userAgent":"caf\u00e9 \ud83d\ude00"}},
                 "body":null,"isBase64Encoded":false}""";
        try (TestApp app = TestApp.start(); AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of())) {
            InvocationResult r = lwa.invoke(Invoke.of(event.getBytes(StandardCharsets.UTF_8))
                    .clientContext("{\"client\":{\"installationId\":\"i-1\"},\"custom\":{\"name\":\"Jose\"},\"environment\":{}}")
                    .cognitoIdentity("{\"cognitoIdentityId\":\"us-east-1:abc\",\"cognitoIdentityPoolId\":\"us-east-1:pool\"}"));
            assertTrue(r.isResponse(), r::toString);
            TestApp.Received got = app.take();
            assertEquals("/A%C3%B1o", got.rawPath(), "the path is UTF-8 percent-encoded");
            String requestContext = got.header("x-amzn-request-context");
            assertTrue(requestContext.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "ASCII only: " + requestContext);
            JsonObject rc = json(requestContext);
            assertEquals("/prod/A\u00f1o", rc.getString("path"));
            assertEquals("r\u007f1", rc.getString("requestId"), "DEL survives as an escape (LWA 1.0 fails here)");
            assertEquals("caf\u00e9 \ud83d\ude00", rc.getJsonObject("identity").getString("userAgent"));

            String lambdaContext = got.header("x-amzn-lambda-context");
            assertTrue(lambdaContext.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "ASCII only: " + lambdaContext);
            JsonObject lc = json(lambdaContext);
            assertEquals(List.of("request_id", "deadline", "invoked_function_arn", "xray_trace_id", "client_context",
                    "identity", "tenant_id", "env_config"), List.copyOf(lc.keySet()), "lambda_runtime's Context fields, in order");
            assertEquals("Jose", lc.getJsonObject("client_context").getJsonObject("custom").getString("name"));
            assertEquals("i-1", lc.getJsonObject("client_context").getJsonObject("client").getString("installationId"));
            assertEquals("us-east-1:abc", lc.getJsonObject("identity").getString("identityId"));
            assertEquals("us-east-1:pool", lc.getJsonObject("identity").getString("identityPoolId"));
            assertEquals(lwa.emulator.functionArn(), lc.getString("invoked_function_arn"));
            JsonObject env = lc.getJsonObject("env_config");
            assertEquals("test_function", env.getString("function_name"));
            assertEquals(128, env.getInt("memory"));
            assertEquals("$LATEST", env.getString("version"));
            // Lambda gives the log group and stream to the runtime process, not to extensions (LWA's are empty too)
            assertEquals("", env.getString("log_group"));
            assertEquals("", env.getString("log_stream"));
        }
    }

    @Test
    void hopByHopAndExpectHeadersFromTheEventDoNotBreakTheAppConnection() throws Exception {
        try (TestApp app = TestApp.start(); AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of())) {
            InvocationResult r = invoke(lwa, TestEvent.rest("POST", "/expect").header("expect", "100-continue").body("payload"));
            assertTrue(r.isResponse(), r::toString);
            assertEquals("payload", app.take().bodyText());

            r = invoke(lwa, TestEvent.functionUrl("GET", "/close").header("connection", "close"));
            assertTrue(r.isResponse(), r::toString);
            app.take();
            for (int i = 0; i < 3; i++) {
                r = invoke(lwa, TestEvent.functionUrl("GET", "/after-close/" + i));
                assertTrue(r.isResponse(), r::toString);
                assertEquals("/after-close/" + i, app.take().rawPath());
            }
        }
    }

    @Test
    void aFiveMegabyteRequestBodyReachesTheAppIntact() throws Exception {
        byte[] bytes = new byte[5 * 1024 * 1024];
        new java.util.Random(42).nextBytes(bytes);
        try (TestApp app = TestApp.start(); AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of())) {
            app.replyOnce(TestApp.Reply.text(200, "text/plain", "ok"));
            InvocationResult r = invoke(lwa, TestEvent.functionUrl("PUT", "/upload")
                    .base64Body(java.util.Base64.getEncoder().encodeToString(bytes)));
            assertTrue(r.isResponse(), r::toString);
            TestApp.Received got = app.take();
            org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, got.body());
            assertEquals(Integer.toString(bytes.length), got.header("content-length"));
        }
    }
}
