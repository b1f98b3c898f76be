package dev.lwa.core.http;

import dev.lwa.core.config.Config;
import dev.lwa.core.config.ConfigException;
import dev.lwa.core.event.EventParser;
import dev.lwa.core.event.AppRequest;
import dev.lwa.core.event.InvalidEventException;
import dev.lwa.core.event.LambdaEvent;
import dev.lwa.core.event.SharedEvents;
import dev.lwa.runtimeapi.json.TestJson;
import dev.lwa.runtimeapi.json.JsonText;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.http.Http1Client;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.Http1Response;
import dev.lwa.runtimeapi.http.RequestBody;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request the app receives for an event (docs/behaviour.md, "From event to request", with D1, D6, D8), built
 * from a real Config parsed from an environment map and an Invocation as the Runtime API gives it.
 */
class AppForwarderTest {
    private static final String TRACE = "Root=1-5bdb40ca-556d8b0c50dc66f0511bf520;Parent=53995c3f42cd8ad8;Sampled=1";
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:my-fn";

    private final List<Http1Client> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(Http1Client::close);
    }

    private AppForwarder forwarder(String... env) {
        return forwarder(8080, env);
    }

    private AppForwarder forwarder(int port, String... env) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < env.length; i += 2) {
            map.put(env[i], env[i + 1]);
        }
        Config config;
        try {
            config = Config.fromEnv(map);
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
        Http1Client client = Http1Client.builder("127.0.0.1", port).build();
        clients.add(client);
        return new AppForwarder(client, config.forwarding(), config.function());
    }

    private static Invocation invocation(byte[] event) {
        return new Invocation("req-1", System.currentTimeMillis() + 30_000, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), event);
    }

    private static Invocation withTenantAndTrace(byte[] event, Optional<String> tenant, Optional<String> trace) {
        return new Invocation("req-1", System.currentTimeMillis() + 30_000, Optional.empty(), trace,
                Optional.empty(), Optional.empty(), tenant, event);
    }

    private static LambdaEvent parse(byte[] event) {
        try {
            return EventParser.parse(event);
        } catch (InvalidEventException e) {
            throw new AssertionError(e);
        }
    }

    private static Http1Request request(AppForwarder forwarder, byte[] event) {
        Invocation inv = invocation(event);
        return forwarder.request(parse(event), inv, AppForwarder.appDeadline(inv.deadlineEpochMs()));
    }

    private static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    /** An HTTP API v2 event for a raw path and query. */
    private static byte[] v2(String rawPath, String rawQuery) {
        return ("{\"version\":\"2.0\",\"rawPath\":" + JsonText.quote(rawPath) + ",\"rawQueryString\":" + JsonText.quote(rawQuery)
                + ",\"headers\":{\"host\":\"api.example.com\"},\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":"
                + JsonText.quote(rawPath) + "},\"stage\":\"prod\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /** A REST v1 event with the given multiValueHeaders (JSON, single-quoted). */
    private static byte[] restWithHeaders(String multiValueHeaders) {
        return json("{'httpMethod':'POST','path':'/submit','multiValueHeaders':" + multiValueHeaders
                + ",'requestContext':{'httpMethod':'POST','requestId':'r-1'},'body':'payload'}");
    }

    private static JsonValue parseJson(String text) {
        return TestJson.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bodyBytes(Http1Request request) {
        return new AppRequest("POST", "/", "", new dev.lwa.runtimeapi.http.Headers(), request.body()).bodyBytes();
    }

    // ---- target: base path (D1) and URL encoding -------------------------------------------------

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/prod/x, /x",
            "/prod, /",
            "/prod/, /",
            "/prod/prod/x, /prod/x",
            "/products, /products",
            "/other/path, /other/path",
            "/PROD/x, /PROD/x",
            "/prod/Año 1, /A%C3%B1o%201",
            "/x/prod, /x/prod"})
    void basePathIsRemovedOnceAndOnlyAsAWholeSegment(String rawPath, String target) {
        assertEquals(target, request(forwarder("AWS_LWA_REMOVE_BASE_PATH", "/prod"), v2(rawPath, "")).target());
        assertEquals(target, request(forwarder("AWS_LWA_REMOVE_BASE_PATH", "/prod/"), v2(rawPath, "")).target(),
                "a trailing slash on the setting changes nothing");
    }

    @Test
    void theClientsConnectionFieldsDoNotReachTheApp() {
        // an upgrade the client asked AWS's front end for is not lwa's to ask the app for
        Http1Request r = request(forwarder(), restWithHeaders("{'Connection':['Upgrade, X-Hop'],'Upgrade':['websocket'],"
                + "'Keep-Alive':['timeout=5'],'TE':['trailers'],'Trailer':['x'],'Proxy-Connection':['keep-alive'],"
                + "'X-Hop':['1'],'Sec-WebSocket-Key':['dGhlIHNhbXBsZSBub25jZQ=='],'X-Kept':['yes']}"));
        for (String gone : List.of("connection", "upgrade", "keep-alive", "te", "trailer", "proxy-connection", "x-hop")) {
            assertEquals(List.of(), r.headers().all(gone), gone);
        }
        assertEquals(List.of("yes"), r.headers().all("x-kept"));
        assertEquals(List.of("dGhlIHNhbXBsZSBub25jZQ=="), r.headers().all("sec-websocket-key"), "not hop-by-hop");
    }

    @Test
    void theAppGetsOneHostTheLastTheEventHad() {
        Http1Request rest = request(forwarder(), restWithHeaders("{'Host':['api.example.com','other.example.com'],'X-A':['1']}"));
        assertEquals(List.of("other.example.com"), rest.headers().all("host"));
        Http1Request v2 = request(forwarder(), json("{'version':'2.0','rawPath':'/','rawQueryString':'',"
                + "'headers':{'host':'a.example.com','HOST':'b.example.com'},'requestContext':{'http':{'method':'GET','path':'/'}}}"));
        assertEquals(List.of("b.example.com"), v2.headers().all("host"));
        assertEquals(List.of("api.example.com"), request(forwarder(), v2("/", "")).headers().all("host"), "one stays as it is");
    }

    @Test
    void withoutBasePathTheRawPathIsOnlyEncoded() {
        assertEquals("/prod/x%20y", request(forwarder(), v2("/prod/x y", "")).target());
    }

    @Test
    void requestContextKeepsTheOriginalPath() {
        Http1Request r = request(forwarder("AWS_LWA_REMOVE_BASE_PATH", "/prod"), v2("/prod/x", ""));
        assertEquals("/x", r.target());
        JsonObject context = parseJson(r.headers().first("x-amzn-request-context").orElseThrow()).asJsonObject();
        assertEquals("/prod/x", context.getJsonObject("http").getString("path"));
    }

    @Test
    void queryIsEncodedAndAnEmptyOneLeavesNoQuestionMark() {
        AppForwarder f = forwarder();
        assertEquals("/p?a=b%20c&d=%22%27&e=%C3%A9&f=+%", request(f, v2("/p", "a=b c&d=\"'&e=é&f=+%")).target());
        assertEquals("/p", request(f, v2("/p", "")).target());
    }

    @Test
    void namedStageSampleLosesItsStage() {
        byte[] event = SharedEvents.bytes("rust-lambda-http/apigw_v2_proxy_request_with_stage_in_path.json");
        Http1Request r = request(forwarder("AWS_LWA_REMOVE_BASE_PATH", "/Prod"), event);
        assertEquals("POST", r.method());
        assertEquals("/my/path?parameter1=value1&parameter1=value2&parameter2=value", r.target());
    }

    @Test
    void restSampleTargetHasTheFormEncodedQueryInEventOrder() {
        Http1Request r = request(forwarder(), SharedEvents.bytes("java-libs/apigw_rest_event.json"));
        assertEquals("GET", r.method());
        assertEquals("/my/path?parameter1=value1&parameter2=value1&parameter2=value2", r.target());
        assertArrayEquals("Hello from Lambda!".getBytes(StandardCharsets.UTF_8), bodyBytes(r));
    }

    @Test
    void pathWithSpaceSampleIsPercentEncoded() {
        Http1Request r = request(forwarder(), SharedEvents.bytes("rust-lambda-http/apigw_request_path_with_space.json"));
        assertEquals("/my/path-with%20space?parameter1=value1&parameter1=value2&parameter2=value", r.target());
    }

    // ---- pass-through -----------------------------------------------------------------------

    @Test
    void passThroughPostsTheRawEventToThePassThroughPath() {
        byte[] event = SharedEvents.bytes("java-libs/sqs/sqs_event_product.json");
        Http1Request r = request(forwarder("AWS_LWA_PASS_THROUGH_PATH", "/sqs-events", "AWS_LWA_REMOVE_BASE_PATH", "/sqs"), event);
        assertEquals("POST", r.method());
        assertEquals("/sqs-events", r.target(), "the base path does not apply to the pass-through path");
        assertEquals(List.of("application/json"), r.headers().all("content-type"));
        assertEquals(List.of("null"), r.headers().all("x-amzn-request-context"));
        assertEquals(1, r.headers().all("x-amzn-lambda-context").size());
        assertArrayEquals(event, bodyBytes(r), "the body is the event, byte for byte");
    }

    @Test
    void passThroughUsesEventsByDefaultAndKeepsNonObjectJson() {
        byte[] event = " [1, \"two\"] ".getBytes(StandardCharsets.UTF_8);
        Http1Request r = request(forwarder(), event);
        assertEquals("/events", r.target());
        assertArrayEquals(event, bodyBytes(r));
    }

    @Test
    void passThroughCarriesTenantAndTrace() {
        byte[] event = json("{'Records':[]}");
        Http1Request r = forwarder().request(parse(event), withTenantAndTrace(event, Optional.of("t-9"), Optional.of(TRACE)), System.currentTimeMillis() + 10_000);
        assertEquals(List.of("t-9"), r.headers().all("x-amz-tenant-id"));
        assertEquals(List.of(TRACE), r.headers().all("x-amzn-trace-id"));
    }

    // ---- x-amzn-request-context ---------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"java-libs/apigw_rest_event.json", "powertools/apiGatewayProxyV2LambdaAuthorizerEvent.json",
            "rust-lambda-http/lambda_function_url_request.json", "java-libs/elb_event.json",
            "powertools/albMultiValueHeadersEvent.json", "powertools/vpcLatticeV2Event.json"})
    void requestContextHeaderIsTheEventsRequestContext(String file) {
        byte[] event = SharedEvents.bytes(file);
        Http1Request r = request(forwarder(), event);
        List<String> values = r.headers().all("x-amzn-request-context");
        assertEquals(1, values.size());
        assertEquals(SharedEvents.object(file).getJsonObject("requestContext"), parseJson(values.getFirst()));
    }

    @Test
    void latticeV1HasANullRequestContext() {
        Http1Request r = request(forwarder(), SharedEvents.bytes("powertools/vpcLatticeEvent.json"));
        assertEquals(List.of("null"), r.headers().all("x-amzn-request-context"));
        assertEquals("/testpath?order-id=1", r.target());
    }

    @Test
    void requestContextWithNonAsciiAndDelIsStillAValidHeaderValue() {
        // LWA 1.0 fails the invocation on a DEL in the request context; lwa escapes it.
        byte[] event = json("{'httpMethod':'GET','path':'/x','requestContext':{'httpMethod':'GET',"
                + "'path':'/Año/\\u007f/😀','identity':{'userAgent':'curl \\\"quoted\\\"'}}}");
        Http1Request r = request(forwarder(), event);
        String header = r.headers().first("x-amzn-request-context").orElseThrow();
        for (char c : header.toCharArray()) {
            assertTrue(c >= 0x20 && c < 0x7f, "printable ASCII only, got 0x" + Integer.toHexString(c) + " in " + header);
        }
        JsonObject context = parseJson(header).asJsonObject();
        assertEquals("/Año/\u007f/😀", context.getString("path"));
        assertEquals("curl \"quoted\"", context.getJsonObject("identity").getString("userAgent"));
    }

    // ---- x-amzn-lambda-context ------------------------------------------------------------------

    @Test
    void lambdaContextCarriesTheInvocationAndTheFunction() {
        AppForwarder f = forwarder("AWS_LAMBDA_FUNCTION_NAME", "my-fn", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512",
                "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST", "AWS_LAMBDA_LOG_STREAM_NAME", "2024/01/01/[$LATEST]abc",
                "AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/my-fn");
        byte[] event = v2("/p", "");
        long deadline = System.currentTimeMillis() + 12_345;
        String clientContext = "{\"client\":{\"installationId\":\"inst-1\",\"appTitle\":\"App\",\"appVersionName\":\"1.0\","
                + "\"appVersionCode\":\"1\",\"appPackageName\":\"com.example\"},\"custom\":{\"k\":\"v\"},\"environment\":{\"platform\":\"Android\"}}";
        Invocation inv = new Invocation("8476a536-e9f4-11e8-9739-2dfe598c3fcd", deadline, Optional.of(ARN), Optional.of(TRACE),
                Optional.of(clientContext), Optional.of("{\"cognitoIdentityId\":\"id-1\",\"cognitoIdentityPoolId\":\"pool-1\"}"),
                Optional.of("tenant-1"), event);
        Http1Request r = f.request(parse(event), inv, AppForwarder.appDeadline(inv.deadlineEpochMs()));

        List<String> values = r.headers().all("x-amzn-lambda-context");
        assertEquals(1, values.size());
        JsonObject ctx = parseJson(values.getFirst()).asJsonObject();
        assertEquals(List.of("request_id", "deadline", "invoked_function_arn", "xray_trace_id", "client_context", "identity",
                "tenant_id", "env_config"), List.copyOf(ctx.keySet()), "lambda_runtime's Context field order");
        assertEquals("8476a536-e9f4-11e8-9739-2dfe598c3fcd", ctx.getString("request_id"));
        assertEquals(deadline, ctx.getJsonNumber("deadline").longValueExact());
        assertEquals(ARN, ctx.getString("invoked_function_arn"));
        assertEquals(TRACE, ctx.getString("xray_trace_id"));
        assertEquals(parseJson(clientContext), ctx.get("client_context"));
        assertEquals(parseJson("{\"identityId\":\"id-1\",\"identityPoolId\":\"pool-1\"}"), ctx.get("identity"));
        assertEquals("tenant-1", ctx.getString("tenant_id"));
        JsonObject env = ctx.getJsonObject("env_config");
        assertEquals(List.of("function_name", "memory", "version", "log_stream", "log_group"), List.copyOf(env.keySet()));
        assertEquals("my-fn", env.getString("function_name"));
        assertEquals(512, env.getInt("memory"));
        assertEquals("$LATEST", env.getString("version"));
        assertEquals("2024/01/01/[$LATEST]abc", env.getString("log_stream"));
        assertEquals("/aws/lambda/my-fn", env.getString("log_group"));
    }

    @Test
    void lambdaContextUsesPlaceholdersAndNullsForWhatLambdaDidNotSend() {
        byte[] event = v2("/p", "");
        JsonObject ctx = parseJson(request(forwarder(), event).headers().first("x-amzn-lambda-context").orElseThrow()).asJsonObject();
        assertEquals("No header lambda-runtime-invoked-function-arn found.", ctx.getString("invoked_function_arn"));
        assertEquals(JsonValue.NULL, ctx.get("xray_trace_id"));
        assertEquals(JsonValue.NULL, ctx.get("client_context"));
        assertEquals(JsonValue.NULL, ctx.get("identity"));
        assertEquals(JsonValue.NULL, ctx.get("tenant_id"));
        assertEquals(parseJson("{\"function_name\":\"\",\"memory\":0,\"version\":\"\",\"log_stream\":\"\",\"log_group\":\"\"}"),
                ctx.get("env_config"));
    }

    @Test
    void lambdaContextToleratesUnreadableClientContextAndIdentityAliases() {
        byte[] event = v2("/p", "");
        Invocation inv = new Invocation("r", System.currentTimeMillis() + 10_000, Optional.empty(), Optional.empty(),
                Optional.of("not json"), Optional.of("{\"identityId\":\"id-2\",\"identityPoolId\":\"pool-2\"}"), Optional.empty(), event);
        JsonObject ctx = parseJson(forwarder().request(parse(event), inv, AppForwarder.appDeadline(inv.deadlineEpochMs())).headers().first("x-amzn-lambda-context").orElseThrow())
                .asJsonObject();
        assertEquals(JsonValue.NULL, ctx.get("client_context"));
        assertEquals(parseJson("{\"identityId\":\"id-2\",\"identityPoolId\":\"pool-2\"}"), ctx.get("identity"));
    }

    @Test
    void lambdaContextIsAsciiEvenForNonAsciiValues() {
        byte[] event = v2("/p", "");
        String header = request(forwarder("AWS_LAMBDA_FUNCTION_NAME", "función\u007f"), event)
                .headers().first("x-amzn-lambda-context").orElseThrow();
        assertTrue(header.chars().allMatch(c -> c >= 0x20 && c < 0x7f), header);
        assertEquals("función\u007f", parseJson(header).asJsonObject().getJsonObject("env_config").getString("function_name"));
    }

    // ---- anti-spoofing: the adapter's headers replace client copies ------------------------------

    @Test
    void clientCopiesOfTheContextHeadersAreReplaced() {
        byte[] event = restWithHeaders("{'x-amzn-request-context':['{\\\"spoofed\\\":1}','again'],"
                + "'X-Amzn-Lambda-Context':['{\\\"request_id\\\":\\\"evil\\\"}'],'content-type':['text/plain']}");
        Http1Request r = request(forwarder(), event);
        List<String> requestContext = r.headers().all("x-amzn-request-context");
        List<String> lambdaContext = r.headers().all("x-amzn-lambda-context");
        assertEquals(1, requestContext.size(), requestContext.toString());
        assertEquals(1, lambdaContext.size(), lambdaContext.toString());
        assertEquals("r-1", parseJson(requestContext.getFirst()).asJsonObject().getString("requestId"));
        assertEquals("req-1", parseJson(lambdaContext.getFirst()).asJsonObject().getString("request_id"));
        assertEquals(List.of("text/plain"), r.headers().all("content-type"));
    }

    @Test
    void tenantIdFromTheInvocationReplacesTheClients() {
        byte[] event = restWithHeaders("{'x-amz-tenant-id':['evil','evil2']}");
        Http1Request r = forwarder().request(parse(event), withTenantAndTrace(event, Optional.of("tenant-1"), Optional.empty()), System.currentTimeMillis() + 10_000);
        assertEquals(List.of("tenant-1"), r.headers().all("x-amz-tenant-id"));
    }

    @Test
    void clientTenantIdIsRemovedWhenLambdaSentNone() {
        byte[] event = restWithHeaders("{'X-Amz-Tenant-Id':['evil']}");
        Http1Request r = request(forwarder(), event);
        assertEquals(List.of(), r.headers().all("x-amz-tenant-id"), "D8");
    }

    @Test
    void tenantIdThatIsNotAValidHeaderValueIsNotForwarded() {
        byte[] event = restWithHeaders("{'x-amz-tenant-id':['evil']}");
        Http1Request r = forwarder().request(parse(event), withTenantAndTrace(event, Optional.of("t\r\nx-injected: 1"), Optional.empty()), System.currentTimeMillis() + 10_000);
        assertEquals(List.of(), r.headers().all("x-amz-tenant-id"));
        assertEquals(List.of(), r.headers().all("x-injected"));
    }

    @Test
    void traceIdFromTheInvocationReplacesTheClients() {
        byte[] event = restWithHeaders("{'X-Amzn-Trace-Id':['Root=client','Root=client2']}");
        Http1Request r = forwarder().request(parse(event), withTenantAndTrace(event, Optional.empty(), Optional.of(TRACE)), System.currentTimeMillis() + 10_000);
        assertEquals(List.of(TRACE), r.headers().all("x-amzn-trace-id"));
    }

    @Test
    void clientTraceIdPassesWhenTheInvocationHasNone() {
        byte[] event = restWithHeaders("{'x-amzn-trace-id':['Root=client']}");
        assertEquals(List.of("Root=client"), request(forwarder(), event).headers().all("x-amzn-trace-id"));
    }

    // ---- authorization source ----------------------------------------------------------------

    @Test
    void authorizationSourceMovesToAuthorization() {
        byte[] event = restWithHeaders("{'X-Custom-Auth':['token-1','token-2'],'Authorization':['AWS4-HMAC-SHA256 sig']}");
        Http1Request r = request(forwarder("AWS_LWA_AUTHORIZATION_SOURCE", "x-custom-auth"), event);
        assertEquals(List.of("token-2"), r.headers().all("authorization"), "the last source value replaces Authorization, as in LWA");
        assertEquals(List.of(), r.headers().all("x-custom-auth"), "the source header is gone");
    }

    @Test
    void authorizationSourceIsMatchedWithoutCase() {
        byte[] event = restWithHeaders("{'x-custom-auth':['token-1']}");
        Http1Request r = request(forwarder("AWS_LWA_AUTHORIZATION_SOURCE", "X-Custom-AUTH"), event);
        assertEquals(List.of("token-1"), r.headers().all("authorization"));
        assertEquals(List.of(), r.headers().all("x-custom-auth"));
    }

    @Test
    void missingAuthorizationSourceLeavesAuthorizationAlone() {
        byte[] event = restWithHeaders("{'Authorization':['Bearer keep-me']}");
        Http1Request r = request(forwarder("AWS_LWA_AUTHORIZATION_SOURCE", "x-custom-auth"), event);
        assertEquals(List.of("Bearer keep-me"), r.headers().all("authorization"));
    }

    @Test
    void withoutAuthorizationSourceNothingMoves() {
        byte[] event = restWithHeaders("{'x-custom-auth':['t'],'Authorization':['Bearer a']}");
        Http1Request r = request(forwarder(), event);
        assertEquals(List.of("Bearer a"), r.headers().all("authorization"));
        assertEquals(List.of("t"), r.headers().all("x-custom-auth"));
    }

    // ---- deadline (D6) ---------------------------------------------------------------------------

    @Test
    void requestDeadlineIsShortlyBeforeTheInvocationDeadline() {
        byte[] event = v2("/p", "");
        for (long left : new long[] {30_000, 900, 50}) {
            long deadline = System.currentTimeMillis() + left;
            Invocation inv = new Invocation("r", deadline, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), event);
            long appDeadline = AppForwarder.appDeadline(deadline);
            assertEquals(appDeadline, forwarder().request(parse(event), inv, appDeadline).deadlineEpochMs());
            assertTrue(appDeadline <= deadline && appDeadline >= deadline - 200,
                    "left " + left + " ms: app deadline " + (deadline - appDeadline) + " ms before the invocation's");
        }
        long deadline = System.currentTimeMillis() + 30_000;
        assertEquals(deadline - 200, AppForwarder.appDeadline(deadline), "a long invocation keeps a 200 ms margin");
        long past = System.currentTimeMillis() - 1_000;
        assertEquals(past, AppForwarder.appDeadline(past), "no margin once the deadline has passed");
    }

    // ---- over a real socket ----------------------------------------------------------------------

    @Test
    void theAppReceivesTheMappedRequestOnTheWire() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> serveOnce(server));
            AppForwarder f = forwarder(server.getLocalPort());
            byte[] event = SharedEvents.bytes("rust-lambda-http/apigw_request_path_with_space.json");
            try (Http1Response response = f.send(parse(event), withTenantAndTrace(event, Optional.empty(), Optional.of(TRACE)), System.currentTimeMillis() + 10_000)) {
                assertEquals(200, response.status());
                assertArrayEquals("ok".getBytes(StandardCharsets.US_ASCII), response.readBody(100));
            }
            String wire = received.get(10, TimeUnit.SECONDS);
            String head = wire.substring(0, wire.indexOf("\r\n\r\n") + 2).toLowerCase(java.util.Locale.ROOT);
            assertTrue(wire.startsWith("POST /my/path-with%20space?parameter1=value1&parameter1=value2&parameter2=value HTTP/1.1\r\n"), wire);
            assertTrue(head.contains("\r\ncookie: cookie1=value1;cookie2=value2\r\n"), head);
            assertTrue(head.contains("\r\nheader1: value1\r\n"), head);
            assertTrue(head.contains("\r\nx-amzn-trace-id: " + TRACE.toLowerCase(java.util.Locale.ROOT) + "\r\n"), head);
            assertTrue(head.contains("\r\ncontent-length: 17\r\n"), head);
            assertTrue(wire.endsWith("\r\n\r\nHello from Lambda"), wire);
        }
    }

    /** Reads one request (head plus Content-Length body), answers 200 "ok", returns what it read. */
    private static String serveOnce(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int headEnd = -1;
            while (headEnd < 0) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed in the request head: " + buf);
                }
                buf.write(b);
                String s = buf.toString(StandardCharsets.ISO_8859_1);
                if (s.endsWith("\r\n\r\n")) {
                    headEnd = s.length();
                }
            }
            String head = buf.toString(StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
            int at = head.indexOf("\r\ncontent-length: ");
            int length = at < 0 ? 0 : Integer.parseInt(head.substring(at + 18, head.indexOf("\r\n", at + 2)).trim());
            buf.write(in.readNBytes(length));
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
