package dev.lwa.bootstrap;

import dev.lwa.runtimeapi.json.JsonNode;
import dev.lwa.runtimeapi.testing.PortReservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./lwa invoke}, {@code ./lwa event} and the invoke endpoint on local mode's port, as a user
 * runs them: real processes from the packaged class path (and the {@code lwa} script itself), a real
 * app in its own process ({@link EventsApp}), the real emulator and adapter.
 */
@Timeout(300)
class LocalInvokeIT {
    static final Path EVENTS = Path.of("src/main/resources/dev/lwa/bootstrap/local/events/powertools");
    static final List<String> KINDS = List.of("sqs", "sns", "s3", "eventbridge", "dynamodb", "kinesis", "http-api",
            "rest-api", "alb", "function-url", "lattice", "websocket-connect", "websocket-message", "websocket-disconnect");
    static final String INVOKE = "/2015-03-31/functions/function/invocations";

    @TempDir
    Path dir;

    record Ran(int exit, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return parse(stdout);
        }
    }

    /** Runs a command to its end (2 minutes at most), feeding {@code stdin}; stdout and stderr apart. */
    Ran run(List<String> command, byte[] stdin, Map<String, String> env) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        }
        try {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), () -> command + " did not end\n" + read(err));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        return new Ran(process.exitValue(), Files.readAllBytes(out), read(err));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    static JsonNode parse(byte[] json) {
        try {
            return JsonNode.parse(json);
        } catch (dev.lwa.runtimeapi.json.JsonSyntaxException e) {
            throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static List<String> app(int port) {
        return List.of(java(), "-cp", Path.of("target/test-classes").toAbsolutePath().toString(),
                "dev.lwa.bootstrap.EventsApp", Integer.toString(port));
    }

    /** {@code LocalInvoke} from the packaged class path, as the script starts it. */
    static List<String> invoke(List<String> args, int appPort) {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", Path.of("target/local/lib").toAbsolutePath() + "/*",
                "dev.lwa.bootstrap.local.LocalInvoke"));
        command.addAll(args);
        command.addAll(List.of("--app-port", Integer.toString(appPort), "--"));
        command.addAll(app(appPort));
        return command;
    }

    static String lwaScript() {
        return Path.of("..", "lwa").toAbsolutePath().normalize().toString();
    }

    static byte[] sample(String file) throws IOException {
        return Files.readAllBytes(EVENTS.resolve(file));
    }

    @Test
    void anHttpApiEventGoesToTheAppAndOnlyTheResultReachesStandardOutput() throws Exception {
        Path event = dir.resolve("http.json");
        Files.write(event, sample("apiGatewayProxyV2Event.json"));
        try (PortReservation port = PortReservation.reserve()) {
            Ran ran = run(invoke(List.of("--event", event.toString()), port.port()), new byte[0], Map.of());
            assertEquals(0, ran.exit(), ran::stderr);
            assertEquals(1, ran.out().lines().count(), "one line of JSON and nothing else: " + ran.out());
            JsonNode result = ran.json();
            assertEquals("200", result.member("statusCode").orElseThrow().compactText());
            assertEquals("{\"method\":\"POST\",\"path\":\"/my/path\",\"bodyBytes\":45}",
                    result.member("body").orElseThrow().string());
            assertTrue(ran.stderr().contains("events app: POST /my/path"), "the app's output goes to stderr: " + ran.stderr());
        }
    }

    /**
     * The three WebSocket samples, as a user tries a WebSocket handler ({@code ./lwa event KIND |
     * AWS_LWA_WEBSOCKET_PATH=/ws ./lwa invoke --event - -- <app>}): each reaches the app as a POST to
     * the path with its event type in a header, and the app's status is the result's.
     */
    @Test
    void theWebSocketSamplesReachTheAppAsPostsToTheWebSocketPath() throws Exception {
        Map<String, String> types = Map.of("websocket-connect", "CONNECT", "websocket-message", "MESSAGE",
                "websocket-disconnect", "DISCONNECT");
        for (var kind : types.entrySet()) {
            Ran printed = run(List.of(lwaScript(), "event", kind.getKey()), new byte[0], Map.of());
            assertEquals(0, printed.exit(), printed::stderr);
            try (PortReservation port = PortReservation.reserve()) {
                Ran ran = run(invoke(List.of("--event", "-"), port.port()), printed.stdout(), Map.of("AWS_LWA_WEBSOCKET_PATH", "/ws"));
                assertEquals(0, ran.exit(), ran::stderr);
                JsonNode result = ran.json();
                assertEquals("200", result.member("statusCode").orElseThrow().compactText(), kind.getKey() + ": " + ran.out());
                JsonNode answer = parse(result.member("body").orElseThrow().string().getBytes(StandardCharsets.UTF_8));
                assertEquals("POST", answer.member("method").orElseThrow().string(), kind.getKey());
                assertEquals("/ws", answer.member("path").orElseThrow().string(), kind.getKey());
                assertEquals(kind.getValue(), answer.member("websocket").orElseThrow().string(), kind.getKey());
                assertEquals(kind.getValue().equals("MESSAGE"), !answer.member("bodyBytes").orElseThrow().compactText().equals("0"),
                        kind.getKey() + ": only a message has a body");
                assertTrue(ran.stderr().contains("events app: POST /ws websocket " + kind.getValue()), ran::stderr);
            }
        }
    }

    @Test
    void anSqsEventReachesThePassThroughPathAndTheAppsAnswerIsTheResult() throws Exception {
        byte[] sqs = sample("sqsEvent.json");
        Path event = dir.resolve("sqs.json");
        Files.write(event, sqs);
        try (PortReservation port = PortReservation.reserve()) {
            Ran ran = run(invoke(List.of("--event", event.toString()), port.port()), new byte[0], Map.of());
            assertEquals(0, ran.exit(), ran::stderr);
            assertEquals(parse(sqs).compactText(), ran.json().member("handled").orElseThrow().compactText());
            assertTrue(ran.stderr().contains("events app: POST /events"), ran::stderr);
        }
    }

    @Test
    void theScriptReadsTheEventFromStandardInput() throws Exception {
        byte[] s3 = sample("s3Event.json");
        try (PortReservation port = PortReservation.reserve()) {
            List<String> command = new ArrayList<>(List.of(lwaScript(), "invoke", "--event", "-",
                    "--app-port", Integer.toString(port.port()), "--timeout", "20s", "--"));
            command.addAll(app(port.port()));
            Ran ran = run(command, s3, Map.of());
            assertEquals(0, ran.exit(), ran::stderr);
            assertEquals(parse(s3).compactText(), ran.json().member("handled").orElseThrow().compactText());
        }
    }

    @Test
    void aFunctionErrorPrintsTheErrorDocumentAndExits1() throws Exception {
        Path event = dir.resolve("fail.json");
        Files.writeString(event, new String(sample("apiGatewayProxyV2Event.json"), StandardCharsets.UTF_8)
                .replace("\"rawPath\": \"/my/path\"", "\"rawPath\": \"/fail\""));
        try (PortReservation port = PortReservation.reserve()) {
            Ran ran = run(invoke(List.of("--event", event.toString()), port.port()), new byte[0],
                    Map.of("AWS_LWA_ERROR_STATUS_CODES", "500"));
            assertEquals(1, ran.exit(), ran::stderr);
            assertEquals("lwa.ErrorStatusCode", ran.json().member("errorType").orElseThrow().string(), ran.out());
            assertTrue(ran.stderr().contains("events app: POST /fail"), ran::stderr);
        }
    }

    @Test
    void aTimeoutPrintsTheErrorDocumentAndExits1() throws Exception {
        Path event = dir.resolve("slow.json");
        Files.writeString(event, new String(sample("apiGatewayProxyV2Event.json"), StandardCharsets.UTF_8)
                .replace("\"rawPath\": \"/my/path\"", "\"rawPath\": \"/slow\""));
        try (PortReservation port = PortReservation.reserve()) {
            Ran ran = run(invoke(List.of("--event", event.toString(), "--timeout", "2s"), port.port()), new byte[0], Map.of());
            assertEquals(1, ran.exit(), ran::stderr);
            String type = ran.json().member("errorType").orElseThrow().string();
            assertEquals("lwa.AppTimeout", type, ran.out());
        }
    }

    @Test
    void anAppThatExitsBeforeAnsweringExits1WhateverItsOwnStatus() throws Exception {
        Path event = Files.write(dir.resolve("event.json"), sample("apiGatewayProxyV2Event.json"));
        try (PortReservation port = PortReservation.reserve()) {
            List<String> command = new ArrayList<>(invoke(List.of("--event", event.toString()), port.port()));
            command.subList(command.indexOf("--") + 1, command.size()).clear();
            command.addAll(List.of("sh", "-c", "echo the app gives up; exit 2")); // 2 would read as "bad command line"
            Ran ran = run(command, new byte[0], Map.of());
            assertEquals(1, ran.exit(), ran::stderr);
            assertEquals(0, ran.stdout().length, ran::out);
            assertTrue(ran.stderr().contains("the app gives up") && ran.stderr().contains("lwa invoke: no result"), ran::stderr);
        }
    }

    /** Lambda gives such an app its 10 s init and the function's timeout, then fails the invocation: so does invoke. */
    @Test
    void anAppThatNeverListensEndsAfterTheInitLimitAndTheTimeoutNotNever() throws Exception {
        Path event = Files.write(dir.resolve("event.json"), sample("apiGatewayProxyV2Event.json"));
        try (PortReservation port = PortReservation.reserve()) {
            List<String> command = new ArrayList<>(invoke(List.of("--event", event.toString(), "--timeout", "1s"), port.port()));
            command.subList(command.indexOf("--") + 1, command.size()).clear();
            command.addAll(List.of("sh", "-c", "echo the app never listens; exec sleep 300"));
            Ran ran = run(command, new byte[0], Map.of());
            assertEquals(1, ran.exit(), ran::stderr);
            assertEquals(0, ran.stdout().length, ran::out);
            assertTrue(ran.stderr().contains("the app never listens"), ran::stderr);
            assertTrue(ran.stderr().contains("lwa invoke: no result: the app was not ready after 11 s"), ran::stderr);
        }
    }

    @Test
    void aBadCommandLineOrAnEventThatIsNotJsonExits2WithoutStartingAnything() throws Exception {
        Ran missing = run(List.of(lwaScript(), "invoke", "--", "true"), new byte[0], Map.of());
        assertEquals(2, missing.exit(), missing::stderr);
        assertTrue(missing.stderr().contains("missing --event"), missing::stderr);
        Ran notJson = run(List.of(lwaScript(), "invoke", "--event", "-", "--", "true"),
                "not json".getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(2, notJson.exit(), notJson::stderr);
        assertTrue(notJson.stderr().contains("not a JSON document"), notJson::stderr);
        assertFalse(notJson.stderr().contains("usage:"), "the command line was right: no usage to bury the error" + notJson.stderr());
        assertEquals(0, notJson.stdout().length);
    }

    @Test
    void eventListsEveryKindAndPrintsEachSampleUnchanged() throws Exception {
        Ran list = run(List.of(lwaScript(), "event"), new byte[0], Map.of());
        assertEquals(0, list.exit(), list::stderr);
        for (String kind : KINDS) {
            assertTrue(list.out().contains("  " + kind + " "), kind + " is not listed: " + list.out());
        }
        Ran unknown = run(List.of(lwaScript(), "event", "carrier-pigeon"), new byte[0], Map.of());
        assertEquals(2, unknown.exit());
        assertTrue(unknown.stderr().contains("unknown kind"), unknown::stderr);
    }

    /**
     * Every kind {@code ./lwa event} prints is the published sample, valid JSON, and an event local mode
     * answers without a function error: all of them go, one after the other, to the invoke endpoint of
     * one local mode (starting an app per kind would take minutes).
     */
    @Test
    void everySampleIsAcceptedByTheInvokeEndpoint() throws Exception {
        try (PortReservation port = PortReservation.reserve()) {
            List<String> args = new ArrayList<>(List.of("--app-port", Integer.toString(port.port()), "--"));
            args.addAll(app(port.port()));
            LocalModeRun local = LocalModeRun.start(dir, dir.resolve("local.log"), args);
            try {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                local.awaitFirstAnswer(http, "/", HttpResponse.BodyHandlers.ofString());
                for (String kind : KINDS) {
                    Ran printed = run(List.of(lwaScript(), "event", kind), new byte[0], Map.of());
                    assertEquals(0, printed.exit(), printed::stderr);
                    assertTrue(JsonNode.isValue(printed.stdout()), kind + " is not JSON: " + printed.out());
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(local.uri(INVOKE)).timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(printed.stdout())).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode(), kind);
                    assertEquals(Optional.empty(), r.headers().firstValue("x-amz-function-error"), kind + ": " + r.body());
                    assertTrue(JsonNode.isValue(r.body().getBytes(StandardCharsets.UTF_8)), kind + ": " + r.body());
                }
            } finally {
                local.process.descendants().forEach(ProcessHandle::destroyForcibly);
                local.process.destroyForcibly();
            }
        }
    }

    /** The endpoint as a user {@code curl}s it: an SQS event through to the pass-through path, and a function error. */
    @Test
    void theInvokeEndpointOnLocalModesPortPassesEventsThroughAndReportsErrors() throws Exception {
        byte[] sqs = sample("sqsEvent.json");
        try (PortReservation port = PortReservation.reserve()) {
            List<String> args = new ArrayList<>(List.of("--app-port", Integer.toString(port.port()), "--"));
            args.addAll(app(port.port()));
            LocalModeRun local = LocalModeRun.start(dir, dir.resolve("endpoint.log"), args);
            try {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                local.awaitFirstAnswer(http, "/", HttpResponse.BodyHandlers.ofString());
                HttpResponse<byte[]> ok = http.send(HttpRequest.newBuilder(local.uri(INVOKE)).timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(sqs)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, ok.statusCode(), local::log);
                assertEquals(parse(sqs).compactText(), parse(ok.body()).member("handled").orElseThrow().compactText());
                assertEquals(Optional.empty(), ok.headers().firstValue("x-amz-function-error"));
                assertTrue(local.awaitLog("POST " + INVOKE + " -> 200"), local::log);

                // a bad base64 body: the adapter reports a function error instead of calling the app
                byte[] bad = new String(sample("apiGatewayProxyV2Event.json"), StandardCharsets.UTF_8)
                        .replace("\"isBase64Encoded\": false", "\"isBase64Encoded\": true")
                        .replace("\"body\": \"{", "\"body\": \"!{").getBytes(StandardCharsets.UTF_8);
                HttpResponse<byte[]> failed = http.send(HttpRequest.newBuilder(local.uri(INVOKE)).timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bad)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, failed.statusCode());
                assertEquals(Optional.of("Unhandled"), failed.headers().firstValue("x-amz-function-error"));
                assertEquals("lwa.InvalidEvent", parse(failed.body()).member("errorType").orElseThrow().string());
                assertTrue(local.awaitLog("POST " + INVOKE + " -> 200 lwa.InvalidEvent"), local::log);
            } finally {
                local.process.descendants().forEach(ProcessHandle::destroyForcibly);
                local.process.destroyForcibly();
            }
        }
    }

    @Test
    void theSamplesAreThePublishedFilesByteForByte() throws IOException {
        Path core = Path.of("../core/src/test/resources/sample-events/powertools");
        try (var files = Files.list(EVENTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                assertArrayEquals(Files.readAllBytes(core.resolve(file.getFileName())), Files.readAllBytes(file), file.toString());
            }
        }
        assertArrayEquals(Files.readAllBytes(core.resolve("LICENSE")), Files.readAllBytes(EVENTS.resolve("LICENSE")));
    }
}
