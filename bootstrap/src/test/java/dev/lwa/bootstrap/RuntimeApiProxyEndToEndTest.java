package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * D9: {@code AWS_LWA_LAMBDA_RUNTIME_API_PROXY} carries the Runtime API traffic ({@code /next},
 * {@code /response}, {@code /error}) and never extension registration, which goes to
 * {@code AWS_LAMBDA_RUNTIME_API} as the LWA docs say. The proxy ({@link ForwardingProxy}) is a
 * byte-forwarding TCP proxy in front of the emulator that records what the adapter sent through it.
 */
class RuntimeApiProxyEndToEndTest {

    @ParameterizedTest(name = "proxy given as {0}")
    @ValueSource(strings = {"%s", "http://%s"}) // host:port, and the docs' http:// example (accepted with a warning)
    void invocationTrafficGoesThroughTheProxyAndRegistrationDoesNot(String format) throws Exception {
        try (TestApp app = TestApp.start(); ForwardingProxy proxy = ForwardingProxy.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(),
                     Map.of("AWS_LWA_LAMBDA_RUNTIME_API_PROXY", format.formatted("127.0.0.1:" + proxy.port())), 1, false)) {
            proxy.forwardTo(lwa.emulator.port());
            assertTrue(lwa.emulator.awaitParkedPollers(1, Duration.ofSeconds(10)), "/next reaches the emulator through the proxy");

            InvocationResult ok = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/via-proxy").bytes()).requestId("req-ok"));
            assertTrue(ok.isResponse(), ok::toString);
            assertEquals("/via-proxy", app.take().rawPath());
            InvocationResult bad = lwa.invoke(Invoke.of("{broken".getBytes(StandardCharsets.UTF_8)).requestId("req-bad"));
            assertEquals("lwa.InvalidEvent", bad.errorType().orElseThrow());
            // The next /next is parked once the error is posted; by then both posts went through the proxy.
            assertTrue(lwa.emulator.awaitParkedPollers(1, Duration.ofSeconds(10)));

            String traffic = proxy.traffic();
            assertTrue(traffic.contains("GET /2018-06-01/runtime/invocation/next HTTP/1.1"), traffic);
            assertTrue(traffic.contains("POST /2018-06-01/runtime/invocation/req-ok/response HTTP/1.1"), traffic);
            assertTrue(traffic.contains("POST /2018-06-01/runtime/invocation/req-bad/error HTTP/1.1"), traffic);
            assertFalse(traffic.contains("/2020-01-01/extension"), "D9: no Extensions API call through the proxy\n" + traffic);
            assertEquals("lambda-adapter", lwa.emulator.extensions().getFirst().name(),
                    "registered with AWS_LAMBDA_RUNTIME_API directly");

            // SHUTDOWN arrives on the extension's own /event/next, which bypasses the proxy as well.
            lwa.emulator.shutdown("spindown", Duration.ofMillis(500)); // the adapter just exits: this waits out the 500 ms
            assertEquals(0, lwa.exit.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void withoutTheSettingNothingGoesThroughTheProxy() throws Exception {
        // The contrast: the same proxy, not configured, sees no traffic.
        try (TestApp app = TestApp.start(); ForwardingProxy proxy = ForwardingProxy.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of())) {
            proxy.forwardTo(lwa.emulator.port());
            assertTrue(lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/direct").bytes())).isResponse());
            assertEquals("", proxy.traffic());
        }
    }
}
