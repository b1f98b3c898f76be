package dev.lwa.core.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AWS_LWA_WEBSOCKET_PATH: off unless set, read like the pass-through path, never a hook path. */
class WebSocketSettingsTest {

    private static Config parse(Map<String, String> env) throws ConfigException {
        return Config.fromEnv(env);
    }

    @Test
    void offByDefaultAndWhenEmpty() throws ConfigException {
        assertEquals(WebSocketRoute.off(), parse(Map.of()).webSocket());
        Config empty = parse(Map.of("AWS_LWA_WEBSOCKET_PATH", ""));
        assertEquals(WebSocketRoute.off(), empty.webSocket());
        assertEquals(List.of(), empty.warnings());
    }

    @Test
    void aPathIsReadAsTheUrlPathSetterMakesIt() throws ConfigException {
        assertEquals(Optional.of("/ws"), parse(Map.of("AWS_LWA_WEBSOCKET_PATH", "/ws")).webSocket().path());
        assertEquals(Optional.of("/ws"), parse(Map.of("AWS_LWA_WEBSOCKET_PATH", "ws")).webSocket().path());
        assertEquals(Optional.of("/a/ws"), parse(Map.of("AWS_LWA_WEBSOCKET_PATH", "/a/b/../ws")).webSocket().path());
        assertEquals(Optional.of("/ws%3Fx=1"), parse(Map.of("AWS_LWA_WEBSOCKET_PATH", "/ws?x=1")).webSocket().path(),
                "no query can be smuggled in");
        assertTrue(parse(Map.of("AWS_LWA_WEBSOCKET_PATH", "/ws")).warnings().isEmpty());
    }

    @Test
    void theSamePathAsTheEventsPathIsAllowed() throws ConfigException {
        Config c = parse(Map.of("AWS_LWA_WEBSOCKET_PATH", "/events"));
        assertEquals(Optional.of("/events"), c.webSocket().path());
    }

    @Test
    void aSnapStartHookPathIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(Map.of(
                "AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", "/hooks/restore",
                "AWS_LWA_WEBSOCKET_PATH", "/hooks/./restore")));
        assertTrue(e.getMessage().contains("AWS_LWA_WEBSOCKET_PATH"), e.getMessage());
        assertTrue(e.getMessage().contains("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH"), e.getMessage());
        assertThrows(ConfigException.class, () -> parse(Map.of(
                "AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH", "/before", "AWS_LWA_WEBSOCKET_PATH", "/before")));
    }
}
