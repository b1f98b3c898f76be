package dev.lwa.bootstrap.examples;

import dev.lwa.emulator.Trigger;
import dev.lwa.runtimeapi.testing.ExternalServers;
import dev.lwa.runtimeapi.testing.PortReservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.lwa.bootstrap.examples.StaticAndFlaskExamples.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code examples/any-http}: {@code python3 -m http.server} (no framework, HTTP/1.0 answers that
 * close the connection) behind the built layer's launcher, on a Function URL played by the
 * emulator's front door. The client gets the files, a HEAD's length and the server's own 404.
 */
class AnyHttpExampleIT {
    private static final Path EXAMPLE = EXAMPLES.resolve("any-http");
    private static final Path SITE = EXAMPLE.resolve("public");

    @TempDir
    Path temp;

    @Test
    void aPlainFileServerOnAFunctionUrl() throws Exception {
        assertTrue(Files.isExecutable(EXAMPLE.resolve("run.sh")), "examples/any-http/run.sh must be executable");
        Path python = ExternalServers.requireExecutable("python3", "apt-get install python3", "/usr/bin/python3");
        String path = python.getParent() + ":/usr/bin:/bin";
        try (PortReservation port = PortReservation.reserve();
             Stack stack = Stack.start(new Trigger.FunctionUrl(), port.port(), Map.of(),
                     List.of(EXAMPLE.resolve("run.sh").toString()), EXAMPLE, path, temp)) {
            HttpClient client = client();

            HttpResponse<byte[]> index = send(stack, client, request(stack.url("/")).build());
            assertEquals(200, index.statusCode(), stack.logs());
            assertEquals("text/html", index.headers().firstValue("content-type").orElseThrow());
            assertArrayEquals(Files.readAllBytes(SITE.resolve("index.html")), index.body());
            assertEquals(200, stack.nextEnvelope().getInt("statusCode"), "the Function URL's v2 envelope");

            byte[] hello = Files.readAllBytes(SITE.resolve("hello.txt"));
            HttpResponse<byte[]> text = send(stack, client, request(stack.url("/hello.txt?from=test")).build());
            assertEquals(200, text.statusCode());
            assertEquals("text/plain", text.headers().firstValue("content-type").orElseThrow());
            assertArrayEquals(hello, text.body());
            stack.nextExchange();

            HttpResponse<byte[]> head = send(stack, client, request(stack.url("/hello.txt"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(200, head.statusCode());
            assertEquals(Integer.toString(hello.length), head.headers().firstValue("content-length").orElseThrow());
            assertEquals(0, head.body().length);
            stack.nextExchange();

            HttpResponse<byte[]> missing = send(stack, client, request(stack.url("/nothing-here")).build());
            assertEquals(404, missing.statusCode());
            assertTrue(new String(missing.body(), java.nio.charset.StandardCharsets.UTF_8).contains("File not found"));
        }
    }
}
