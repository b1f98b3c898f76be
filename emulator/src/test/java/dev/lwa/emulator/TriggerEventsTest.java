package dev.lwa.emulator;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The events the front door builds for the API Gateway and ALB triggers, field by field as in AWS's
 * sample events, and how it reads each trigger's results (a fake runtime answers).
 */
class TriggerEventsTest {
    LambdaEmulator emu;
    FakeRuntime runtime;
    final List<FrontDoor> doors = new ArrayList<>();
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Seen(JsonObject event, HttpResponse<String> response) {
    }

    @BeforeEach
    void start() throws Exception {
        emu = LambdaEmulator.builder().functionName("web").region("eu-west-2").functionTimeout(Duration.ofSeconds(10)).start();
        runtime = new FakeRuntime(emu);
    }

    @AfterEach
    void stop() {
        doors.forEach(FrontDoor::close);
        emu.close();
    }

    /** Sends one request through {@code trigger}'s door; the runtime answers {@code result}. */
    Seen exchange(Trigger trigger, String pathAndQuery, UnaryOperator<HttpRequest.Builder> request, String result)
            throws Exception {
        FrontDoor door = FrontDoor.start(emu, "127.0.0.1", 0, trigger, x -> {
        });
        doors.add(door);
        CompletableFuture<JsonObject> event = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                FakeRuntime.Event e = runtime.next();
                event.complete(Json.createReader(new StringReader(e.body())).readObject());
                runtime.respond(e.requestId(), result);
            } catch (Throwable t) {
                event.completeExceptionally(t);
            }
        });
        HttpResponse<String> response = client.send(request.apply(HttpRequest.newBuilder(URI.create(door.url() + pathAndQuery))
                .timeout(Duration.ofSeconds(20))).build(), HttpResponse.BodyHandlers.ofString());
        return new Seen(event.get(20, TimeUnit.SECONDS), response);
    }

    static List<String> strings(JsonValue array) {
        return array.asJsonArray().getValuesAs(JsonString::getString);
    }

    @Test
    void restApiEventIsPayloadOneWithTheStageOnlyInTheRequestContext() throws Exception {
        Seen s = exchange(new Trigger.RestApi("Prod"), "/Prod/my/path%20x%2Fy?a=1&a=2&b=c%2Fd&sort=-+createdAt&p=%2B1",
                r -> r.header("X-Repeat", "1").header("X-Repeat", "2").header("Cookie", "k=v")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"x\":1}")).header("Content-Type", "application/json"),
                """
                {"statusCode":202,"headers":{"x-single":"s","x-both":"from-headers"},
                 "multiValueHeaders":{"x-both":["m1","m2"],"set-cookie":["a=1","b=2"]},"body":"ok","isBase64Encoded":false}""");
        JsonObject e = s.event();
        assertEquals("1.0", e.getString("version"));
        assertEquals("/my/path%20x%2Fy", e.getString("path"), "still encoded, as a REST API sends it, without the stage");
        assertEquals("/{proxy+}", e.getString("resource"));
        assertEquals("my/path x/y", e.getJsonObject("pathParameters").getString("proxy"), "decoded");
        assertEquals("POST", e.getString("httpMethod"));
        assertEquals("2", e.getJsonObject("headers").getString("X-Repeat"), "the last value");
        assertEquals(List.of("1", "2"), strings(e.getJsonObject("multiValueHeaders").get("X-Repeat")));
        assertEquals("k=v", e.getJsonObject("headers").getString("Cookie"));
        assertEquals("2", e.getJsonObject("queryStringParameters").getString("a"));
        assertEquals("c/d", e.getJsonObject("queryStringParameters").getString("b"));
        assertEquals("- createdAt", e.getJsonObject("queryStringParameters").getString("sort"), "decoded as a form: + is a space");
        assertEquals("+1", e.getJsonObject("queryStringParameters").getString("p"));
        assertEquals(List.of("1", "2"), strings(e.getJsonObject("multiValueQueryStringParameters").get("a")));
        assertEquals(JsonValue.NULL, e.get("stageVariables"), "present and null, as AWS sends it");
        assertEquals("{\"x\":1}", e.getString("body"));
        assertFalse(e.getBoolean("isBase64Encoded"));
        JsonObject context = e.getJsonObject("requestContext");
        assertEquals("Prod", context.getString("stage"));
        assertEquals("/Prod/my/path%20x%2Fy", context.getString("path"));
        assertEquals("/{proxy+}", context.getString("resourcePath"));
        assertEquals("012345678912", context.getString("accountId"));
        assertEquals(10, context.getString("apiId").length());
        assertEquals(context.getString("apiId") + ".execute-api.eu-west-2.amazonaws.com", context.getString("domainName"));
        assertEquals("127.0.0.1", context.getJsonObject("identity").getString("sourceIp"));
        assertEquals(JsonValue.NULL, context.getJsonObject("identity").get("user"));

        assertEquals(202, s.response().statusCode());
        assertEquals(List.of("s"), s.response().headers().allValues("x-single"));
        assertEquals(List.of("m1", "m2"), s.response().headers().allValues("x-both"), "multiValueHeaders wins for a name in both");
        assertEquals(List.of("a=1", "b=2"), s.response().headers().allValues("set-cookie"));
        assertEquals("ok", s.response().body());
    }

    @Test
    void restApiAnswersAResultWithoutStatusCodeWithItsOwn502AndAGetWithoutQueryHasNulls() throws Exception {
        Seen s = exchange(new Trigger.RestApi("v1"), "/v1", r -> r, "{\"hello\":\"world\"}");
        assertEquals("/", s.event().getString("path"));
        assertEquals("/", s.event().getString("resource"));
        assertEquals(JsonValue.NULL, s.event().get("queryStringParameters"));
        assertEquals(JsonValue.NULL, s.event().get("pathParameters"));
        assertEquals(JsonValue.NULL, s.event().get("body"));
        assertEquals(502, s.response().statusCode());
        assertEquals("{\"message\":\"Internal server error\"}", s.response().body());
    }

    @Test
    void httpApiEventKeepsANamedStageInRawPathAndMovesCookiesOutOfHeaders() throws Exception {
        Seen s = exchange(new Trigger.HttpApi("dev"), "/dev/it%20ems%2Fx?a=1&a=2", r -> r.header("Cookie", "c1=1; c2=2")
                .header("X-Repeat", "1").header("X-Repeat", "2"), "[1,2,3]");
        JsonObject e = s.event();
        assertEquals("2.0", e.getString("version"));
        assertEquals("$default", e.getString("routeKey"));
        assertEquals("/dev/it ems/x", e.getString("rawPath"), "an HTTP API decodes the path");
        assertEquals("a=1&a=2", e.getString("rawQueryString"));
        assertEquals(List.of("c1=1", "c2=2"), strings(e.get("cookies")));
        assertFalse(e.getJsonObject("headers").containsKey("cookie"), "an HTTP API passes cookies in cookies only");
        assertEquals("1,2", e.getJsonObject("headers").getString("x-repeat"));
        assertEquals("1,2", e.getJsonObject("queryStringParameters").getString("a"));
        JsonObject context = e.getJsonObject("requestContext");
        assertEquals("dev", context.getString("stage"));
        assertEquals("/dev/it ems/x", context.getJsonObject("http").getString("path"));
        assertEquals("012345678912", context.getString("accountId"));
        assertTrue(context.getString("domainName").endsWith(".execute-api.eu-west-2.amazonaws.com"));
        assertEquals(200, s.response().statusCode(), "payload 2.0: JSON that is not an envelope is a 200 body");
        assertEquals("application/json", s.response().headers().firstValue("content-type").orElseThrow());
        assertEquals("[1,2,3]", s.response().body());
    }

    @Test
    void albEventHasTheTargetGroupAndTheQueryAsSentAndItsAnswerUsesHeadersOnly() throws Exception {
        Seen s = exchange(new Trigger.Alb(false), "/p%20q?k=1&k=%3Fx", r -> r.header("X-Repeat", "1").header("X-Repeat", "2"),
                """
                {"statusCode":200,"statusDescription":"200 OK","headers":{"set-cookie":"a=1","x-h":"h"},
                 "multiValueHeaders":{"x-m":["ignored"]},"body":"alb","isBase64Encoded":false}""");
        JsonObject e = s.event();
        assertTrue(e.getJsonObject("requestContext").getJsonObject("elb").getString("targetGroupArn")
                .matches("arn:aws:elasticloadbalancing:eu-west-2:012345678912:targetgroup/web/[0-9a-f]{16}"));
        assertEquals("GET", e.getString("httpMethod"));
        assertEquals("/p%20q", e.getString("path"));
        assertEquals("%3Fx", e.getJsonObject("queryStringParameters").getString("k"), "the last value, not decoded");
        assertEquals("2", e.getJsonObject("headers").getString("x-repeat"));
        assertFalse(e.containsKey("multiValueHeaders"));
        assertEquals("", e.getString("body"), "ALB always sends a body");
        assertEquals(List.of("a=1"), s.response().headers().allValues("set-cookie"));
        assertEquals(List.of("h"), s.response().headers().allValues("x-h"));
        assertTrue(s.response().headers().allValues("x-m").isEmpty(), "a single-value target group ignores multiValueHeaders");
        assertEquals("alb", s.response().body());
    }

    @Test
    void albMultiValueEventHasOnlyTheMultiValueMaps() throws Exception {
        Seen s = exchange(new Trigger.Alb(true), "/?k=1&k=2", r -> r.header("X-Repeat", "1").header("X-Repeat", "2"),
                "{\"statusCode\":500,\"multiValueHeaders\":{\"x-m\":[\"1\",\"2\"]},\"body\":\"\"}");
        JsonObject e = s.event();
        assertEquals(List.of("1", "2"), strings(e.getJsonObject("multiValueQueryStringParameters").get("k")));
        assertEquals(List.of("1", "2"), strings(e.getJsonObject("multiValueHeaders").get("x-repeat")));
        assertFalse(e.containsKey("headers"));
        assertFalse(e.containsKey("queryStringParameters"));
        assertEquals(500, s.response().statusCode());
        assertEquals(List.of("1", "2"), s.response().headers().allValues("x-m"));
    }

    @Test
    void aFailedInvocationGetsEachTriggersOwnAnswer() throws Exception {
        Seen http = exchange(new Trigger.HttpApi("$default"), "/", r -> r, "not json");
        assertEquals(500, http.response().statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", http.response().body());
        Seen alb = exchange(new Trigger.Alb(false), "/", r -> r, "{\"body\":\"no status\"}");
        assertEquals(502, alb.response().statusCode());
        assertTrue(alb.response().body().contains("502 Bad Gateway"));
    }
}
