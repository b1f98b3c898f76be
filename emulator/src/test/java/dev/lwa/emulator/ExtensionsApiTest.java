package dev.lwa.emulator;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Extensions API: registration, INVOKE and SHUTDOWN events, error reports. */
class ExtensionsApiTest {

    LambdaEmulator emu;
    FakeRuntime runtime;
    // HTTP/1.1: while an h2c upgrade is pending the JDK client holds back other requests to the host
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        emu = LambdaEmulator.builder().functionName("fn").handler("app.handler").start();
        runtime = new FakeRuntime(emu);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    HttpResponse<String> register(String name, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/extension/register"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (name != null) {
            request.header("Lambda-Extension-Name", name);
        }
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> nextEvent(String id) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/extension/event/next")).GET();
        if (id != null) {
            request.header("Lambda-Extension-Identifier", id);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postError(String path, String id, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString("{\"errorMessage\":\"x\"}"))
                .header("Lambda-Extension-Identifier", id);
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://" + emu.runtimeApi() + "/2020-01-01" + path);
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void registerAnswersWithAnIdentifierAndTheFunctionDescription() throws Exception {
        HttpResponse<String> registered = register("lambda-adapter", "{\"events\":[]}", Map.of());
        assertEquals(200, registered.statusCode(), registered.body());
        String id = registered.headers().firstValue("Lambda-Extension-Identifier").orElseThrow();
        UUID.fromString(id);
        JsonObject body = json(registered.body());
        assertEquals("fn", body.getString("functionName"));
        assertEquals("$LATEST", body.getString("functionVersion"));
        assertEquals("app.handler", body.getString("handler"));
        assertFalse(body.containsKey("accountId"));

        HttpResponse<String> withAccount = register("other", "{\"events\":[\"SHUTDOWN\"]}",
                Map.of("Lambda-Extension-Accept-Feature", "accountId"));
        assertEquals("012345678912", json(withAccount.body()).getString("accountId"));

        assertTrue(emu.awaitExtensions(2, Duration.ofSeconds(1)));
        List<ExtensionInfo> extensions = emu.extensions();
        assertEquals(List.of("lambda-adapter", "other"), extensions.stream().map(ExtensionInfo::name).toList());
        assertEquals(id, extensions.getFirst().id());
        assertEquals(List.of("SHUTDOWN"), extensions.get(1).events());
    }

    @Test
    void registrationErrorsUseRiesErrorTypes() throws Exception {
        assertForbidden(register(null, "{\"events\":[]}", Map.of()), "Extension.InvalidExtensionName");
        assertForbidden(register("x", "{\"events\":[\"BOGUS\"]}", Map.of()), "Extension.InvalidEventType");
        assertForbidden(register("x", "{not json", Map.of()), "InvalidRequestFormat");
        assertForbidden(register("x", "{\"events\":[],\"configurationKeys\":[\"k\"]}", Map.of()), "InvalidRequestFormat");
        assertEquals(200, register("x", "{}", Map.of()).statusCode(), "events may be omitted");
        assertForbidden(register("x", "{\"events\":[]}", Map.of()), "Extension.InvalidState");
        assertFalse(emu.awaitExtensions(2, Duration.ofMillis(50)));
    }

    @Test
    void eventNextValidatesTheIdentifier() throws Exception {
        assertForbidden(nextEvent(null).get(5, TimeUnit.SECONDS), "Extension.MissingExtensionIdentifier");
        assertForbidden(nextEvent("not-a-uuid").get(5, TimeUnit.SECONDS), "Extension.InvalidExtensionIdentifier");
        assertForbidden(nextEvent(UUID.randomUUID().toString()).get(5, TimeUnit.SECONDS), "Extension.UnknownExtensionIdentifier");
    }

    @Test
    void invokeSubscribersGetAnInvokeEventWhenTheRuntimeGetsTheInvocation() throws Exception {
        String id = register("watcher", "{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}", Map.of())
                .headers().firstValue("Lambda-Extension-Identifier").orElseThrow();
        CompletableFuture<HttpResponse<String>> event = nextEvent(id);
        CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{}").requestId("r-1").traceId("Root=1-2-3"));
        FakeRuntime.Event invocation = runtime.next();
        HttpResponse<String> got = event.get(5, TimeUnit.SECONDS);
        assertEquals(200, got.statusCode());
        assertTrue(got.headers().firstValue("Lambda-Extension-Event-Identifier").isPresent());
        JsonObject body = json(got.body());
        assertEquals("INVOKE", body.getString("eventType"));
        assertEquals("r-1", body.getString("requestId"));
        assertEquals("arn:aws:lambda:us-east-1:012345678912:function:fn", body.getString("invokedFunctionArn"));
        assertEquals(Long.parseLong(invocation.header("Lambda-Runtime-Deadline-Ms")), body.getJsonNumber("deadlineMs").longValue());
        assertEquals("X-Amzn-Trace-Id", body.getJsonObject("tracing").getString("type"));
        assertEquals("Root=1-2-3", body.getJsonObject("tracing").getString("value"));
        runtime.respond(invocation.requestId(), "{}");
        assertEquals(InvocationResult.Kind.RESPONSE, result.get(5, TimeUnit.SECONDS).kind());
    }

    @Test
    void firstInvocationWaitsUntilEveryExtensionAskedForItsFirstEvent() throws Exception {
        String id = register("slow-starter", "{\"events\":[]}", Map.of())
                .headers().firstValue("Lambda-Extension-Identifier").orElseThrow();
        CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{}"));
        CompletableFuture<HttpResponse<byte[]>> next = runtime.nextAsync();
        assertTrue(emu.awaitParkedPollers(1, Duration.ofSeconds(5)));
        assertFalse(next.isDone(), "init is not complete while an extension has not called event/next");
        assertEquals(1, emu.queued());
        CompletableFuture<HttpResponse<String>> parked = nextEvent(id);
        HttpResponse<byte[]> delivered = next.get(5, TimeUnit.SECONDS);
        assertEquals(200, delivered.statusCode());
        assertTrue(emu.extensions().getFirst().ready());
        assertFalse(parked.isDone(), "an extension without INVOKE subscription gets no invoke events");
        runtime.respond(delivered.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow(), "{}");
        assertEquals(InvocationResult.Kind.RESPONSE, result.get(5, TimeUnit.SECONDS).kind());
    }

    @Test
    void registrationClosesAtTheRuntimesFirstNext() throws Exception {
        runtime.nextAsync();
        assertTrue(emu.awaitParkedPollers(1, Duration.ofSeconds(5)));
        assertForbidden(register("late", "{\"events\":[]}", Map.of()), "Extension.RegistrationClosed");
    }

    @Test
    void shutdownReachesSubscribersAndReturnsWhenTheyComeBack() throws Exception {
        String subscriber = register("subscriber", "{\"events\":[\"SHUTDOWN\"]}", Map.of())
                .headers().firstValue("Lambda-Extension-Identifier").orElseThrow();
        String bystander = register("bystander", "{\"events\":[]}", Map.of())
                .headers().firstValue("Lambda-Extension-Identifier").orElseThrow();
        CompletableFuture<HttpResponse<String>> subscriberEvent = nextEvent(subscriber);
        CompletableFuture<HttpResponse<String>> bystanderEvent = nextEvent(bystander);
        long before = System.currentTimeMillis();

        // not on the common pool: with 2 cores it has one worker, which the JDK HTTP client also needs
        CompletableFuture<Boolean> shutdown = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> shutdown.complete(emu.shutdown("spindown", Duration.ofSeconds(20))));
        HttpResponse<String> got = subscriberEvent.get(5, TimeUnit.SECONDS);
        JsonObject body = json(got.body());
        assertEquals("SHUTDOWN", body.getString("eventType"));
        assertEquals("spindown", body.getString("shutdownReason"));
        long deadline = body.getJsonNumber("deadlineMs").longValue();
        assertTrue(deadline >= before + 20_000 && deadline <= System.currentTimeMillis() + 20_000, "deadlineMs " + deadline);
        assertFalse(shutdown.isDone(), "shutdown waits for the subscriber to come back");
        assertFalse(bystanderEvent.isDone());

        nextEvent(subscriber); // the acknowledgement: it asks for more, and gets nothing
        assertTrue(shutdown.get(5, TimeUnit.SECONDS));
        CompletableFuture<InvocationResult> refused = emu.invokeAsync(Invoke.of("{}"));
        assertTrue(refused.isCompletedExceptionally(), "no invocations after SHUTDOWN");
    }

    @Test
    void shutdownGivesUpAtTheDeadlineAndAnExitErrorCountsAsAnAnswer() throws Exception {
        String silent = register("silent", "{\"events\":[\"SHUTDOWN\"]}", Map.of())
                .headers().firstValue("Lambda-Extension-Identifier").orElseThrow();
        assertFalse(emu.shutdown("timeout", Duration.ofMillis(200)), "nobody polled: the deadline passes");

        assertEquals(202, postError("/extension/exit/error", silent, Map.of("Lambda-Extension-Function-Error-Type", "Extension.Crash")).statusCode());
        assertEquals("Extension.Crash", emu.extensions().getFirst().exitError().orElseThrow().errorType());
    }

    @Test
    void extensionErrorReportsNeedTheErrorTypeHeaderAndAreRecorded() throws Exception {
        String id = register("e", "{\"events\":[]}", Map.of()).headers().firstValue("Lambda-Extension-Identifier").orElseThrow();
        assertForbidden(postError("/extension/init/error", id, Map.of()), "Extension.MissingHeader");
        HttpResponse<String> accepted = postError("/extension/init/error", id, Map.of("Lambda-Extension-Function-Error-Type", "Extension.ConfigInvalid"));
        assertEquals(202, accepted.statusCode());
        ErrorInfo error = emu.extensions().getFirst().initError().orElseThrow();
        assertEquals("Extension.ConfigInvalid", error.errorType());
        assertEquals("{\"errorMessage\":\"x\"}", error.bodyAsString());
        assertForbidden(postError("/extension/exit/error", UUID.randomUUID().toString(), Map.of("Lambda-Extension-Function-Error-Type", "X")),
                "Extension.UnknownExtensionIdentifier");
    }

    static void assertForbidden(HttpResponse<String> response, String errorType) {
        assertEquals(403, response.statusCode(), response.body());
        assertEquals(errorType, json(response.body()).getString("errorType"), response.body());
    }
}
