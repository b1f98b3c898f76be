package dev.lwa.emulator.internal;

/** {@link Object#wait(long, int)} with a nanosecond budget, for the await-style methods. */
final class Monitors {

    private Monitors() {
    }

    /** Must be called while holding {@code monitor}. */
    static void waitNanos(Object monitor, long nanos) throws InterruptedException {
        long millis = nanos / 1_000_000;
        int rest = (int) (nanos % 1_000_000);
        if (millis == 0 && rest == 0) {
            return;
        }
        monitor.wait(millis, rest);
    }
}
