package dev.lwa.benchmarks;

import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.runtimeapi.RuntimeApiClient;
import dev.lwa.runtimeapi.http.Http1Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each path of {@link StreamingBenchmark} measures a stream that really completed, small and in-process. */
@Timeout(60)
class StreamingBenchmarkTest {
    private static final long SIZE = 3 * 1024 * 1024 + 17;

    @Test
    void everyPathStreamsTheWholeBodyAndEveryEventIsTimed() throws Exception {
        try (StreamingBenchmark.StreamApp app = StreamingBenchmark.StreamApp.start();
             LambdaEmulator emu = LambdaEmulator.builder().port(0).functionTimeout(Duration.ofSeconds(30)).start();
             StreamingBenchmark.UnderTest lwa = StreamingBenchmark.UnderTest.inProcess(emu, app.port());
             Http1Client direct = Http1Client.builder("127.0.0.1", app.port()).build();
             LambdaEmulator bare = LambdaEmulator.builder().port(0).functionTimeout(Duration.ofSeconds(30)).start();
             RuntimeApiClient streamer = RuntimeApiClient.create(bare.runtimeApi(), true)) {
            // each of these checks the byte count itself and throws when a stream came up short
            assertTrue(StreamingBenchmark.directBytes(direct, SIZE, "random") > 0);
            assertTrue(StreamingBenchmark.runtimeOnly(bare, streamer, SIZE) > 0);
            assertTrue(StreamingBenchmark.viaLwa(emu, SIZE, "random", false) > 0);
            assertTrue(StreamingBenchmark.viaLwa(emu, SIZE, "text", true) > 0);

            long[] directTtfb = StreamingBenchmark.sseDirect(app, direct, 20, 500);
            long[] lwaTtfb = StreamingBenchmark.sseViaLwa(app, emu, 20, 500);
            assertEquals(20, lwaTtfb.length);
            assertTrue(Arrays.stream(directTtfb).allMatch(ns -> ns > 0), Arrays.toString(directTtfb));
            assertTrue(Arrays.stream(lwaTtfb).allMatch(ns -> ns > 0), "an event cannot arrive before it was written: "
                    + Arrays.toString(lwaTtfb));
        }
    }

    @Test
    void theReportHasEveryPathAndTheAddedLatency() {
        StreamingBenchmark.Options o = StreamingBenchmark.Options.parse(new String[]{"--no-doc", "--rounds", "2", "--mib", "1"});
        double[][] mibps = {{100, 200}, {90, 80}, {50, 60}, {10, 20}};
        Stats direct = Stats.of(new long[]{10_000, 20_000});
        Stats lwa = Stats.of(new long[]{110_000, 120_000});
        String report = StreamingBenchmark.render(Machine.current(), "0.5 0.5 0.5", o, mibps, direct, lwa, Optional.empty(),
                new double[0], "in the harness JVM");

        for (String path : StreamingBenchmark.PATHS) {
            assertTrue(report.contains("| " + path + " |"), path + " missing in\n" + report);
        }
        assertTrue(report.contains("| through lwa: app → lwa → emulator | 50 | 50 | 60 |"), report);
        assertTrue(report.contains("Added by lwa at p50: 100.0 µs."), report);
    }

    @Test
    void badOptionsAreRefusedWithTheUsage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamingBenchmark.Options.parse(new String[]{"--events", "1"}));
        assertTrue(e.getMessage().contains("usage: StreamingBenchmark"), e.getMessage());
    }
}
