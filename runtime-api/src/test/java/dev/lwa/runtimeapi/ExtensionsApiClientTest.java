package dev.lwa.runtimeapi;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Extensions API client against mockwebserver3. */
@Timeout(30)
class ExtensionsApiClientTest {
    private MockWebServer server;
    private ExtensionsApiClient client;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        client = ExtensionsApiClient.create("127.0.0.1:" + server.getPort());
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

    @Test
    void registerSendsNameAndEventsAndReturnsTheIdentifier() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .addHeader("Lambda-Extension-Identifier", "7c1b8d4a-0c39-4b7e-9f8a-1b2c3d4e5f60")
                .body("{\"functionName\":\"f\",\"functionVersion\":\"$LATEST\",\"handler\":\"h\"}").build());
        assertEquals("7c1b8d4a-0c39-4b7e-9f8a-1b2c3d4e5f60", client.register("lambda-adapter", List.of("INVOKE", "SHUTDOWN")));
        RecordedRequest r = take();
        assertEquals("POST /2020-01-01/extension/register HTTP/1.1", r.getRequestLine());
        assertEquals("lambda-adapter", r.getHeaders().get("Lambda-Extension-Name"));
        assertEquals("{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}", r.getBody().utf8());
    }

    @Test
    void registerWithNoEventsSendsAnEmptyList() throws Exception {
        server.enqueue(new MockResponse.Builder().addHeader("Lambda-Extension-Identifier", "id").build());
        client.register("lambda-adapter", List.of());
        assertEquals("{\"events\":[]}", take().getBody().utf8());
    }

    @Test
    void registerWithoutIdentifierIsAnErrorSayingSo() {
        server.enqueue(new MockResponse.Builder().body("{}").build());
        RuntimeApiException e = assertThrows(RuntimeApiException.class, () -> client.register("x", List.of()));
        assertTrue(e.getMessage().contains("Lambda-Extension-Identifier"), e.getMessage());
    }

    @Test
    void registerRefusedCarriesStatusAndBody() {
        server.enqueue(new MockResponse.Builder().code(403)
                .body("{\"errorMessage\":\"Registration is closed\",\"errorType\":\"Extension.RegistrationClosed\"}").build());
        RuntimeApiException e = assertThrows(RuntimeApiException.class, () -> client.register("x", List.of()));
        assertEquals(403, e.status());
        assertTrue(e.body().contains("Extension.RegistrationClosed"));
    }

    @Test
    void registerSucceedsOnlyOn200() {
        server.enqueue(new MockResponse.Builder().code(202).addHeader("Lambda-Extension-Identifier", "id").build());
        assertEquals(202, assertThrows(RuntimeApiException.class, () -> client.register("x", List.of())).status());
    }

    @Test
    void nextParsesInvokeAndShutdown() throws Exception {
        server.enqueue(new MockResponse.Builder().body("{\"eventType\":\"INVOKE\",\"deadlineMs\":1700000000000,"
                + "\"requestId\":\"8476a536\",\"invokedFunctionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:f\","
                + "\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-abc\"}}").build());
        server.enqueue(new MockResponse.Builder().body(
                "{\"eventType\":\"SHUTDOWN\",\"deadlineMs\":1700000002000,\"shutdownReason\":\"spindown\"}").build());
        assertEquals(new ExtensionEvent.Invoke("8476a536", 1700000000000L), client.next("ext-id"));
        assertEquals(new ExtensionEvent.Shutdown("spindown", java.util.OptionalLong.of(1700000002000L)), client.next("ext-id"));
        RecordedRequest r = take();
        assertEquals("GET /2020-01-01/extension/event/next HTTP/1.1", r.getRequestLine());
        assertEquals("ext-id", r.getHeaders().get("Lambda-Extension-Identifier"));
    }

    @Test
    void shutdownReasonIsOpaqueAndMayBeMissing() throws Exception {
        server.enqueue(new MockResponse.Builder().body(
                "{\"eventType\":\"SHUTDOWN\",\"deadlineMs\":5,\"shutdownReason\":\"SandboxTerminated\"}").build());
        server.enqueue(new MockResponse.Builder().body("{\"eventType\":\"SHUTDOWN\",\"deadlineMs\":6}").build());
        assertEquals(new ExtensionEvent.Shutdown("SandboxTerminated", java.util.OptionalLong.of(5)), client.next("id"));
        assertEquals(new ExtensionEvent.Shutdown("", java.util.OptionalLong.of(6)), client.next("id"));
    }

    @Test
    void deadlineIsAWholeNumberInAnySpelling() throws Exception {
        server.enqueue(new MockResponse.Builder().body("{\"eventType\":\"SHUTDOWN\",\"deadlineMs\":1.7e3}").build());
        server.enqueue(new MockResponse.Builder().body("{\"eventType\":\"INVOKE\",\"requestId\":\"r\",\"deadlineMs\":1.7e12}").build());
        assertEquals(new ExtensionEvent.Shutdown("", java.util.OptionalLong.of(1700)), client.next("id"));
        assertEquals(new ExtensionEvent.Invoke("r", 1_700_000_000_000L), client.next("id"));
    }

    /** A shutdown is a shutdown, whatever its deadline says: the adapter must stop, and exit 0. */
    @Test
    void aShutdownWithoutAUsableDeadlineIsStillAShutdown() throws Exception {
        server.enqueue(new MockResponse.Builder().body("{\"eventType\":\"SHUTDOWN\",\"shutdownReason\":\"spindown\"}").build());
        server.enqueue(new MockResponse.Builder().body("{\"eventType\":\"SHUTDOWN\",\"deadlineMs\":\"soon\"}").build());
        server.enqueue(new MockResponse.Builder().body("{\"eventType\":\"SHUTDOWN\",\"deadlineMs\":1.5}").build());
        assertEquals(new ExtensionEvent.Shutdown("spindown", java.util.OptionalLong.empty()), client.next("id"));
        assertEquals(new ExtensionEvent.Shutdown("", java.util.OptionalLong.empty()), client.next("id"));
        assertEquals(new ExtensionEvent.Shutdown("", java.util.OptionalLong.empty()), client.next("id"));
    }

    @Test
    void anEventTypeNotAskedForIsReturnedAsOtherNotAFailure() throws Exception {
        server.enqueue(new MockResponse.Builder().body("{\"eventType\":\"RESTORE\",\"deadlineMs\":1}").build());
        assertEquals(new ExtensionEvent.Other("RESTORE"), client.next("id"));
    }

    @Test
    void unusableEventsAreClearErrors() throws Exception {
        server.enqueue(new MockResponse.Builder().body("not json").build());
        server.enqueue(new MockResponse.Builder().body("[1,2]").build());
        server.enqueue(new MockResponse.Builder().body("{\"eventType\":\"INVOKE\",\"deadlineMs\":1}").build());
        server.enqueue(new MockResponse.Builder().body("{\"eventType\":\"INVOKE\",\"requestId\":\"r\",\"deadlineMs\":\"soon\"}").build());
        assertTrue(assertThrows(RuntimeApiException.class, () -> client.next("id")).getMessage().contains("not a JSON object"));
        assertTrue(assertThrows(RuntimeApiException.class, () -> client.next("id")).getMessage().contains("not a JSON object"));
        // INVOKE is not subscribed to: one that cannot be read is ignored like any event lwa did not ask for
        assertEquals(new ExtensionEvent.Other("INVOKE"), client.next("id"));
        assertEquals(new ExtensionEvent.Other("INVOKE"), client.next("id"));
    }

    @Test
    void nextRefusedCarriesStatus() {
        server.enqueue(new MockResponse.Builder().code(403)
                .body("{\"errorMessage\":\"unknown\",\"errorType\":\"Extension.UnknownExtensionIdentifier\"}").build());
        assertEquals(403, assertThrows(RuntimeApiException.class, () -> client.next("id")).status());
    }
}
