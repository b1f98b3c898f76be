package dev.lwa.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Memory and CPU of a process as Linux reports them in /proc/&lt;pid&gt;/status and through
 * {@link ProcessHandle}.
 *
 * @param rssKib resident set now (VmRSS)
 * @param hwmKib peak resident set (VmHWM)
 * @param cpu    user + system CPU time so far
 */
public record ProcStatus(long rssKib, long hwmKib, Duration cpu) {

    public static ProcStatus of(ProcessHandle process) throws IOException {
        long rss = -1;
        long hwm = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kib(line);
            }
        }
        Duration cpu = process.info().totalCpuDuration().orElse(Duration.ZERO);
        return new ProcStatus(rss, hwm, cpu);
    }

    /** {@code "VmRSS:     12345 kB"} → 12345. */
    static long kib(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(parts[0]);
    }

    public String rssMib() {
        return String.format(java.util.Locale.ROOT, "%.1f", rssKib / 1024.0);
    }

    public String hwmMib() {
        return String.format(java.util.Locale.ROOT, "%.1f", hwmKib / 1024.0);
    }
}
