package dev.lwa.benchmarks;

import java.util.Arrays;

/**
 * Percentiles of a set of durations in nanoseconds, by the nearest-rank method (the p-th
 * percentile is a value that was really measured, never an interpolation).
 *
 * @param count number of samples
 * @param p50   median, ns
 * @param p90   ns
 * @param p99   ns
 * @param min   ns
 * @param max   ns
 * @param mean  ns
 */
public record Stats(int count, long p50, long p90, long p99, long min, long max, double mean) {

    public static Stats of(long[] nanos) {
        return of(nanos, nanos.length);
    }

    /** Of the first {@code count} samples. */
    public static Stats of(long[] nanos, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] s = Arrays.copyOf(nanos, count);
        Arrays.sort(s);
        double sum = 0;
        for (long v : s) {
            sum += v;
        }
        return new Stats(count, rank(s, 50), rank(s, 90), rank(s, 99), s[0], s[count - 1], sum / count);
    }

    /** Nearest rank: the smallest value with at least p % of the samples at or below it. */
    static long rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Nanoseconds as microseconds with one decimal, e.g. {@code 123.4}. */
    public static String micros(double nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1000.0);
    }

    /** Nanoseconds as milliseconds with one decimal. */
    public static String millis(double nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1_000_000.0);
    }
}
