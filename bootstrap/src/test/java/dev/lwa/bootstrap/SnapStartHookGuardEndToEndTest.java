package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.lwa.bootstrap.AdapterHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SnapStart hook paths are the adapter's to call: a request whose path means one of them is
 * answered 403 with an empty body by lwa, in the trigger's shape, and the app never sees it; a
 * merely similar path goes to the app as usual.
 */
@LwaTest(settings = {"AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH=/snapstart/before",
        "AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH=snapstart/after", "AWS_LWA_REMOVE_BASE_PATH=/prod"})
class SnapStartHookGuardEndToEndTest {

    private static TestApp app;
    private static AdapterHarness lwa;

    private static final List<String> HOOK_SPELLINGS = List.of("/snapstart/after", "/SnapStart//AFTER/",
            "/snapstart/%61fter", "/snapstart/after;x=1", "/snapstart/./after", "/x/../snapstart/after",
            "/prod/snapstart/after", "/snapstart/before", "/prod/SNAPSTART/before/", "/snapstart/after;x=%ff");

    @Test
    void hookSpellingsGet403OnEveryTriggerAndNeverReachTheApp() throws Exception {
        for (String path : HOOK_SPELLINGS) {
            for (TestEvent event : List.of(TestEvent.functionUrl("POST", path).body("{\"evil\":true}"),
                    TestEvent.rest("POST", path), TestEvent.alb("GET", path))) {
                InvocationResult r = lwa.invoke(Invoke.of(event.bytes()));
                assertTrue(r.isResponse(), path + ": " + r);
                JsonObject result = json(r.body());
                assertEquals(403, result.getInt("statusCode"), path + ": " + result);
                assertEquals("", result.getString("body"), path);
            }
        }
        // the app's first request is the next forwarded one: none of the above reached it
        assertTrue(lwa.invoke(Invoke.of(TestEvent.functionUrl("POST", "/snapstart/afterwards").bytes())).isResponse());
        TestApp.Received got = app.take();
        assertEquals("/snapstart/afterwards", got.rawPath());
        assertEquals(0, app.receivedCount());
    }

    @Test
    void similarPathsAreForwarded() throws Exception {
        for (String path : List.of("/snapstart/afterwards", "/snapstart", "/snapstart/after/x", "/prod2/snapstart/after")) {
            InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", path).bytes()));
            assertEquals(200, json(r.body()).getInt("statusCode"), path);
            assertEquals(path, app.take().rawPath());
        }
    }

    @Test
    @LwaTest(streaming = true, settings = "AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH=/snapstart/after")
    void inResponseStreamModeThe403IsStreamed(TestApp app, AdapterHarness lwa) throws Exception {
        InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("POST", "/Snapstart/After").bytes()));
        assertTrue(r.isResponse(), r.toString());
        assertTrue(r.streamed());
        assertEquals(403, json(r.prelude().orElseThrow()).getInt("statusCode"));
        assertEquals(0, r.body().length);
        assertEquals(0, app.receivedCount());
    }
}
