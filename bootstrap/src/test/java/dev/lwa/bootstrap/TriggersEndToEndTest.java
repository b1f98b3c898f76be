package dev.lwa.bootstrap;

import dev.lwa.emulator.FrontDoor;
import dev.lwa.emulator.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every trigger local mode can play, end to end: a real HTTP client, the emulator's {@link FrontDoor},
 * the real adapter and a real app. What the app receives and what the client gets back are checked as
 * that trigger would deliver them.
 */
@LwaTest
class TriggersEndToEndTest {
    private static TestApp app;
    private static AdapterHarness lwa;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<FrontDoor> doors = new ArrayList<>();

    @BeforeEach
    void clear() {
        app.clear();
    }

    @AfterEach
    void close() {
        doors.forEach(FrontDoor::close);
    }

    private FrontDoor door(Trigger trigger) throws Exception {
        FrontDoor door = FrontDoor.start(lwa.emulator, "127.0.0.1", 0, trigger, exchange -> {
        });
        doors.add(door);
        return door;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest.Builder get(FrontDoor door, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(door.url() + pathAndQuery));
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void functionUrlPassesPathQueryHeadersCookiesAndEveryCookieBack() throws Exception {
        FrontDoor door = door(new Trigger.FunctionUrl());
        HttpResponse<byte[]> r = send(get(door, "/cookies/x?a=1&a=2&b=x%20y").header("Cookie", "s=1; t=2")
                .header("X-Custom", "one"));
        assertEquals(201, r.statusCode());
        assertEquals(List.of("a=1; Path=/", "b=2; HttpOnly"), r.headers().allValues("set-cookie"));
        assertEquals("with cookies", text(r));
        TestApp.Received seen = app.take();
        assertEquals("/cookies/x", seen.rawPath());
        assertEquals("a=1&a=2&b=x%20y", seen.rawQuery());
        assertEquals("one", seen.header("x-custom"));
        assertEquals("s=1;t=2", seen.header("cookie"), "the adapter joins the event's cookies");
    }

    @Test
    void httpApiWithANamedStageKeepsItInThePathAndRefusesPathsOutsideIt() throws Exception {
        FrontDoor door = door(new Trigger.HttpApi("dev"));
        assertEquals(door.url() + "/dev", door.baseUrl());
        HttpResponse<byte[]> r = send(get(door, "/dev/items?q=1").POST(HttpRequest.BodyPublishers.ofString("hello"))
                .header("Content-Type", "text/plain").header("Cookie", "a=1"));
        assertEquals(200, r.statusCode(), () -> text(r));
        TestApp.Received seen = app.take();
        assertEquals("POST", seen.method());
        assertEquals("/dev/items", seen.rawPath(), "an HTTP API's rawPath has the stage");
        assertEquals("q=1", seen.rawQuery());
        assertEquals("hello", seen.bodyText());
        assertEquals("a=1", seen.header("cookie"));

        HttpResponse<byte[]> outside = send(get(door, "/items"));
        assertEquals(404, outside.statusCode());
        assertEquals("{\"message\":\"Not Found\"}", text(outside));
        assertEquals(0, app.receivedCount(), "a path outside the stage never reaches the function");
    }

    @Test
    void restApiLeavesTheStageOutOfThePathAndAnswersWithEveryHeaderValue() throws Exception {
        FrontDoor door = door(new Trigger.RestApi("Prod"));
        HttpResponse<byte[]> r = send(get(door, "/Prod/cookies?x=1&x=2&y=a%2Fb").header("X-Repeat", "1").header("X-Repeat", "2"));
        assertEquals(201, r.statusCode(), () -> text(r));
        assertEquals(List.of("a=1; Path=/", "b=2; HttpOnly"), r.headers().allValues("set-cookie"));
        assertEquals(List.of("one", "two"), r.headers().allValues("x-multi"));
        TestApp.Received seen = app.take();
        assertEquals("/cookies", seen.rawPath(), "a REST API's path has no stage");
        assertEquals(Map.of("x", List.of("1", "2"), "y", List.of("a%2Fb")), query(seen.rawQuery()),
                "API Gateway decodes the query, the adapter encodes it again");
        assertEquals(List.of("1", "2"), seen.headers().get("x-repeat"));

        assertEquals(200, send(get(door, "/Prod")).statusCode(), "the stage's root is the API's / resource");
        assertEquals("/", app.take().rawPath());
        HttpResponse<byte[]> outside = send(get(door, "/cookies"));
        assertEquals(403, outside.statusCode());
        assertEquals("{\"message\":\"Forbidden\"}", text(outside));
    }

    @Test
    void binaryBodiesTravelBothWaysThroughEveryTrigger() throws Exception {
        byte[] upload = new byte[50_000];
        new Random(7).nextBytes(upload);
        byte[] expected = new byte[256];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) i;
        }
        for (Trigger trigger : List.of(new Trigger.FunctionUrl(), new Trigger.HttpApi("$default"), new Trigger.RestApi("v1"),
                new Trigger.Alb(false), new Trigger.Alb(true))) {
            FrontDoor door = door(trigger);
            String base = trigger.basePath();
            HttpResponse<byte[]> up = send(get(door, base + "/upload").POST(HttpRequest.BodyPublishers.ofByteArray(upload))
                    .header("Content-Type", "application/octet-stream"));
            assertEquals(200, up.statusCode(), trigger::toString);
            assertArrayEquals(upload, app.take().body(), trigger::toString);
            HttpResponse<byte[]> down = send(get(door, base + "/binary"));
            assertEquals(200, down.statusCode(), trigger::toString);
            assertEquals("application/octet-stream", down.headers().firstValue("content-type").orElseThrow(), trigger::toString);
            assertArrayEquals(expected, down.body(), trigger::toString);
            app.take();
        }
    }

    @Test
    void albWithoutMultiValueHeadersDeliversOneCookieAndTheLastRepeatedValue() throws Exception {
        FrontDoor door = door(new Trigger.Alb(false));
        HttpResponse<byte[]> r = send(get(door, "/cookies?k=1&k=2&e=%3Fx").header("X-Repeat", "1").header("X-Repeat", "2"));
        assertEquals(201, r.statusCode(), () -> text(r));
        assertEquals(List.of("a=1; Path=/"), r.headers().allValues("set-cookie"),
                "a single-value target group passes one cookie (the adapter logs a warning once)");
        TestApp.Received seen = app.take();
        assertEquals(List.of("2"), seen.headers().get("x-repeat"), "ALB keeps the last value");
        assertEquals(Map.of("k", List.of("2"), "e", List.of("%3Fx")), query(seen.rawQuery()));
    }

    @Test
    void albWithMultiValueHeadersDeliversEveryCookieAndValue() throws Exception {
        FrontDoor door = door(new Trigger.Alb(true));
        HttpResponse<byte[]> r = send(get(door, "/cookies?k=1&k=2").header("X-Repeat", "1").header("X-Repeat", "2"));
        assertEquals(201, r.statusCode(), () -> text(r));
        assertEquals(List.of("a=1; Path=/", "b=2; HttpOnly"), r.headers().allValues("set-cookie"));
        assertEquals(List.of("one", "two"), r.headers().allValues("x-multi"));
        TestApp.Received seen = app.take();
        assertEquals(List.of("1", "2"), seen.headers().get("x-repeat"));
        assertEquals(Map.of("k", List.of("1", "2")), query(seen.rawQuery()));
    }

    @Test
    void anEventOverLambdasSixMegabytesIsRefusedAsTheTriggerDoesAndNeverInvoked() throws Exception {
        // 4.6 MiB of binary is about 6.1 MiB once base64-encoded in the event
        byte[] upload = new byte[(int) (4.6 * 1024 * 1024)];
        Map<Trigger, String> answers = Map.of(
                new Trigger.FunctionUrl(), "{\"Message\":\"Request must be smaller than 6291456 bytes for the InvokeFunction operation\"}",
                new Trigger.RestApi("Prod"), "{\"message\":\"Request Too Long\"}",
                new Trigger.HttpApi("$default"), "{\"message\":\"Request Too Long\"}");
        for (var e : answers.entrySet()) {
            FrontDoor door = door(e.getKey());
            HttpResponse<byte[]> r = send(get(door, e.getKey().basePath() + "/upload")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).header("Content-Type", "application/octet-stream"));
            assertEquals(413, r.statusCode(), e.getKey()::toString);
            assertEquals(e.getValue(), text(r));
        }
        HttpResponse<byte[]> alb = send(get(door(new Trigger.Alb(false)), "/upload")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024 + 1])).header("Content-Type", "text/plain"));
        assertEquals(413, alb.statusCode(), "ALB passes a Lambda target at most 1 MB of body");
        assertEquals(0, app.receivedCount(), "nothing reached the app");
        HttpResponse<byte[]> fits = send(get(door(new Trigger.FunctionUrl()), "/upload")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[4 * 1024 * 1024])).header("Content-Type", "application/octet-stream"));
        assertEquals(200, fits.statusCode(), "4 MiB of binary fits (5.3 MiB in base64)");
        assertEquals(4 * 1024 * 1024, app.take().body().length);
    }

    @Test
    void headGetsTheContentLengthTheAppDeclared() throws Exception {
        for (Trigger trigger : List.of(new Trigger.FunctionUrl(), new Trigger.RestApi("Prod"), new Trigger.Alb(false))) {
            app.replyOnce(new TestApp.Reply(200, List.of(Map.entry("Content-Type", "text/html"),
                    Map.entry("Content-Length", "4453")), new byte[0]));
            HttpResponse<byte[]> r = send(get(door(trigger), trigger.basePath() + "/page.html")
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, r.statusCode(), trigger::toString);
            assertEquals("4453", r.headers().firstValue("content-length").orElse("none"), trigger::toString);
            assertEquals(0, r.body().length);
            assertEquals("HEAD", app.take().method());
        }
    }

    /** A raw query as names and their values in order, undecoded. */
    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> map = new java.util.LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            map.computeIfAbsent(pair.substring(0, eq), k -> new ArrayList<>()).add(pair.substring(eq + 1));
        }
        return map;
    }
}
