package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.lwa.bootstrap.AdapterHarness.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admission by memory, end to end: with more large invocations in flight than the function's
 * memory can hold, the extra ones wait for room (within their deadline) instead of running the
 * heap out and failing everyone. An 84 MB function may hold 25.6 MiB of bodies (40 % of it, less
 * lwa's own 8 MiB). Its events come chunked in pieces (concurrency 4: Managed Instances), so each is
 * admitted with 12 MiB, what reading it may take, and keeps its 5.2 MiB once read: two held and one
 * being read fit (22.5 MiB), three held and one more do not (27.8 MiB). (Lambda's smallest is
 * 128 MB, 43.2 MiB; 84 keeps the tests small.)
 */
@Timeout(120)
class MemoryEndToEndTest {
    private static final int BODY = 5_500_000;

    private static byte[] body(int seed) {
        byte[] b = new byte[BODY];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ('a' + (i * 7 + seed) % 26);
        }
        return b;
    }

    private static Invoke post(String path, byte[] body, Duration timeout) {
        return Invoke.of(TestEvent.functionUrl("POST", path).body(new String(body, StandardCharsets.US_ASCII)).bytes())
                .timeout(timeout);
    }

    @Test
    void largeInvocationsBeyondTheBudgetWaitTheirTurnAndAllSucceed() throws Exception {
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.startWithEnv(Map.of("AWS_LWA_PORT", Integer.toString(app.port())), 4, true, 84)) {
            // three fill the budget and hold it until released; the fourth must wait for one of them
            List<CompletableFuture<InvocationResult>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(lwa.emulator.invokeAsync(post("/wait", body(i), Duration.ofSeconds(60))));
            }
            for (int i = 0; i < 3; i++) {
                app.take();
            }
            CompletableFuture<InvocationResult> fourth = lwa.emulator.invokeAsync(post("/status/200", body(3), Duration.ofSeconds(60)));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lwa.emulator.inFlight() < 4) { // the fourth was handed to the adapter
                assertTrue(System.nanoTime() < end, "the adapter did not take the fourth invocation");
                Thread.sleep(1);
            }
            assertEquals(0, app.receivedCount(), "the fourth waits for room instead of reaching the app");
            app.releaseWaiters();
            for (CompletableFuture<InvocationResult> r : results) {
                assertTrue(r.get(60, TimeUnit.SECONDS).isResponse());
            }
            assertTrue(fourth.get(60, TimeUnit.SECONDS).isResponse(), "it got its turn");
            assertArrayEquals(body(3), app.take().body(), "and its whole body");
            assertEquals(3, app.maxConcurrent(), "never more than three 5.5 MB invocations at once");
        }
    }

    @Test
    void anInvocationWhoseDeadlineComesWhileItWaitsForRoomIsOverloaded() throws Exception {
        // The adapter sees each deadline 28 s before the emulator enforces it: the late invocation's
        // 2 s run out in the adapter long before the platform would time it out, however slow the machine.
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.withEarlierDeadlines(app.port(), Map.of(), 4, 84)) {
            CompletableFuture<InvocationResult> holding = lwa.emulator.invokeAsync(post("/wait", body(1), Duration.ofSeconds(90)));
            app.take(); // admitted, and holding its room (62 s of deadline for the adapter)
            CompletableFuture<InvocationResult> second = lwa.emulator.invokeAsync(post("/wait", body(4), Duration.ofSeconds(90)));
            CompletableFuture<InvocationResult> third = lwa.emulator.invokeAsync(post("/wait", body(5), Duration.ofSeconds(90)));
            app.take();
            app.take(); // three hold 15.7 of the 25.6 MiB: no room to read a fourth
            InvocationResult late = lwa.emulator.invoke(Invoke.of(TestEvent.functionUrl("POST", "/echo/late")
                    .body(new String(body(2), StandardCharsets.US_ASCII)).bytes()));
            assertEquals(InvocationResult.Kind.ERROR, late.kind(), late::toString);
            assertEquals("lwa.Overloaded", late.errorType().orElseThrow(), "lwa answers before the platform's timeout");
            assertTrue(json(late.body()).getString("errorMessage").contains("MiB lwa may hold at once"), late::bodyAsString);

            app.releaseWaiters();
            assertTrue(holding.get(30, TimeUnit.SECONDS).isResponse());
            assertTrue(second.get(30, TimeUnit.SECONDS).isResponse());
            assertTrue(third.get(30, TimeUnit.SECONDS).isResponse());
            InvocationResult after = lwa.emulator.invoke(post("/status/200", body(3), Duration.ofSeconds(30)));
            assertTrue(after.isResponse(), "room is given back: " + after);
        }
    }
}
