package dev.lwa.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class SnapStartRestoreTest {

    @Test
    void measuresARestoreThatServesAfterwards() throws Exception {
        try (FixedResponseServer app = FixedResponseServer.start(Events.jsonBody(64), "application/json")) {
            Duration took = SnapStartRestore.once(app.port(), new SnapStartRestore.Options(1, null, null, true));
            assertTrue(took.toNanos() > 0, took::toString);
            // readiness (at least once before and once after), both hooks, the invocation
            assertTrue(app.requests() >= 5, "requests: " + app.requests());
        }
    }

    @Test
    void options() {
        assertEquals(new SnapStartRestore.Options(20, null, null, true), SnapStartRestore.Options.parse(new String[0]));
        assertEquals(5, SnapStartRestore.Options.parse(new String[]{"--n", "5", "--no-hooks"}).n());
        assertThrows(IllegalArgumentException.class, () -> SnapStartRestore.Options.parse(new String[]{"--n", "0"}));
        assertThrows(IllegalArgumentException.class, () -> SnapStartRestore.Options.parse(new String[]{"--x"}));
    }
}
