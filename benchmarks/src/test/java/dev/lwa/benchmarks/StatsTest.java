package dev.lwa.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StatsTest {

    @Test
    void percentilesAreNearestRankOfTheSortedSamples() {
        long[] samples = new long[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i; // reversed: Stats must sort
        }
        Stats s = Stats.of(samples);
        assertEquals(50, s.p50());
        assertEquals(90, s.p90());
        assertEquals(99, s.p99());
        assertEquals(1, s.min());
        assertEquals(100, s.max());
        assertEquals(50.5, s.mean(), 1e-9);
    }

    @Test
    void aSingleSampleIsEveryPercentileAndNoSampleIsAnError() {
        Stats s = Stats.of(new long[] {7});
        assertEquals(7, s.p50());
        assertEquals(7, s.p99());
        assertThrows(IllegalArgumentException.class, () -> Stats.of(new long[0]));
    }

    @Test
    void formatsNanosAsMicrosAndMillis() {
        assertEquals("123.5", Stats.micros(123_456));
        assertEquals("1.5", Stats.millis(1_500_000));
    }
}
