package dev.lwa.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The body-path benchmark measures the success path over the whole body, in both directions. */
class BodyPathBenchmarkTest {

    @Test
    void bothDirectionsCarryTheWholeBody() throws Exception {
        long[] r = BodyPathBenchmark.check(65536);
        assertEquals(65536, r[0], "the app receives the event's body, all of it");
        assertTrue(r[1] > 65536 && r[1] < 65536 + 1024, "the result carries the whole answer, escaped: " + r[1]);
    }
}
