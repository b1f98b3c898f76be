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

    public String markdown() {
        return "Run " + date + " on " + cpus + " CPUs (nproc), " + cpuModel + ", " + kernel + "; " + jdk + ".";
    }
}
