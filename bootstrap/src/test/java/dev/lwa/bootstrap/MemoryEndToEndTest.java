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
 * heap out and failing everyone. A 128 MB function with 4 pollers may hold about 19 MiB of bodies,
 * and each 4 MB request reserves its body and room for a full 6 MiB answer: one at a time.
 */
@Timeout(120)
class MemoryEndToEndTest {
    private static final int BODY = 4_000_000;

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
             AdapterHarness lwa = AdapterHarness.startWithEnv(Map.of("AWS_LWA_PORT", Integer.toString(app.port())), 4, true, 128)) {
            List<CompletableFuture<InvocationResult>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(lwa.emulator.invokeAsync(post("/echo/" + i, body(i), Duration.ofSeconds(60))));
            }
            for (int i = 0; i < 4; i++) {
                InvocationResult r = results.get(i).get(60, TimeUnit.SECONDS);
                assertTrue(r.isResponse(), r::toString);
                byte[] echoed = Base64.getDecoder().decode(json(json(r.body()).getString("body")).getString("bodyBase64"));
                assertArrayEquals(body(i), echoed, "invocation " + i + " got its own body back");
            }
            assertEquals(1, app.maxConcurrent(), "the budget let one 4 MB invocation in at a time");
        }
    }

    @Test
    void anInvocationWhoseDeadlineComesWhileItWaitsForRoomIsOverloaded() throws Exception {
        // The adapter sees each deadline 28 s before the emulator enforces it: the late invocation's
        // 2 s run out in the adapter long before the platform would time it out, however slow the machine.
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.withEarlierDeadlines(app.port(), Map.of(), 4, 128)) {
            CompletableFuture<InvocationResult> holding = lwa.emulator.invokeAsync(post("/wait", body(1), Duration.ofSeconds(90)));
            app.take(); // admitted, and holding its room (62 s of deadline for the adapter)
            InvocationResult late = lwa.emulator.invoke(Invoke.of(TestEvent.functionUrl("POST", "/echo/late")
                    .body(new String(body(2), StandardCharsets.US_ASCII)).bytes()));
            assertEquals(InvocationResult.Kind.ERROR, late.kind(), late::toString);
            assertEquals("lwa.Overloaded", late.errorType().orElseThrow(), "lwa answers before the platform's timeout");
            assertTrue(json(late.body()).getString("errorMessage").contains("MiB lwa may hold at once"), late::bodyAsString);

            app.releaseWaiters();
            assertTrue(holding.get(30, TimeUnit.SECONDS).isResponse());
            InvocationResult after = lwa.emulator.invoke(post("/echo/after", body(3), Duration.ofSeconds(30)));
            assertTrue(after.isResponse(), "room is given back: " + after);
        }
    }
}
