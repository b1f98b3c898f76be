package dev.lwa.runtimeapi;

import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.testing.RawHttpServer;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Runtime API client: what it sends and how it reads the answers (mockwebserver3, raw socket for trailers). */
@Timeout(30)
class RuntimeApiClientTest {
    private MockWebServer server;
    private RuntimeApiClient client;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        client = RuntimeApiClient.create("127.0.0.1:" + server.getPort(), true);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertTrue(r != null, "no request reached the server");
        return r;
    }

    private static MockResponse.Builder invocation(String requestId) {
        return new MockResponse.Builder()
                .addHeader("Lambda-Runtime-Aws-Request-Id", requestId)
                .addHeader("Lambda-Runtime-Deadline-Ms", "1700000003000")
                .body("{}");
    }

    @Test
    void nextReadsEveryInvocationHeaderCaseInsensitively() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .addHeader("lambda-runtime-aws-request-id", "8476a536-e9f4-11e8-9739-2dfe598c3fcd")
                .addHeader("LAMBDA-RUNTIME-DEADLINE-MS", "1700000003000")
                .addHeader("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:f")
                .addHeader("Lambda-Runtime-Trace-Id", "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1")
                .addHeader("Lambda-Runtime-Client-Context", "{\"client\":{\"app_title\":\"t\"}}")
                .addHeader("Lambda-Runtime-Cognito-Identity", "{\"cognitoIdentityId\":\"id\",\"cognitoIdentityPoolId\":\"pool\"}")
                .addHeader("Lambda-Runtime-Aws-Tenant-Id", "tenant-7")
                .addHeader("Content-Type", "application/json")
                .body("{\"version\":\"2.0\",\"rawPath\":\"/x\"}")
                .build());
        Invocation inv = client.next();
        assertEquals("8476a536-e9f4-11e8-9739-2dfe598c3fcd", inv.requestId());
        assertEquals(1700000003000L, inv.deadlineEpochMs());
        assertEquals(Optional.of("arn:aws:lambda:us-east-1:123456789012:function:f"), inv.functionArn());
        assertEquals(Optional.of("Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"), inv.traceId());
        assertEquals(Optional.of("{\"client\":{\"app_title\":\"t\"}}"), inv.clientContext());
        assertEquals(Optional.of("{\"cognitoIdentityId\":\"id\",\"cognitoIdentityPoolId\":\"pool\"}"), inv.cognitoIdentity());
        assertEquals(Optional.of("tenant-7"), inv.tenantId());
        assertEquals("{\"version\":\"2.0\",\"rawPath\":\"/x\"}", new String(inv.event(), StandardCharsets.UTF_8));

        RecordedRequest r = take();
        assertEquals("GET /2018-06-01/runtime/invocation/next HTTP/1.1", r.getRequestLine());
        assertEquals("lwa/0.1", r.getHeaders().get("User-Agent"));
        assertNull(r.getHeaders().get("Content-Length"));
    }

    @Test
    void aChunkedEventIsReadWholeInOneChunkOrInPieces() throws Exception {
        // Lambda's Runtime API (Go) sends an event over 2 KiB chunked: one chunk on demand, pieces
        // of 32 KiB on Managed Instances; the admission is asked with the length unknown
        String event = "{\"body\":\"" + "ab\\\"c".repeat(20_000) + "\"}";
        List<Long> announced = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int chunk : new int[]{event.length(), 32 * 1024, 1}) {
            server.enqueue(new MockResponse.Builder()
                    .addHeader("Lambda-Runtime-Aws-Request-Id", "id-" + chunk)
                    .addHeader("Lambda-Runtime-Deadline-Ms", "1700000003000")
                    .chunkedBody(event, chunk)
                    .build());
            Invocation inv = client.next((id, deadline, bytes) -> announced.add(bytes));
            assertEquals("id-" + chunk, inv.requestId());
            assertEquals(event, new String(inv.event(), StandardCharsets.UTF_8), "chunks of " + chunk);
        }
        assertEquals(List.of(-1L, -1L, -1L), announced);
        server.enqueue(new MockResponse.Builder()
                .addHeader("Lambda-Runtime-Aws-Request-Id", "empty")
                .addHeader("Lambda-Runtime-Deadline-Ms", "1700000003000")
                .chunkedBody("", 1024)
                .build());
        assertEquals(0, client.next().event().length);
    }

    @Test
    void absentAndEmptyOptionalHeadersAreEmpty() throws Exception {
        // Managed Instances send every header, some of them empty
        server.enqueue(invocation("abc").addHeader("Lambda-Runtime-Trace-Id", "").build());
        Invocation inv = client.next();
        assertEquals(Optional.empty(), inv.traceId());
        assertEquals(Optional.empty(), inv.functionArn());
        assertEquals(Optional.empty(), inv.tenantId());
    }

    @Test
    void nextWithoutRequestIdIsAClearError() {
        server.enqueue(new MockResponse.Builder().addHeader("Lambda-Runtime-Deadline-Ms", "1").body("{}").build());
        RuntimeApiException e = assertThrows(RuntimeApiException.class, () -> client.next());
        assertTrue(e.getMessage().contains("Lambda-Runtime-Aws-Request-Id"), e.getMessage());
        assertEquals(200, e.status());
    }

    /** The invocation has a request id, so it can be answered: the error names it, for the caller to report. */
    @Test
    void nextWithAnUnusableDeadlineNamesTheInvocationToAnswer() {
        server.enqueue(new MockResponse.Builder().addHeader("Lambda-Runtime-Aws-Request-Id", "id-1")
                .addHeader("Lambda-Runtime-Deadline-Ms", "soon").body("{}").build());
        server.enqueue(new MockResponse.Builder().addHeader("Lambda-Runtime-Aws-Request-Id", "id-2").body("{}").build());
        UnusableInvocationException e = assertThrows(UnusableInvocationException.class, () -> client.next());
        assertEquals("id-1", e.requestId());
        assertTrue(e.getMessage().contains("Lambda-Runtime-Deadline-Ms") && e.getMessage().contains("soon"), e.getMessage());
        e = assertThrows(UnusableInvocationException.class, () -> client.next());
        assertEquals("id-2", e.requestId());
        assertTrue(e.getMessage().contains("no Lambda-Runtime-Deadline-Ms"), e.getMessage());
    }

    /** The head named the invocation: an event that breaks off after it is answered, not dropped. */
    @Test
    void anEventThatBreaksOffAfterItsHeadNamesTheInvocationToAnswer() throws Exception {
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            conn.write("HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: cut-1\r\nLambda-Runtime-Deadline-Ms: "
                    + (System.currentTimeMillis() + 30_000) + "\r\nContent-Length: 1000\r\n\r\n{\"version\":\"2.0\",");
            conn.socket.setSoLinger(true, 0);
            conn.socket.close(); // a reset, 16 bytes into a 1000-byte event
        }); RuntimeApiClient c = RuntimeApiClient.create("127.0.0.1:" + raw.port(), true)) {
            UnusableInvocationException e = assertThrows(UnusableInvocationException.class, c::next);
            assertEquals("cut-1", e.requestId());
            assertTrue(e.getMessage().startsWith("the Runtime API gave invocation cut-1 an event it did not finish sending ("),
                    e.getMessage());
        }
    }

    @Test
    void nextWithARequestIdUnfitForAPathIsRefused() {
        server.enqueue(invocation("../../init/error").build());
        RuntimeApiException e = assertThrows(RuntimeApiException.class, () -> client.next());
        assertTrue(e.getMessage().contains("../../init/error"), e.getMessage());
    }

    @Test
    void nextFailingStatusCarriesStatusAndBody() {
        server.enqueue(new MockResponse.Builder().code(500)
                .body("{\"errorMessage\":\"container error\",\"errorType\":\"Runtime.Unknown\"}").build());
        RuntimeApiException e = assertThrows(RuntimeApiException.class, () -> client.next());
        assertEquals(500, e.status());
        assertTrue(e.body().contains("container error"), e.body());
        assertTrue(e.getMessage().contains("GET /2018-06-01/runtime/invocation/next answered 500"), e.getMessage());
    }

    @Test
    void nextHasNoTimeout() throws Exception {
        server.enqueue(invocation("late").headersDelay(1500, TimeUnit.MILLISECONDS).build());
        assertEquals("late", client.next().requestId());
    }

    @Test
    void respondPostsTheBytesWithContentLengthOnTheSameConnection() throws Exception {
        server.enqueue(invocation("req-1").build());
        server.enqueue(new MockResponse.Builder().code(202).body("{\"status\":\"OK\"}").build());
        Invocation inv = client.next();
        byte[] result = "{\"statusCode\":200,\"body\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        client.respond(inv.requestId(), result);

        RecordedRequest next = take();
        RecordedRequest post = take();
        assertEquals("POST /2018-06-01/runtime/invocation/req-1/response HTTP/1.1", post.getRequestLine());
        assertEquals(String.valueOf(result.length), post.getHeaders().get("Content-Length"));
        assertArrayEquals(result, post.getBody().toByteArray());
        assertEquals(next.getConnectionIndex(), post.getConnectionIndex(), "keep-alive between /next and /response");
    }

    @Test
    void respondRejectedWith413CarriesStatusAndMessage() {
        server.enqueue(new MockResponse.Builder().code(413).body(
                "{\"errorMessage\":\"Exceeded maximum allowed payload size (6291556 bytes).\",\"errorType\":\"RequestEntityTooLarge\"}").build());
        RuntimeApiException e = assertThrows(RuntimeApiException.class, () -> client.respond("req-2", new byte[10]));
        assertEquals(413, e.status());
        assertTrue(e.body().contains("RequestEntityTooLarge"), e.body());
    }

    @Test
    void respondRejectedWith400Or410IsAnError() {
        server.enqueue(new MockResponse.Builder().code(400).body("InvalidRequestID").build());
        server.enqueue(new MockResponse.Builder().code(410).body("InvokeTimeout").build());
        assertEquals(400, assertThrows(RuntimeApiException.class, () -> client.respond("a", new byte[0])).status());
        assertEquals(410, assertThrows(RuntimeApiException.class, () -> client.respond("b", new byte[0])).status());
    }

    /** Only a 500 is the container error after which the runtime exits: a 400 or 410 leaves polling alone. */
    @Test
    void afterA500ToAResultNextFailsWithItWithoutPolling() {
        server.enqueue(new MockResponse.Builder().code(410).body("InvokeTimeout").build());
        server.enqueue(invocation("still-polled").build());
        server.enqueue(new MockResponse.Builder().code(500).body("{\"errorType\":\"Runtime.Unknown\"}").build());
        assertEquals(410, assertThrows(RuntimeApiException.class, () -> client.respond("a", new byte[0])).status());
        assertDoesNotThrow(() -> client.next(), "a 410 is not a container error");
        assertEquals(500, assertThrows(RuntimeApiException.class, () -> client.reportError("b",
                new ErrorReport("T", "m"))).status());

        RuntimeApiException e = assertThrows(RuntimeApiException.class, () -> client.next());
        assertEquals(500, e.status());
        assertTrue(e.getMessage().startsWith("POST /2018-06-01/runtime/invocation/b/error answered 500"), e.getMessage());
        assertEquals(3, server.getRequestCount(), "no /next sent after the 500");
    }

    @Test
    void reportErrorSendsTypeHeaderAndEscapedJson() throws Exception {
        server.enqueue(new MockResponse.Builder().code(202).build());
        String message = "he said \"no\"\n\tat line 2 \\ ☃ \u0001";
        client.reportError("req-3", new ErrorReport("Runtime.UserException", message));
        RecordedRequest r = take();
        assertEquals("POST /2018-06-01/runtime/invocation/req-3/error HTTP/1.1", r.getRequestLine());
        assertEquals("Runtime.UserException", r.getHeaders().get("Lambda-Runtime-Function-Error-Type"));
        assertEquals("application/json", r.getHeaders().get("Content-Type"));
        String body = r.getBody().utf8();
        assertTrue(body.startsWith("{\"errorMessage\":"), body);
        JsonObject json = JsonProvider.provider().createReader(new StringReader(body)).readObject();
        assertEquals(message, json.getString("errorMessage"));
        assertEquals("Runtime.UserException", json.getString("errorType"));
        assertEquals(2, json.size());
    }

    @Test
    void errorTypeWithLineBreaksIsStillReported() throws Exception {
        server.enqueue(new MockResponse.Builder().code(202).build());
        client.reportError("req-4", new ErrorReport("Bad\r\nType", "m"));
        RecordedRequest r = take();
        assertEquals("Bad  Type", r.getHeaders().get("Lambda-Runtime-Function-Error-Type"));
        assertEquals("{\"errorMessage\":\"m\",\"errorType\":\"Bad\\r\\nType\"}", r.getBody().utf8());
    }

    @Test
    void reportInitErrorPostsToInitError() throws Exception {
        server.enqueue(new MockResponse.Builder().code(202).build());
        client.reportInitError(new ErrorReport("Runtime.InitError", "app did not start"));
        RecordedRequest r = take();
        assertEquals("POST /2018-06-01/runtime/init/error HTTP/1.1", r.getRequestLine());
        assertEquals("Runtime.InitError", r.getHeaders().get("Lambda-Runtime-Function-Error-Type"));
        assertEquals("{\"errorMessage\":\"app did not start\",\"errorType\":\"Runtime.InitError\"}", r.getBody().utf8());
    }

    @Test
    void reportErrorRejectedIsAnError() {
        server.enqueue(new MockResponse.Builder().code(403).body("InvalidStateTransition").build());
        RuntimeApiException e = assertThrows(RuntimeApiException.class,
                () -> client.reportError("x", new ErrorReport("T", "m")));
        assertEquals(403, e.status());
    }

    @Test
    void requestIdsThatCouldReshapeThePathAreRefusedBeforeSending() {
        for (String bad : List.of("../init/error", "a/b", "a b", "", "..", ".", "a?b", "a%2Fb", "a\r\nb", "é")) {
            assertThrows(IllegalArgumentException.class, () -> client.respond(bad, new byte[0]), bad);
            assertThrows(IllegalArgumentException.class, () -> client.reportError(bad, new ErrorReport("T", "m")), bad);
            assertThrows(IllegalArgumentException.class, () -> client.respondStreaming(bad, "text/plain", out -> { }), bad);
        }
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void pollersEachHoldTheirOwnConnection() throws Exception {
        int pollers = 4;
        CountDownLatch allWaiting = new CountDownLatch(pollers);
        AtomicInteger ids = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                allWaiting.countDown();
                // answer only once every poller is waiting: proves they were all in flight at once
                assertTrue(allWaiting.await(10, TimeUnit.SECONDS));
                return invocation("id-" + ids.incrementAndGet()).build();
            }
        });
        List<Future<Invocation>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < pollers; i++) {
                results.add(pool.submit(() -> client.next()));
            }
            Set<String> got = new HashSet<>();
            for (Future<Invocation> f : results) {
                got.add(f.get(15, TimeUnit.SECONDS).requestId());
            }
            assertEquals(Set.of("id-1", "id-2", "id-3", "id-4"), got);
        }
        Set<Integer> connections = new HashSet<>();
        for (int i = 0; i < pollers; i++) {
            connections.add(take().getConnectionIndex());
        }
        assertEquals(pollers, connections.size());
    }

    @Test
    void respondStreamingSendsModeTrailerDeclarationsChunksAndTrailers() throws Exception {
        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            String head;
            while ((head = conn.readHead()) != null) {
                seen.add(head);
                seen.add(conn.readChunkedRaw());
                conn.write("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"status\":\"OK\"}");
            }
        }); RuntimeApiClient c = RuntimeApiClient.create("127.0.0.1:" + raw.port(), true)) {
            String prelude = "{\"statusCode\":201,\"headers\":{\"content-type\":\"text/plain\"}}";
            c.respondStreaming("req-9", "application/vnd.awslambda.http-integration-response", out -> {
                out.write(prelude.getBytes(StandardCharsets.UTF_8));
                out.write(new byte[8]);
                out.flush();
                out.write("chunk1;".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.trailers(Headers.of("Lambda-Runtime-Function-Error-Type", "RangeError",
                        "Lambda-Runtime-Function-Error-Body", "eyJlcnJvclR5cGUiOiJSYW5nZUVycm9yIn0="));
            });
            String head = seen.poll(5, TimeUnit.SECONDS);
            assertEquals("POST /2018-06-01/runtime/invocation/req-9/response HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + raw.port() + "\r\n"
                    + "Lambda-Runtime-Function-Response-Mode: streaming\r\n"
                    + "Trailer: Lambda-Runtime-Function-Error-Type\r\n"
                    + "Trailer: Lambda-Runtime-Function-Error-Body\r\n"
                    + "Content-Type: application/vnd.awslambda.http-integration-response\r\n"
                    + "User-Agent: lwa/0.1\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n", head);
            String body = seen.poll(5, TimeUnit.SECONDS);
            assertEquals(Integer.toHexString(prelude.length() + 8) + "\r\n" + prelude + "\0\0\0\0\0\0\0\0\r\n"
                    + "7\r\nchunk1;\r\n"
                    + "0\r\n"
                    + "Lambda-Runtime-Function-Error-Type: RangeError\r\n"
                    + "Lambda-Runtime-Function-Error-Body: eyJlcnJvclR5cGUiOiJSYW5nZUVycm9yIn0=\r\n\r\n", body);
            assertTrue(raw.failures().isEmpty(), raw.failures().toString());
        }
    }

    @Test
    void respondStreamingRejectedIsAnError() throws Exception {
        try (RawHttpServer raw = new RawHttpServer(conn -> {
            conn.readHead();
            conn.readChunkedRaw();
            conn.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 27\r\n\r\nInvalidFunctionResponseMode");
        }); RuntimeApiClient c = RuntimeApiClient.create("127.0.0.1:" + raw.port(), true)) {
            RuntimeApiException e = assertThrows(RuntimeApiException.class,
                    () -> c.respondStreaming("r", "text/plain", out -> out.write('x')));
            assertEquals(400, e.status());
            assertEquals("InvalidFunctionResponseMode", e.body());
        }
    }

    @Test
    void withoutPoolingEveryCallUsesANewConnection() throws Exception {
        try (RuntimeApiClient c = RuntimeApiClient.create("127.0.0.1:" + server.getPort(), false)) {
            server.enqueue(invocation("one").build());
            server.enqueue(new MockResponse.Builder().code(202).build());
            c.next();
            c.respond("one", new byte[0]);
        }
        assertTrue(take().getConnectionIndex() != take().getConnectionIndex());
    }

    @Test
    void hostPortMustBeHostAndPort() {
        for (String bad : List.of("127.0.0.1", "http://127.0.0.1:9001", ":9001", "127.0.0.1:x", "::1:9001", "127.0.0.1:70000")) {
            assertThrows(IllegalArgumentException.class, () -> RuntimeApiClient.create(bad, true), bad);
        }
        RuntimeApiClient.create("[::1]:9001", true).close();
        RuntimeApiClient.create("localhost:9001", true).close();
    }
}
