package dev.lwa.emulator;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local Function URL: HTTP request → Function URL event → runtime → HTTP response. */
class FrontDoorTest {

    LambdaEmulator emu;
    FrontDoor door;
    FakeRuntime runtime;
    /** What the front door reported; it reports an exchange only after the response was written, so tests poll. */
    final BlockingQueue<FrontDoor.Exchange> exchanges = new LinkedBlockingQueue<>();
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        emu = LambdaEmulator.builder().functionName("web").region("eu-west-2").functionTimeout(Duration.ofSeconds(10)).start();
        door = FrontDoor.start(emu, "127.0.0.1", 0, new Trigger.FunctionUrl(), exchanges::add);
        runtime = new FakeRuntime(emu);
    }

    /** The next exchange the front door reports, waiting for it: the report follows the response to the client. */
    FrontDoor.Exchange nextExchange() throws InterruptedException {
        FrontDoor.Exchange exchange = exchanges.poll(20, TimeUnit.SECONDS);
        assertNotNull(exchange, "the front door did not report the exchange");
        return exchange;
    }

    @AfterEach
    void stop() {
        door.close();
        emu.close();
    }

    /** Serves one invocation on a virtual thread: hands the event to {@code answer}, which answers it. */
    CompletableFuture<JsonObject> serveOne(ThrowingAnswer answer) {
        CompletableFuture<JsonObject> seen = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                FakeRuntime.Event event = runtime.next();
                JsonObject json = Json.createReader(new StringReader(event.body())).readObject();
                seen.complete(json);
                answer.answer(event);
            } catch (Throwable t) {
                seen.completeExceptionally(t);
            }
        });
        return seen;
    }

    @FunctionalInterface
    interface ThrowingAnswer {
        void answer(FakeRuntime.Event event) throws Exception;
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(door.url() + pathAndQuery)).timeout(Duration.ofSeconds(20));
    }

    @Test
    void getWithQueryAndCookiesBecomesAFunctionUrlEventAndTheEnvelopeIsWrittenBack() throws Exception {
        CompletableFuture<JsonObject> event = serveOne(e -> runtime.respond(e.requestId(), """
                {"statusCode":201,"headers":{"x-r":"1","content-type":"text/plain"},
                 "multiValueHeaders":{"x-m":["a","b"]},
                 "cookies":["s=1; Path=/","t=2"],"body":"aGVsbG8gd29ybGQ=","isBase64Encoded":true}"""));
        HttpResponse<String> response = client.send(request("/my/pa%20th%2Fx?parameter1=value1&parameter1=value2&parameter2=a%20b+c&flag")
                        .header("Cookie", "test=hi; other=there ").header("X-Custom", "one").header("User-Agent", "door-test/1")
                        .header("X-Forwarded-Proto", "ftp").header("X-Forwarded-Port", "1").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        JsonObject e = event.get(5, TimeUnit.SECONDS);
        assertEquals("2.0", e.getString("version"));
        assertEquals("$default", e.getString("routeKey"));
        assertEquals("/my/pa%20th%2Fx", e.getString("rawPath"), "a Function URL passes the path as sent");
        assertEquals("parameter1=value1&parameter1=value2&parameter2=a%20b+c&flag", e.getString("rawQueryString"));
        assertEquals(List.of("test=hi", "other=there"), e.getJsonArray("cookies").getValuesAs(jakarta.json.JsonString::getString));
        JsonObject headers = e.getJsonObject("headers");
        assertEquals("one", headers.getString("x-custom"));
        assertEquals("test=hi; other=there", headers.getString("cookie"));
        assertEquals("door-test/1", headers.getString("user-agent"));
        assertTrue(headers.getString("x-amzn-trace-id").startsWith("Root=1-"));
        assertEquals("127.0.0.1", headers.getString("x-forwarded-for"));
        assertEquals("http", headers.getString("x-forwarded-proto"), "the front door's, not what the client claimed");
        assertEquals(Integer.toString(door.port()), headers.getString("x-forwarded-port"));
        headers.keySet().forEach(name -> assertEquals(name.toLowerCase(), name));
        JsonObject query = e.getJsonObject("queryStringParameters");
        assertEquals("value1,value2", query.getString("parameter1"));
        assertEquals("a b+c", query.getString("parameter2"));
        assertEquals("", query.getString("flag"));
        JsonObject context = e.getJsonObject("requestContext");
        assertEquals("anonymous", context.getString("accountId"));
        assertEquals(door.apiId(), context.getString("apiId"));
        assertEquals(door.apiId() + ".lambda-url.eu-west-2.on.aws", context.getString("domainName"));
        assertEquals(door.apiId(), context.getString("domainPrefix"));
        assertEquals("$default", context.getString("routeKey"));
        assertEquals("$default", context.getString("stage"));
        assertTrue(context.getString("time").matches("\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000"), context.getString("time"));
        assertTrue(context.getJsonNumber("timeEpoch").longValue() > 1_600_000_000_000L);
        JsonObject http = context.getJsonObject("http");
        assertEquals("GET", http.getString("method"));
        assertEquals("/my/pa%20th%2Fx", http.getString("path"));
        assertEquals("HTTP/1.1", http.getString("protocol"));
        assertEquals("127.0.0.1", http.getString("sourceIp"));
        assertEquals("door-test/1", http.getString("userAgent"));
        assertFalse(e.containsKey("body"), "no body, no body key");
        assertFalse(e.getBoolean("isBase64Encoded"));

        assertEquals(201, response.statusCode());
        assertEquals("hello world", response.body());
        assertEquals("1", response.headers().firstValue("x-r").orElseThrow());
        assertEquals(List.of("a", "b"), response.headers().allValues("x-m"));
        assertEquals(List.of("s=1; Path=/", "t=2"), response.headers().allValues("set-cookie"));
        assertEquals("text/plain", response.headers().firstValue("content-type").orElseThrow());

        FrontDoor.Exchange exchange = nextExchange();
        assertEquals("GET", exchange.method());
        assertEquals(201, exchange.status());
        assertEquals(InvocationResult.Kind.RESPONSE, exchange.result().orElseThrow().kind());
    }

    /** UTF-8 in a header value arrives in the event as its text and leaves as the same bytes. */
    @Test
    void nonAsciiHeaderValuesKeepTheirUtf8BytesBothWays() throws Exception {
        CompletableFuture<JsonObject> event = serveOne(e -> runtime.respond(e.requestId(),
                "{\"statusCode\":200,\"headers\":{\"x-latin\":\"café\",\"content-disposition\":\"attachment; filename=\\\"Grüße.txt\\\"\"},\"body\":\"ok\"}"));
        byte[] reply;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", door.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("GET /h HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Na: café\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            reply = socket.getInputStream().readAllBytes();
        }
        assertEquals("café", event.get(5, TimeUnit.SECONDS).getJsonObject("headers").getString("x-na"),
                "two bytes for é arrive as é, not as Ã©");
        String text = new String(reply, StandardCharsets.UTF_8);
        assertTrue(text.contains("x-latin: café\r\n"), "the client gets the UTF-8 bytes of é: " + text);
        assertTrue(text.contains("filename=\"Grüße.txt\""), text);
    }

    /**
     * Closing the front door waits for the requests in flight: their clients get an answer, not a
     * connection cut under them (local mode closes it on Ctrl-C while requests wait).
     */
    @Test
    void closingTheFrontDoorLetsARequestInFlightBeAnswered() throws Exception {
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch closing = new CountDownLatch(1);
        serveOne(e -> {
            taken.countDown();
            closing.await(10, TimeUnit.SECONDS); // the answer comes while the door is closing
            runtime.respond(e.requestId(), "{\"statusCode\":200,\"body\":\"late but answered\"}");
        });
        CompletableFuture<HttpResponse<String>> response = client.sendAsync(request("/slow").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(taken.await(10, TimeUnit.SECONDS));
        Thread closer = Thread.ofVirtual().start(door::close);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!door.closing()) {
            assertTrue(System.nanoTime() < end, "the close did not begin within 10 s");
            Thread.sleep(1);
        }
        closing.countDown();
        HttpResponse<String> r = response.get(10, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals("late but answered", r.body());
        closer.join(Duration.ofSeconds(10));
        assertFalse(closer.isAlive(), "the close ended once the request was answered");
    }

    @Test
    void noQueryNoCookiesLeavesThoseKeysOut() throws Exception {
        CompletableFuture<JsonObject> event = serveOne(e -> runtime.respond(e.requestId(), "{\"statusCode\":204}"));
        HttpResponse<String> response = client.send(request("/").GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonObject e = event.get(5, TimeUnit.SECONDS);
        assertFalse(e.containsKey("cookies"));
        assertFalse(e.containsKey("queryStringParameters"));
        assertEquals("", e.getString("rawQueryString"));
        assertEquals(204, response.statusCode());
    }

    @Test
    void textualBodiesTravelAsTextAndOthersAsBase64() throws Exception {
        CompletableFuture<JsonObject> json = serveOne(e -> runtime.respond(e.requestId(), "{\"statusCode\":200}"));
        client.send(request("/j").header("Content-Type", "application/problem+json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ż\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        JsonObject textEvent = json.get(5, TimeUnit.SECONDS);
        assertEquals("{\"ż\":1}", textEvent.getString("body"));
        assertFalse(textEvent.getBoolean("isBase64Encoded"));

        byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe};
        CompletableFuture<JsonObject> bin = serveOne(e -> runtime.respond(e.requestId(), "{\"statusCode\":200}"));
        client.send(request("/b").header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(binary)).build(), HttpResponse.BodyHandlers.ofString());
        JsonObject binEvent = bin.get(5, TimeUnit.SECONDS);
        assertArrayEquals(binary, Base64.getDecoder().decode(binEvent.getString("body")));
        assertTrue(binEvent.getBoolean("isBase64Encoded"));
        assertEquals("POST", binEvent.getJsonObject("requestContext").getJsonObject("http").getString("method"));
    }

    @Test
    void aTextualBodyThatIsNotUtf8TextAsItStandsTravelsAsBase64ByteForByte() throws Exception {
        // gzip'd JSON (Content-Encoding), Latin-1 text, and invalid UTF-8 under a JSON type: as text
        // they would arrive changed (every invalid byte a U+FFFD)
        byte[] gzipped;
        try (var bytes = new java.io.ByteArrayOutputStream(); var gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write("{\"hello\":\"world\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            gz.finish();
            gzipped = bytes.toByteArray();
        }
        record Upload(String contentType, String contentEncoding, byte[] body) {
        }
        for (Upload u : java.util.List.of(new Upload("application/json", "gzip", gzipped),
                new Upload("text/plain; charset=iso-8859-1", null, new byte[]{'c', 'a', 'f', (byte) 0xe9}),
                new Upload("application/json", null, new byte[]{'"', (byte) 0xff, '"'}),
                new Upload("text/plain", "identity", "plain".getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
            CompletableFuture<JsonObject> sent = serveOne(e -> runtime.respond(e.requestId(), "{\"statusCode\":200}"));
            HttpRequest.Builder post = request("/up").header("Content-Type", u.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(u.body()));
            if (u.contentEncoding() != null) {
                post.header("Content-Encoding", u.contentEncoding());
            }
            client.send(post.build(), HttpResponse.BodyHandlers.ofString());
            JsonObject e = sent.get(5, TimeUnit.SECONDS);
            boolean text = "identity".equals(u.contentEncoding());
            assertEquals(!text, e.getBoolean("isBase64Encoded"), u.toString());
            assertArrayEquals(u.body(), text ? e.getString("body").getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : Base64.getDecoder().decode(e.getString("body")), u.toString());
        }
    }

    @Test
    void jsonWithoutStatusCodeIsA200JsonBody() throws Exception {
        serveOne(e -> runtime.respond(e.requestId(), "{\"hello\":\"world\"}"));
        HttpResponse<String> response = client.send(request("/").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("{\"hello\":\"world\"}", response.body());
    }

    @Test
    void failedInvocationsAndUnusableResponsesAre502() throws Exception {
        serveOne(e -> runtime.error(e.requestId(), "{\"errorType\":\"X\",\"errorMessage\":\"m\"}", Map.of()));
        HttpResponse<String> error = client.send(request("/").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(502, error.statusCode());
        assertEquals("{\"Message\":\"Internal Server Error\"}", error.body());
        assertEquals("X", nextExchange().result().orElseThrow().errorType().orElseThrow());

        serveOne(e -> runtime.respond(e.requestId(), "this is not json"));
        assertEquals(502, client.send(request("/").GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void timeoutIs502() throws Exception {
        emu.close();
        door.close();
        emu = LambdaEmulator.builder().functionTimeout(Duration.ofMillis(300)).start();
        door = FrontDoor.start(emu, "127.0.0.1", 0, new Trigger.FunctionUrl(), exchanges::add);
        runtime = new FakeRuntime(emu);
        serveOne(e -> { }); // takes the invocation and never answers
        HttpResponse<String> response = client.send(request("/").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(502, response.statusCode());
        assertEquals(InvocationResult.Kind.TIMEOUT, nextExchange().result().orElseThrow().kind());
    }

    @Test
    void requestBodiesOverSixMegabytesAre413() throws Exception {
        HttpResponse<String> response = client.send(request("/upload")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[6 * 1024 * 1024 + 1])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        assertEquals(0, emu.queued() + emu.inFlight(), "nothing was invoked");
    }

    @Test
    void streamedResponseReachesTheClientChunkByChunk() throws Exception {
        CountDownLatch clientSawFirstChunk = new CountDownLatch(1);
        CompletableFuture<Void> runtimeDone = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                FakeRuntime.Event event = runtime.next();
                try (RawHttp raw = new RawHttp(emu.port())) {
                    raw.startChunked("POST", "/2018-06-01/runtime/invocation/" + event.requestId() + "/response", StreamingResponseTest.STREAMING);
                    raw.chunk("{\"statusCode\":207,\"headers\":{\"content-type\":\"text/event-stream\",\"x-s\":\"1\"},\"cookies\":[\"k=v\"]}");
                    raw.chunk(new byte[8]);
                    raw.chunk("data: first\n\n");
                    // the next chunk is produced only once the HTTP client has the first one
                    if (!clientSawFirstChunk.await(10, TimeUnit.SECONDS)) {
                        throw new AssertionError("the first chunk did not reach the client while the stream was open");
                    }
                    raw.chunk("data: second\n\n");
                    raw.end(Map.of());
                    assertEquals(202, raw.read().status());
                }
                runtimeDone.complete(null);
            } catch (Throwable t) {
                runtimeDone.completeExceptionally(t);
            }
        });

        HttpResponse<InputStream> response = client.send(request("/events").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(207, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("1", response.headers().firstValue("x-s").orElseThrow());
        assertEquals(List.of("k=v"), response.headers().allValues("set-cookie"));
        try (InputStream body = response.body()) {
            byte[] first = body.readNBytes("data: first\n\n".length());
            assertEquals("data: first\n\n", new String(first, StandardCharsets.UTF_8));
            clientSawFirstChunk.countDown();
            assertEquals("data: second\n\n", new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
        runtimeDone.get(10, TimeUnit.SECONDS);
    }

    @Test
    void streamThatFailsMidWayIsCutShort() throws Exception {
        Thread.ofVirtual().start(() -> {
            try {
                FakeRuntime.Event event = runtime.next();
                try (RawHttp raw = new RawHttp(emu.port())) {
                    raw.startChunked("POST", "/2018-06-01/runtime/invocation/" + event.requestId() + "/response", StreamingResponseTest.STREAMING);
                    raw.chunk("{\"statusCode\":200}" + "\0".repeat(8) + "partial");
                    raw.end(Map.of("Lambda-Runtime-Function-Error-Type", "Runtime.StreamError",
                            "Lambda-Runtime-Function-Error-Body", Base64.getEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8))));
                    raw.read();
                }
            } catch (Exception ignored) {
                // the assertion is on the client side
            }
        });
        HttpResponse<InputStream> response = client.send(request("/").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (InputStream body = response.body()) {
            assertEquals("partial", new String(body.readNBytes(7), StandardCharsets.UTF_8));
            boolean cut;
            try {
                body.readAllBytes();
                cut = false;
            } catch (java.io.IOException expected) {
                cut = true;
            }
            assertTrue(cut, "a stream that failed must not look complete to the client");
        }
    }
}
