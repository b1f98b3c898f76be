package dev.lwa.runtimeapi;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SnapStart's calls: restore/next, restore/error, and dropping the connections after the restore. */
@Timeout(30)
class RestoreApiTest {
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

    @Test
    void restoreNextIsAGetThatReturnsOnAny2xx() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).build());
        server.enqueue(new MockResponse.Builder().code(204).build());
        client.restoreNext();
        client.restoreNext();
        RecordedRequest r = take();
        assertEquals("GET /2018-06-01/runtime/restore/next HTTP/1.1", r.getRequestLine());
        assertEquals("lwa/0.1", r.getHeaders().get("User-Agent"));
        assertEquals("GET /2018-06-01/runtime/restore/next HTTP/1.1", take().getRequestLine());
    }

    @Test
    void restoreNextBlocksUntilTheRestore() throws Exception {
        CountDownLatch restored = new CountDownLatch(1);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                assertTrue(restored.await(10, TimeUnit.SECONDS));
                return new MockResponse.Builder().code(200).build();
            }
        });
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> call = threads.submit(() -> {
                client.restoreNext();
                return null;
            });
            take(); // the call has arrived and waits
            assertFalse(call.isDone());
            restored.countDown();
            call.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void restoreNextRefusedNamesTheStatusAndBody() {
        server.enqueue(new MockResponse.Builder().code(404).body("{\"errorType\":\"NotFound\"}").build());
        RuntimeApiException e = assertThrows(RuntimeApiException.class, () -> client.restoreNext());
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("GET /2018-06-01/runtime/restore/next answered 404: {\"errorType\":\"NotFound\"}"),
                e.getMessage());
    }

    @Test
    void reportRestoreErrorPostsTheErrorDocument() throws Exception {
        server.enqueue(new MockResponse.Builder().code(202).build());
        client.reportRestoreError(new ErrorReport("Runtime.AfterRestoreError", "hook POST /restored answered 500"));
        RecordedRequest r = take();
        assertEquals("POST /2018-06-01/runtime/restore/error HTTP/1.1", r.getRequestLine());
        assertEquals("Runtime.AfterRestoreError", r.getHeaders().get("Lambda-Runtime-Function-Error-Type"));
        assertEquals("application/json", r.getHeaders().get("Content-Type"));
        assertEquals("{\"errorMessage\":\"hook POST /restored answered 500\",\"errorType\":\"Runtime.AfterRestoreError\"}",
                r.getBody().utf8());
    }

    @Test
    void reportRestoreErrorRefusedIsAnError() {
        server.enqueue(new MockResponse.Builder().code(403).body("InvalidStateTransition").build());
        assertEquals(403, assertThrows(RuntimeApiException.class,
                () -> client.reportRestoreError(new ErrorReport("T", "m"))).status());
    }

    @Test
    void afterDropConnectionsTheNextCallUsesANewConnectionAndPoolingGoesOn() throws Exception {
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse.Builder().code(200).build());
        }
        client.restoreNext();
        client.restoreNext();
        client.dropConnections();
        client.restoreNext();
        client.restoreNext();
        int first = take().getConnectionIndex();
        assertEquals(first, take().getConnectionIndex(), "kept alive before the drop");
        int after = take().getConnectionIndex();
        assertNotEquals(first, after);
        assertEquals(after, take().getConnectionIndex(), "kept alive after the drop");
    }
}
