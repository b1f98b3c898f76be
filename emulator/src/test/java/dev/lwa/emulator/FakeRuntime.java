package dev.lwa.emulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A hand-driven runtime: the Runtime API calls a runtime makes, over the JDK HTTP client. */
final class FakeRuntime {

    record Event(String requestId, HttpResponse<byte[]> response) {
        String header(String name) {
            return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
        }

        String body() {
            return new String(response.body(), StandardCharsets.UTF_8);
        }
    }

    // HTTP/1.1: while an h2c upgrade is pending the JDK client holds back other requests to the host
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final String base;

    FakeRuntime(LambdaEmulator emu) {
        this.base = "http://" + emu.runtimeApi();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<byte[]>> nextAsync() {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/2018-06-01/runtime/invocation/next")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    Event next() throws Exception {
        return delivered(nextAsync().get());
    }

    /** The event a {@code /next} (e.g. one of {@link #nextAsync()}) delivered. */
    static Event delivered(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("/next answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return new Event(response.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow(), response);
    }

    HttpResponse<String> respond(String requestId, String body) throws IOException, InterruptedException {
        return respond(requestId, body.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
    }

    HttpResponse<String> respond(String requestId, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        return post("/2018-06-01/runtime/invocation/" + requestId + "/response", body, headers);
    }

    HttpResponse<String> error(String requestId, String body, Map<String, String> headers) throws IOException, InterruptedException {
        return post("/2018-06-01/runtime/invocation/" + requestId + "/error", body.getBytes(StandardCharsets.UTF_8), headers);
    }
}
