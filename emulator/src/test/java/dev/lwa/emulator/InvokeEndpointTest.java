package dev.lwa.emulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RIE's invoke endpoint on the front door's port: event in, the function's result (or error) out. */
class InvokeEndpointTest {
    static final String PATH = "/2015-03-31/functions/function/invocations";

    LambdaEmulator emu;
    FrontDoor door;
    FakeRuntime runtime;
    final BlockingQueue<FrontDoor.Exchange> exchanges = new LinkedBlockingQueue<>();
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        emu = LambdaEmulator.builder().functionName("orders").functionTimeout(Duration.ofSeconds(20)).start();
        door = FrontDoor.start(emu, "127.0.0.1", 0, new Trigger.FunctionUrl(), exchanges::add);
        runtime = new FakeRuntime(emu);
    }

    @AfterEach
    void stop() {
        door.close();
        emu.close();
    }

    /** Serves one invocation on a virtual thread; completes with the event the runtime got. */
    CompletableFuture<FakeRuntime.Event> serveOne(Answer answer) {
        CompletableFuture<FakeRuntime.Event> seen = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                FakeRuntime.Event event = runtime.next();
                seen.complete(event);
                answer.answer(event);
            } catch (Throwable t) {
                seen.completeExceptionally(t);
            }
        });
        return seen;
    }

    @FunctionalInterface
    interface Answer {
        void answer(FakeRuntime.Event event) throws Exception;
    }

    HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(door.url() + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theEventGoesThroughAsItIsAndTheResultComesBack() throws Exception {
        String sqs = "{\"Records\":[{\"eventSource\":\"aws:sqs\",\"body\":\"hi\"}]}";
        CompletableFuture<FakeRuntime.Event> seen = serveOne(e -> runtime.respond(e.requestId(), "{\"batchItemFailures\":[]}"));
        String context = Base64.getEncoder().encodeToString("{\"custom\":{\"k\":\"v\"}}".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = post(PATH, sqs, Map.of("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793",
                "X-Amz-Client-Context", context));
        FakeRuntime.Event event = seen.get(20, TimeUnit.SECONDS);
        assertEquals(sqs, event.body());
        assertEquals("Root=1-5759e988-bd862e3fe1be46a994272793", event.header("Lambda-Runtime-Trace-Id"));
        assertEquals("{\"custom\":{\"k\":\"v\"}}", event.header("Lambda-Runtime-Client-Context"));
        assertEquals(200, r.statusCode());
        assertEquals("{\"batchItemFailures\":[]}", r.body());
        assertEquals(Optional.of("application/json"), r.headers().firstValue("content-type"));
        assertEquals(Optional.of(event.requestId()), r.headers().firstValue("x-amzn-requestid"));
        assertTrue(r.headers().firstValue("x-amz-function-error").isEmpty());
        FrontDoor.Exchange exchange = exchanges.poll(20, TimeUnit.SECONDS);
        assertNotNull(exchange);
        assertEquals("POST", exchange.method());
        assertEquals(PATH, exchange.target());
        assertEquals(200, exchange.status());
        assertTrue(exchange.result().orElseThrow().isResponse());
    }

    @Test
    void theFunctionsOwnNameWorksAndAnEmptyPayloadIsAnEmptyObject() throws Exception {
        CompletableFuture<FakeRuntime.Event> seen = serveOne(e -> runtime.respond(e.requestId(), "\"done\""));
        HttpResponse<String> r = post("/2015-03-31/functions/orders/invocations", "", Map.of());
        assertEquals("{}", seen.get(20, TimeUnit.SECONDS).body());
        assertEquals(200, r.statusCode());
        assertEquals("\"done\"", r.body());
    }

    @Test
    void aFunctionErrorIsA200WithTheErrorDocumentAndTheFunctionErrorHeader() throws Exception {
        String error = "{\"errorMessage\":\"boom\",\"errorType\":\"lwa.ErrorStatusCode\"}";
        serveOne(e -> runtime.error(e.requestId(), error, Map.of("Lambda-Runtime-Function-Error-Type", "lwa.ErrorStatusCode")));
        HttpResponse<String> r = post(PATH, "{}", Map.of());
        assertEquals(200, r.statusCode());
        assertEquals(error, r.body());
        assertEquals(Optional.of("Unhandled"), r.headers().firstValue("x-amz-function-error"));
        assertEquals(Optional.of("application/json"), r.headers().firstValue("content-type"));
        FrontDoor.Exchange exchange = exchanges.poll(20, TimeUnit.SECONDS);
        assertNotNull(exchange);
        assertEquals(Optional.of("lwa.ErrorStatusCode"), exchange.result().orElseThrow().errorType());
    }

    @Test
    void aTimeoutIsA200WithLambdasTimeoutDocument() throws Exception {
        emu.close();
        door.close();
        emu = LambdaEmulator.builder().functionTimeout(Duration.ofMillis(300)).start();
        door = FrontDoor.start(emu, "127.0.0.1", 0, new Trigger.FunctionUrl(), exchanges::add);
        runtime = new FakeRuntime(emu);
        CompletableFuture<FakeRuntime.Event> seen = serveOne(e -> { }); // takes it, never answers
        HttpResponse<String> r = post(PATH, "{}", Map.of());
        seen.get(20, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode());
        assertEquals(Optional.of("Unhandled"), r.headers().firstValue("x-amz-function-error"));
        assertTrue(r.body().contains("\"errorType\":\"Sandbox.Timedout\""), r.body());
        assertTrue(r.body().contains("Task timed out after 0.30 seconds"), r.body());
    }

    @Test
    void aPayloadThatIsNotJsonIsRefusedWithoutAnInvocation() throws Exception {
        HttpResponse<String> r = post(PATH, "not json", Map.of());
        assertEquals(400, r.statusCode());
        assertEquals(Optional.of("InvalidRequestContentException"), r.headers().firstValue("x-amzn-errortype"));
        assertTrue(r.body().startsWith("{\"Type\":\"User\",\"Message\":\"Could not parse request body into json"), r.body());
        assertEquals(0, emu.queued());
    }

    @Test
    void aClientContextThatIsNotBase64IsTheCallersMistakeNotAServiceFault() throws Exception {
        HttpResponse<String> r = post(PATH, "{}", Map.of("X-Amz-Client-Context", "not-base64!!"));
        assertEquals(400, r.statusCode());
        assertEquals(Optional.of("InvalidRequestContentException"), r.headers().firstValue("x-amzn-errortype"));
        assertTrue(r.body().contains("X-Amz-Client-Context must be base64-encoded JSON"), r.body());
        assertEquals(0, emu.queued());
    }

    @Test
    void otherMethodsAndOtherFunctionNamesAreFunctionUrlRequests() throws Exception {
        CompletableFuture<FakeRuntime.Event> seen = serveOne(e -> runtime.respond(e.requestId(),
                "{\"statusCode\":204,\"body\":\"\"}"));
        HttpResponse<String> r = post("/2015-03-31/functions/other/invocations", "{}", Map.of());
        assertTrue(seen.get(20, TimeUnit.SECONDS).body().contains("\"rawPath\":\"/2015-03-31/functions/other/invocations\""));
        assertEquals(204, r.statusCode());

        seen = serveOne(e -> runtime.respond(e.requestId(), "{\"statusCode\":200,\"body\":\"page\"}"));
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create(door.url() + PATH)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(seen.get(20, TimeUnit.SECONDS).body().contains("\"method\":\"GET\""));
        assertEquals("page", get.body());
    }
}
