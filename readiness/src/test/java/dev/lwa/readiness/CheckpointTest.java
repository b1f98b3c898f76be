package dev.lwa.readiness;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LWA's three Checkpoint unit tests (src/readiness.rs) plus the catch-up after a slow attempt. */
class CheckpointTest {

    @Test
    void firstLineIsDueAt2000ms() {
        Checkpoint c = new Checkpoint();
        assertEquals(2000, c.nextMs());
        assertFalse(c.lapsed(0));
        assertFalse(c.lapsed(1999));
        assertTrue(c.lapsed(2000));
    }

    @Test
    void incrementMovesTheMarkBy2000ms() {
        Checkpoint c = new Checkpoint();
        c.increment();
        assertEquals(4000, c.nextMs());
    }

    @Test
    void zeroIntervalIsLapsedAtOnce() {
        assertTrue(new Checkpoint(0).lapsed(0));
    }

    @Test
    void afterASlowAttemptOneLinePerAttemptCatchesUp() {
        Checkpoint c = new Checkpoint();
        long elapsedAfterSlowAttempt = 6500;
        int lines = 0;
        // three attempts in quick succession, all at about 6.5 s
        for (int attempt = 0; attempt < 3; attempt++) {
            if (c.lapsed(elapsedAfterSlowAttempt)) {
                lines++;
                c.increment();
            }
        }
        assertEquals(3, lines, "2000, 4000 and 6000 each logged once, one per attempt");
        assertFalse(c.lapsed(elapsedAfterSlowAttempt));
        assertEquals(8000, c.nextMs());
    }
}
