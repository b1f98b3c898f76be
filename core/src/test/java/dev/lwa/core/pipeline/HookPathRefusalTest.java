package dev.lwa.core.pipeline;

import dev.lwa.core.config.Config;
import dev.lwa.core.config.ConfigException;
import dev.lwa.core.event.LambdaEvent;
import dev.lwa.core.http.AppForwarder;
import dev.lwa.runtimeapi.json.JsonText;
import dev.lwa.runtimeapi.json.TestJson;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.http.Http1Client;
import dev.lwa.runtimeapi.http.Http1Response;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests for a SnapStart hook path are answered 403 by lwa and never reach the app (a raw socket
 * app on loopback records every request line, so even paths a stricter server would refuse are seen).
 */
class HookPathRefusalTest {

    static ServerSocket app;
    static final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    private final List<Http1Client> clients = new ArrayList<>();

    @BeforeAll
    static void startApp() throws IOException {
        app = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!app.isClosed()) {
                try {
                    Socket s = app.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** Records each request line and answers 200 "ok", keep-alive; a body is read by its content-length. */
    private static void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1))) {
            OutputStream out = s.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                seen.add(line);
                long length = 0;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                        length = Long.parseLong(line.substring(15).strip());
                    }
                }
                for (long i = 0; i < length; i++) {
                    in.read();
                }
                out.write("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    @AfterAll
    static void stopApp() throws IOException {
        app.close();
    }

    @BeforeEach
    void forget() {
        seen.clear();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(Http1Client::close);
    }

    private InvocationHandler handler(Map<String, String> more, Optional<StreamingWriter> streaming) {
        Map<String, String> env = new HashMap<>(more);
        env.put("AWS_LWA_PORT", String.valueOf(app.getLocalPort()));
        env.put("AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH", "/snapstart/before");
        env.put("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", "/snapstart/after");
        Config config;
        try {
            config = Config.fromEnv(env);
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
        Http1Client client = Http1Client.builder("127.0.0.1", app.getLocalPort()).build();
        clients.add(client);
        return new InvocationHandler(config.app(), config.forwarding(),
                new AppForwarder(client, config.forwarding(), config.function(), config.snapStart()),
                AppReadiness.alreadyReady(), streaming);
    }

    private static byte[] v2(String method, String path) {
        return ("{\"version\":\"2.0\",\"rawPath\":" + JsonText.quote(path) + ",\"rawQueryString\":\"q=1\",\"headers\":"
                + "{\"host\":\"api.example.com\",\"x-secret\":\"s3cr3t\"},\"body\":\"payload\",\"requestContext\":{\"http\":"
                + "{\"method\":\"" + method + "\",\"path\":" + JsonText.quote(path) + "},\"stage\":\"$default\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Invocation invocation(byte[] event) {
        return new Invocation("req-1", System.currentTimeMillis() + 30_000, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), event);
    }

    private static JsonObject buffered(InvocationHandler handler, byte[] event) {
        Outcome outcome = handler.handle(invocation(event));
        return TestJson.parse(assertInstanceOf(Outcome.Buffered.class, outcome, outcome.toString())
                .envelope().toByteArray()).asJsonObject();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/snapstart/after", "/SnapStart//AFTER/", "/snapstart/%61fter", "/snapstart/after;x=1",
            "/snapstart/./after", "/x/../snapstart/after", "/snapstart\\before", "/snapstart/before/."})
    void hookPathsGet403AndNeverReachTheApp(String path) {
        JsonObject result = buffered(handler(Map.of(), Optional.empty()), v2("POST", path));
        assertEquals(403, result.getInt("statusCode"), result.toString());
        assertEquals("", result.getString("body"));
        assertEquals(List.of(), List.copyOf(seen));
    }

    @Test
    void theBasePathIsRemovedFirst() {
        InvocationHandler handler = handler(Map.of("AWS_LWA_REMOVE_BASE_PATH", "/prod"), Optional.empty());
        assertEquals(403, buffered(handler, v2("POST", "/prod/snapstart/after")).getInt("statusCode"));
        assertEquals(List.of(), List.copyOf(seen));
        // without the base path the app sees /prod2/..., not a hook path
        assertEquals(200, buffered(handler, v2("POST", "/prod2/snapstart/after")).getInt("statusCode"));
        assertEquals(List.of("POST /prod2/snapstart/after?q=1 HTTP/1.1"), List.copyOf(seen));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/snapstart/afterwards", "/reports/100%", "/snapstart", "/snapstart/%2561fter"})
    void otherPathsAreForwarded(String path) {
        JsonObject result = buffered(handler(Map.of(), Optional.empty()), v2("GET", path));
        assertEquals(200, result.getInt("statusCode"), result.toString());
        assertEquals(List.of("GET " + path + "?q=1 HTTP/1.1"), List.copyOf(seen));
    }

    @Test
    void aRestApiTriggerGetsItsOwnEnvelope() {
        byte[] rest = ("{\"httpMethod\":\"POST\",\"path\":\"/snapstart/before\",\"multiValueHeaders\":{},"
                + "\"requestContext\":{\"httpMethod\":\"POST\",\"requestId\":\"r-1\"},\"body\":null}")
                .getBytes(StandardCharsets.UTF_8);
        JsonObject result = buffered(handler(Map.of(), Optional.empty()), rest);
        assertEquals(403, result.getInt("statusCode"));
        assertTrue(result.containsKey("multiValueHeaders"), result.toString());
        assertEquals(List.of(), List.copyOf(seen));
    }

    @Test
    void inResponseStreamModeThe403IsStreamed() {
        List<Integer> statuses = new ArrayList<>();
        List<Integer> bodyLengths = new ArrayList<>();
        StreamingWriter writer = (inv, event, response, cutBecause) -> {
            assertInstanceOf(LambdaEvent.Http.class, event);
            statuses.add(response.status());
            try (Http1Response r = response) {
                bodyLengths.add(r.readBody(100).length);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return new Outcome.Streamed(0);
        };
        Outcome outcome = handler(Map.of("AWS_LWA_INVOKE_MODE", "response_stream"), Optional.of(writer))
                .handle(invocation(v2("GET", "/SNAPSTART/after/")));
        assertInstanceOf(Outcome.Streamed.class, outcome);
        assertEquals(List.of(403), statuses);
        assertEquals(List.of(0), bodyLengths);
        assertEquals(List.of(), List.copyOf(seen));
    }

    @Test
    void startUpRefusesHookPathsThatCannotBeGuarded() {
        for (String bad : List.of("/", "/snapstart/%25after", "/events")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> Config.fromEnv(Map.of("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", bad)));
            assertEquals("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", e.variable());
        }
    }
}
