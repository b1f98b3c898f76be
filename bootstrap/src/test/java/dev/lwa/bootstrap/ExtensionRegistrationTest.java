package dev.lwa.bootstrap;

import dev.lwa.runtimeapi.testing.RawHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extension's parked {@code event/next} against a scripted Extensions API that drops it: a
 * dropped connection is called again (the invocations in flight are worth more than a reset), a
 * fourth drop in a row stops the adapter with a reason that names no Java class.
 */
@Timeout(30)
class ExtensionRegistrationTest {

    /** Registers, then drops the first {@code drops} event/next calls (a reset), then sends SHUTDOWN. */
    private static RawHttpServer extensionsApi(int drops, AtomicInteger nextCalls) throws Exception {
        return new RawHttpServer(conn -> {
            for (String head; (head = conn.readHead()) != null; ) {
                int length = contentLength(head);
                conn.readBytes(length);
                if (head.startsWith("POST")) {
                    conn.write("HTTP/1.1 200 OK\r\nLambda-Extension-Identifier: ext-1\r\nContent-Length: 2\r\n\r\n{}");
                } else if (nextCalls.incrementAndGet() <= drops) {
                    conn.socket.setSoLinger(true, 0);
                    conn.socket.close(); // a reset under the parked call
                    return;
                } else {
                    String event = "{\"eventType\":\"SHUTDOWN\",\"deadlineMs\":1700000002000,\"shutdownReason\":\"spindown\"}";
                    conn.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                            + event.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + event);
                }
            }
        });
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    @Test
    void aDroppedEventNextIsCalledAgainAndTheShutdownStillArrives() throws Exception {
        AtomicInteger nextCalls = new AtomicInteger();
        CompletableFuture<String> shutdown = new CompletableFuture<>();
        CompletableFuture<String> failure = new CompletableFuture<>();
        try (RawHttpServer api = extensionsApi(3, nextCalls)) {
            ExtensionRegistration registration = new ExtensionRegistration("127.0.0.1:" + api.port(), "lambda-adapter",
                    shutdown::complete, failure::complete, () -> false);
            assertTrue(registration.register());

            assertEquals("SHUTDOWN: spindown", shutdown.get(20, TimeUnit.SECONDS));
            assertFalse(failure.isDone(), () -> "stopped for " + failure.join());
            assertEquals(4, nextCalls.get(), "three drops, then the event");
            assertTrue(api.failures().isEmpty(), api.failures()::toString);
        }
    }

    @Test
    void aFourthDropInARowStopsTheAdapterWithAReasonForPeople() throws Exception {
        AtomicInteger nextCalls = new AtomicInteger();
        CompletableFuture<String> shutdown = new CompletableFuture<>();
        CompletableFuture<String> failure = new CompletableFuture<>();
        try (RawHttpServer api = extensionsApi(Integer.MAX_VALUE, nextCalls)) { // every call dropped
            ExtensionRegistration registration = new ExtensionRegistration("127.0.0.1:" + api.port(), "lambda-adapter",
                    shutdown::complete, failure::complete, () -> false);
            assertTrue(registration.register());

            String why = failure.get(20, TimeUnit.SECONDS);
            assertTrue(why.startsWith("extension event/next failed: "), why);
            assertFalse(why.contains("Exception"), "no Java class name reaches the lwa.Shutdown answers: " + why);
            assertFalse(shutdown.isDone());
            // 4 failures of the parked call; the HTTP client may have sent one again itself (a GET
            // on a reused connection that died without an answer)
            assertTrue(nextCalls.get() >= 4 && nextCalls.get() <= 5, "event/next calls: " + nextCalls.get());
        }
    }
}
