package dev.lwa.bootstrap.local;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app always gets the port lwa probes, under both names, or local mode refuses with one line. */
class LocalEnvironmentTest {
    static final Map<String, String> EMULATOR = Map.of("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:1");

    static LocalEnvironment.Outcome resolve(List<String> args, Map<String, String> shell) throws Exception {
        List<String> all = new java.util.ArrayList<>(args);
        all.addAll(List.of("--", "app"));
        return LocalEnvironment.resolve(LocalOptions.parse(all), shell, EMULATOR);
    }

    static LocalEnvironment.Ready ready(List<String> args, Map<String, String> shell) throws Exception {
        return assertInstanceOf(LocalEnvironment.Ready.class, resolve(args, shell));
    }

    /** As --mode stream with such a trigger is refused: set in the environment, every request would fail. */
    @Test
    void responseStreamFromTheEnvironmentWithATriggerThatBuffersIsRefused() throws Exception {
        Map<String, String> streaming = Map.of("AWS_LWA_INVOKE_MODE", "response_stream");
        for (String trigger : List.of("rest-api", "http-api", "alb", "alb-multi")) {
            LocalEnvironment.Refused refused = assertInstanceOf(LocalEnvironment.Refused.class,
                    resolve(List.of("--trigger", trigger), streaming));
            assertTrue(refused.reason().contains("--trigger " + trigger + " buffers them"), refused.reason());
        }
        ready(List.of("--trigger", "function-url"), streaming);
    }

    @Test
    void aPortInTheShellDoesNotBeatAppPort() throws Exception {
        LocalEnvironment.Ready r = ready(List.of("--app-port", "8081"), Map.of("PORT", "3000"));
        assertEquals(8081, r.config().app().port(), "lwa probes --app-port");
        assertEquals("8081", r.env().get("PORT"), "and the app is told to listen there");
        assertEquals("8081", r.env().get("AWS_LWA_PORT"));
        assertEquals(Optional.of("3000"), r.shadowedPort(), "the summary says the shell's PORT was not passed on");
    }

    @Test
    void withoutAppPortTheAdaptersRuleDecidesAndTheAppAgrees() throws Exception {
        LocalEnvironment.Ready fromPort = ready(List.of(), Map.of("PORT", "3000"));
        assertEquals(3000, fromPort.config().app().port());
        assertEquals("3000", fromPort.env().get("AWS_LWA_PORT"));
        assertEquals(Optional.empty(), fromPort.shadowedPort());

        LocalEnvironment.Ready fromLwaPort = ready(List.of(), Map.of("PORT", "3000", "AWS_LWA_PORT", "4000"));
        assertEquals(4000, fromLwaPort.config().app().port());
        assertEquals("4000", fromLwaPort.env().get("PORT"));
        assertEquals(Optional.of("3000"), fromLwaPort.shadowedPort());

        LocalEnvironment.Ready defaults = ready(List.of(), Map.of());
        assertEquals("8080", defaults.env().get("PORT"));
        assertEquals("127.0.0.1:1", defaults.env().get("AWS_LAMBDA_RUNTIME_API"));
    }

    @Test
    void appPortAndAwsLwaPortThatDisagreeAreRefusedWithOneLine() throws Exception {
        LocalEnvironment.Refused refused = assertInstanceOf(LocalEnvironment.Refused.class,
                resolve(List.of("--app-port", "8081"), Map.of("AWS_LWA_PORT", "4000")));
        assertTrue(refused.reason().contains("--app-port 8081") && refused.reason().contains("AWS_LWA_PORT=4000"),
                refused.reason());
        assertTrue(!refused.reason().contains("\n"));
        assertEquals(8081, ready(List.of("--app-port", "8081"), Map.of("AWS_LWA_PORT", "8081")).config().app().port(),
                "the same port twice is no contradiction");
    }

    @Test
    void streamModeIsTheAdaptersInvokeMode() throws Exception {
        assertEquals("response_stream", ready(List.of("--mode", "stream"), Map.of()).env().get("AWS_LWA_INVOKE_MODE"));
    }
}
