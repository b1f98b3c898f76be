package dev.lwa.benchmarks;

import dev.lwa.runtimeapi.testing.PortReservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ColdStartTest {
    private static final Path LAYER = Path.of("../bootstrap/target/layer").toAbsolutePath().normalize();
    private static final Machine MACHINE = new Machine("2026-11-25 12:00 UTC", "test JDK", 2, "test CPU", "Linux");

    @Test
    void parsesOptionsAndRejectsUnknownOnes() {
        var defaults = ColdStart.Options.parse(new String[0]);
        assertEquals(10, defaults.launches(), "the budget is a median of 10 launches");
        assertEquals(10_000, defaults.soak(), "the RSS budget is after 10,000 invocations");
        assertEquals(1000, defaults.lateMs(), "the slow app needs 1 s to listen");
        var o = ColdStart.Options.parse(new String[] {"--launches", "3", "--soak", "0", "--late-ms", "0", "--doc", "none"});
        assertEquals(3, o.launches());
        assertEquals(Optional.empty(), o.doc());
        assertThrows(IllegalArgumentException.class, () -> ColdStart.Options.parse(new String[] {"--fast", "1"}));
        assertThrows(IllegalArgumentException.class, () -> ColdStart.Options.parse(new String[] {"--launches", "0"}));
    }

    @Test
    void theReportSaysWhichBudgetIsMissed(@TempDir Path dir) throws Exception {
        Path layer = Files.createDirectories(dir.resolve("layer"));
        Files.write(dir.resolve("lwa-layer-x86_64.zip"), new byte[31_000_000]);
        var fast = new ColdStart.Variant("fast", Map.of());
        var slow = new ColdStart.Variant("slow (as shipped)", Map.of());
        var launches = new LinkedHashMap<ColdStart.Variant, List<ColdStart.Launch>>();
        launches.put(fast, List.of(launch(50), launch(60), launch(70)));
        launches.put(slow, List.of(launch(170), launch(190), launch(200)));
        var soaks = Map.of(slow, new ColdStart.Soak(10_000, status(40 * 1024), status(47 * 1024)));
        String report = ColdStart.report(MACHINE, new ColdStart.Options(layer, Optional.empty(), 3, 10_000, 1000),
                launches, soaks, List.of(new ColdStart.LateLaunch(1_000_000_000L, 1_012_000_000L)));
        assertTrue(report.contains("| exec → first `/next` ≤ 180 ms (median, as shipped) | 190.0 ms | **no** |"),
                "the last row is the shipped one, and its median is 190 ms\n" + report);
        assertTrue(report.contains("after 10000 invocations | 47.0 MiB | yes |"), report);
        assertTrue(report.contains("| 31.0 MB | **no** |"), report);
        assertTrue(report.contains("| 1000.0 | 1012.0 | 12.0 (12.0–12.0) |"), report);
    }

    /** A real launch of the packaged layer reaches its first /next (skipped when the layer is not built). */
    @Test
    void measuresTheRealLayersStartAndTheSlowApp(@TempDir Path dir) throws Exception {
        Path launcher = LAYER.resolve("extensions/lambda-adapter");
        assumeTrue(Files.isExecutable(launcher), "build the layer first (mvn package)");
        var shipped = new ColdStart.Variant("as shipped", Map.of());
        try (FixedResponseServer app = FixedResponseServer.start(Events.jsonBody(Events.SMALL_BODY), "application/json")) {
            ColdStart.Launch l = ColdStart.launch(launcher, shipped, app.port(), dir.resolve("launch.log"));
            assertTrue(l.registered() > 0 && l.registered() <= l.firstNext(), l.toString());
            assertTrue(l.atFirstNext().rssKib() > 0, l.toString());
            ColdStart.Soak s = ColdStart.soak(launcher, shipped, app.port(), Events.event(Events.Kind.HTTP_V2, Events.SMALL_BODY),
                    50, dir.resolve("soak.log"));
            assertEquals(50, s.invocations());
        }
        // the late app's port is held until it listens there, so no other process can answer on it first
        try (PortReservation port = PortReservation.reserve()) {
            ColdStart.LateLaunch late = ColdStart.lateApp(launcher, shipped, port.port(), 300, dir.resolve("late.log"));
            assertTrue(late.listening() >= 300_000_000L && late.firstNext() > late.listening(),
                    "the adapter cannot poll /next before the app listens: " + late);
        }
    }

    private static ColdStart.Launch launch(long firstNextMs) {
        return new ColdStart.Launch(firstNextMs * 800_000L, firstNextMs * 1_000_000L, status(40 * 1024));
    }

    private static ProcStatus status(long rssKib) {
        return new ProcStatus(rssKib, rssKib, Duration.ofMillis(50));
    }
}
