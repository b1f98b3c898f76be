package dev.lwa.benchmarks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JmhReportTest {

    /** Trimmed from a real `-rf json` file of JMH 1.37 (sample mode in µs, average mode in ns). */
    private static final String RESULTS = """
            [
              {"jmhVersion": "1.37", "benchmark": "dev.lwa.benchmarks.InvokePathBenchmark.direct", "mode": "sample",
               "threads": 1, "forks": 1, "jvm": "/j/bin/java", "jvmArgs": ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"],
               "jdkVersion": "25.0.3", "vmName": "OpenJDK 64-Bit Server VM",
               "params": {"bodySize": "64", "kind": "HTTP_V2"},
               "primaryMetric": {"score": 59.9, "scoreError": 14.0, "scorePercentiles": {"0.0": 21.3, "50.0": 34.688,
                 "90.0": 57.8, "99.0": 178.744, "100.0": 68157.4}, "scoreUnit": "us/op"},
               "secondaryMetrics": {"gc.alloc.rate.norm": {"score": 1234.4, "scoreUnit": "B/op"}}},
              {"jmhVersion": "1.37", "benchmark": "dev.lwa.benchmarks.InvokePathBenchmark.handler", "mode": "sample",
               "threads": 1, "forks": 1, "jvm": "/j/bin/java", "jvmArgs": ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"],
               "jdkVersion": "25.0.3", "vmName": "OpenJDK 64-Bit Server VM",
               "params": {"bodySize": "64", "kind": "HTTP_V2"},
               "primaryMetric": {"score": 93.4, "scoreError": 1.4, "scorePercentiles": {"50.0": 88.832, "99.0": 228.093},
                 "scoreUnit": "us/op"},
               "secondaryMetrics": {}},
              {"jmhVersion": "1.37", "benchmark": "dev.lwa.benchmarks.InvokePathBenchmark.mapping", "mode": "avgt",
               "threads": 1, "forks": 1, "jvm": "/j/bin/java", "jvmArgs": [], "jdkVersion": "25.0.3",
               "vmName": "OpenJDK 64-Bit Server VM", "params": {"bodySize": "65536", "kind": "SQS"},
               "primaryMetric": {"score": 20204.0, "scoreError": 3839.3, "scoreUnit": "ns/op"},
               "secondaryMetrics": {}}
            ]
            """;

    @Test
    void pivotsResultsIntoOneRowPerEventAndBodySizeWithTheMappingOverhead() {
        List<JmhReport.Result> results = JmhReport.read(RESULTS.getBytes(StandardCharsets.UTF_8));
        assertEquals(3, results.size());
        assertEquals(20.204, results.get(2).score(), 1e-9, "ns/op is converted to µs");
        String table = JmhReport.markdown(results, new Machine("2026-01-01 00:00 UTC", "jdk", 2, "cpu", "linux"));
        assertTrue(table.contains("| HTTP_V2 | 64 B | 88.8 / 228 | 34.7 / 179 | 54.1 |"), table);
        assertTrue(table.contains("| SQS | 64 KiB |"), table);
        assertTrue(table.contains("20.2 ± 3.84"), table);
        assertTrue(table.contains("| 1234 |"), "allocation column from -prof gc: " + table);
        assertTrue(table.contains("`-XX:+UseSerialGC -XX:TieredStopAtLevel=1`"), table);
    }
}
