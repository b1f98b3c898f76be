package dev.lwa.core.pipeline;

import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admission by memory: reservations up to the budget, waits in arrival order, answers counted without waiting. */
class MemoryBudgetTest {
    private static final long MIB = 1 << 20;
    private static final long LATER = Long.MAX_VALUE / 2;

    @Test
    void theBudgetIsTheFunctionsShareLessLwasOwn() {
        // 2048 MB: 40 % = 819.2 MiB, less 8 MiB; events are admitted before they are read, so no
        // poller needs room of its own
        assertEquals((long) (2048 * MIB * 40 / 100) - 8 * MIB, MemoryBudget.forFunction(2048, 16, Long.MAX_VALUE).capacityBytes(), 1024);
        // the heap bounds it too
        assertEquals(100 * MIB - 8 * MIB, MemoryBudget.forFunction(2048, 1, 100 * MIB).capacityBytes());
        // a small function: 51.2 MiB less 8, however many at once
        assertEquals((long) (128 * MIB * 40 / 100) - 8 * MIB, MemoryBudget.forFunction(128, 16, Long.MAX_VALUE).capacityBytes(), 1024);
        // still at least one large invocation at a time
        assertEquals(12 * MIB, MemoryBudget.forFunction(2048, 1, 16 * MIB).capacityBytes());
        // unknown function memory: the heap alone
        assertEquals(200 * MIB - 8 * MIB, MemoryBudget.forFunction(0, 1, 200 * MIB).capacityBytes());
    }

    @Test
    void reservationsAddUpAndAreGivenBack() throws InterruptedException {
        MemoryBudget budget = MemoryBudget.ofBytes(10 * MIB);
        MemoryBudget.Grant a = budget.acquire(4 * MIB, LATER);
        MemoryBudget.Grant b = budget.acquire(6 * MIB, LATER);
        assertNotNull(a);
        assertNotNull(b);
        assertEquals(10 * MIB, budget.reservedBytes());
        assertNull(budget.acquire(1, System.currentTimeMillis() + 50), "full: the deadline ends the wait");
        a.close();
        a.close(); // twice gives back once
        assertEquals(6 * MIB, budget.reservedBytes());
        b.close();
        assertEquals(0, budget.reservedBytes());
        assertEquals(0, budget.queueLength(), "a wait that timed out leaves the queue");
    }

    @Test
    void anEventOfUnannouncedLengthGivesBackWhatItDidNotNeedOnceRead() throws Exception {
        MemoryBudget budget = MemoryBudget.ofBytes(10 * MIB);
        MemoryBudget.Grant chunked = budget.acquire(MemoryBudget.EVENT_BYTES, LATER); // /next said no length
        MemoryBudget.Grant other = budget.acquire(4 * MIB, LATER);
        CompletableFuture<MemoryBudget.Grant> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return budget.acquire(5 * MIB, LATER);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (budget.queueLength() == 0) {
            Thread.sleep(1); // until the 5 MiB, which do not fit beside the 6 + 4 reserved, wait
        }
        chunked.trimTo(3000); // read: 3,000 bytes
        MemoryBudget.Grant admitted = waiting.get(30, TimeUnit.SECONDS);
        assertNotNull(admitted, "the room given back lets the waiter in");
        assertEquals(3000 + 9 * MIB, budget.reservedBytes());
        chunked.trimTo(1 * MIB); // never grows
        chunked.close();
        other.close();
        admitted.close();
        assertEquals(0, budget.reservedBytes());
    }

    @Test
    void moreThanTheWholeBudgetRunsAlone() throws InterruptedException {
        MemoryBudget budget = MemoryBudget.ofBytes(10 * MIB);
        try (MemoryBudget.Grant huge = budget.acquire(100 * MIB, LATER)) {
            assertNotNull(huge);
            assertEquals(10 * MIB, budget.reservedBytes());
        }
    }

    @Test
    void anAnswerIsCountedWithoutWaitingAndKeepsNewcomersOutUntilItIsGone() throws Exception {
        MemoryBudget budget = MemoryBudget.ofBytes(10 * MIB);
        MemoryBudget.Grant small = budget.acquire(1 * MIB, LATER);
        small.add(12 * MIB); // a large answer read: over the budget, and no wait
        assertEquals(13 * MIB, budget.reservedBytes());
        assertNull(budget.acquire(1 * MIB, System.currentTimeMillis() + 50), "a newcomer waits while it is held");
        small.close();
        try (MemoryBudget.Grant next = budget.acquire(1 * MIB, LATER)) {
            assertNotNull(next, "room again once it was posted");
        }
    }

    @Test
    void waitersAreAdmittedInArrivalOrderAsRoomIsMade() throws Exception {
        MemoryBudget budget = MemoryBudget.ofBytes(10 * MIB);
        MemoryBudget.Grant first = budget.acquire(10 * MIB, LATER);
        BlockingQueue<String> admitted = new LinkedBlockingQueue<>();
        CountDownLatch bigDone = new CountDownLatch(1);
        Thread big = Thread.ofVirtual().start(() -> {
            try (MemoryBudget.Grant g = budget.acquire(8 * MIB, LATER)) {
                admitted.add("big");
                bigDone.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        while (budget.queueLength() < 1) {
            Thread.onSpinWait();
        }
        // 3 MiB arriving later would fit as soon as the first goes, but it waits its turn behind 8 MiB
        Thread small = Thread.ofVirtual().start(() -> {
            try (MemoryBudget.Grant g = budget.acquire(3 * MIB, LATER)) {
                admitted.add("small");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        while (budget.queueLength() < 2) {
            Thread.onSpinWait();
        }
        first.close();
        assertEquals("big", admitted.poll(10, TimeUnit.SECONDS));
        assertTrue(admitted.isEmpty(), "3 MiB do not fit beside 8 MiB: the small one still waits");
        bigDone.countDown();
        assertEquals("small", admitted.poll(10, TimeUnit.SECONDS));
        assertTrue(big.join(java.time.Duration.ofSeconds(10)));
        assertTrue(small.join(java.time.Duration.ofSeconds(10)));
        assertEquals(0, budget.reservedBytes());
    }

    @Test
    void manySmallInvocationsPassFreely() throws InterruptedException {
        MemoryBudget budget = MemoryBudget.ofBytes(12 * MIB);
        java.util.List<MemoryBudget.Grant> grants = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            MemoryBudget.Grant g = budget.acquire(2048, System.currentTimeMillis() + 1);
            assertNotNull(g, "invocation " + i);
            grants.add(g);
        }
        grants.forEach(MemoryBudget.Grant::close);
        assertEquals(0, budget.reservedBytes());
    }
}
