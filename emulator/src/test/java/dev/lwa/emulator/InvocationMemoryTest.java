package dev.lwa.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A finished invocation is let go: with a long queue wait (local mode waits 15 minutes), nothing
 * keeps its event until the queue's timer would have fired (200 uploads of 512 KiB held 100 MiB).
 */
@Timeout(60)
class InvocationMemoryTest {

    @Test
    void aFinishedInvocationIsNotHeldUntilItsQueueTimeout() throws Exception {
        try (LambdaEmulator emu = LambdaEmulator.builder().queueTimeout(Duration.ofMinutes(15)).start()) {
            FakeRuntime runtime = new FakeRuntime(emu);
            WeakReference<Invoke> event = invokeAndAnswer(emu, runtime);
            for (int i = 0; i < 100 && event.get() != null; i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertNull(event.get(), "the answered invocation's event is still held");
        }
    }

    /** One invocation of a 512 KiB event, answered; only a weak reference to it is left. */
    private static WeakReference<Invoke> invokeAndAnswer(LambdaEmulator emu, FakeRuntime runtime) throws Exception {
        Invoke invoke = Invoke.of(("{\"pad\":\"" + "x".repeat(512 * 1024) + "\"}").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        CompletableFuture<InvocationResult> result = emu.invokeAsync(invoke);
        FakeRuntime.Event delivered = runtime.next();
        runtime.respond(delivered.requestId(), "{}");
        assertTrue(result.get(10, TimeUnit.SECONDS).isResponse());
        return new WeakReference<>(invoke);
    }
}
