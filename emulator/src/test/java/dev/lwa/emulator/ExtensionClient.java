package dev.lwa.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** A hand-driven external extension: register, then event/next calls. */
final class ExtensionClient {

    // HTTP/1.1: while an h2c upgrade is pending the JDK client holds back other requests to the host
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private String id = "";

    private ExtensionClient(LambdaEmulator emu) {
        this.base = "http://" + emu.runtimeApi() + "/2020-01-01/extension/";
    }

    /** Registers {@code name} for {@code eventsJson} (a JSON array). */
    static ExtensionClient register(LambdaEmulator emu, String name, String eventsJson) throws Exception {
        ExtensionClient extension = new ExtensionClient(emu);
        HttpResponse<String> registered = extension.client.send(HttpRequest.newBuilder(URI.create(extension.base + "register"))
                .header("Lambda-Extension-Name", name)
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":" + eventsJson + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (registered.statusCode() != 200) {
            throw new AssertionError("register answered " + registered.statusCode() + ": " + registered.body());
        }
        extension.id = registered.headers().firstValue("Lambda-Extension-Identifier").orElseThrow();
        return extension;
    }

    CompletableFuture<HttpResponse<String>> nextAsync() {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(base + "event/next"))
                .header("Lambda-Extension-Identifier", id).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
