package dev.lwa.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Where and with what a run was made, for the header of each results table. */
public record Machine(String date, String jdk, int cpus, String cpuModel, String kernel) {

    public static Machine current() {
        String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + Optional.ofNullable(System.getProperty("java.vendor.version")).map(v -> " (" + v + ")").orElse("");
        return new Machine(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                jdk, Runtime.getRuntime().availableProcessors(), readCpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    /** The first "model name" of /proc/cpuinfo; "unknown" where there is none. */
    static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    int colon = line.indexOf(':');
                    return colon < 0 ? line : line.substring(colon + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: say so below
        }
        return "unknown";
    }

    /**
     * The 1, 5 and 15 minute load averages of /proc/loadavg, e.g. {@code "0.41 0.52 0.60"}: on a
     * 2-CPU machine shared with builds, anything near 1 or more means the numbers carry other
     * people's work.
     */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public String markdown() {
        return "Run " + date + " on " + cpus + " CPUs (nproc), " + cpuModel + ", " + kernel + "; " + jdk + ".";
    }
}
