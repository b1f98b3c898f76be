package dev.lwa.bootstrap.examples;

import dev.lwa.emulator.Trigger;
import dev.lwa.runtimeapi.testing.PortReservation;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static dev.lwa.bootstrap.examples.StaticAndFlaskExamples.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code examples/flask}: its {@code run.sh} (gunicorn + the Flask app) behind the built layer's
 * launcher, with the emulator's front door playing an API Gateway REST API on stage {@code Prod}
 * (REST v1 events: the path without the stage, {@code multiValueHeaders}, base64 for binary bodies).
 * A browser-like client does what the README shows: the form page, the form POST and its redirect,
 * the session cookie across requests, a file upload and its download.
 */
class FlaskExampleIT {
    private static final Path EXAMPLE = EXAMPLES.resolve("flask");

    @TempDir
    Path temp;

    @Test
    void formUploadAndSessionThroughARestApiStage() throws Exception {
        assertTrue(Files.isExecutable(EXAMPLE.resolve("run.sh")), "examples/flask/run.sh must be executable");
        Path python = require(pythonWith("flask, gunicorn", "/usr/bin/python3", "/usr/local/bin/python3"),
                "a python3 with Flask and gunicorn (apt-get install python3-flask gunicorn)");
        String path = python.getParent() + ":/usr/bin:/bin"; // run.sh runs the python3 found first
        try (PortReservation port = PortReservation.reserve();
             Stack stack = Stack.start(new Trigger.RestApi("Prod"), port.port(), Map.of("SECRET_KEY", "test-secret-0123456789"),
                     List.of(EXAMPLE.resolve("run.sh").toString()), EXAMPLE, path, temp)) {
            CookieManager cookies = new CookieManager();
            HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

            // The page: links and form actions carry the stage, the session cookie is set.
            HttpResponse<byte[]> page = send(stack, browser, request(stack.url("/")).build());
            String html = new String(page.body(), StandardCharsets.UTF_8);
            assertEquals(200, page.statusCode(), html + stack.logs());
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
            assertTrue(html.contains("Hello, stranger!") && html.contains("visits: 1"), html);
            assertTrue(html.contains("action=\"/Prod/greet\"") && html.contains("action=\"/Prod/upload\""), html);
            assertTrue(page.headers().allValues("set-cookie").stream().anyMatch(c -> c.startsWith("session=")), page.headers().toString());
            assertEquals(200, stack.nextEnvelope().getInt("statusCode"), "the function's REST v1 envelope");

            // The form POST: url-encoded, non-ASCII; answered 303 to the page under the stage.
            String form = "name=" + URLEncoder.encode("Zoë & Ada", StandardCharsets.UTF_8);
            HttpResponse<byte[]> posted = send(stack, browser, request(stack.url("/greet"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
            assertEquals(303, posted.statusCode(), new String(posted.body(), StandardCharsets.UTF_8) + stack.logs());
            assertEquals("/Prod/", posted.headers().firstValue("location").orElseThrow());
            stack.nextExchange();

            HttpResponse<byte[]> again = send(stack, browser, request(stack.url("/")).build());
            html = new String(again.body(), StandardCharsets.UTF_8);
            assertTrue(html.contains("Hello, Zoë &amp; Ada!") && html.contains("visits: 2"), html);
            stack.nextExchange();

            // The upload: multipart/form-data with every byte value; the app hashes what it got.
            byte[] file = new byte[70_000];
            for (int i = 0; i < file.length; i++) {
                file[i] = (byte) (i * 31 + i / 256);
            }
            String boundary = "lwa-example-boundary-7MA4YWxkTrZu0gW";
            byte[] multipart = concat(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.bin\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8), file,
                    ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpResponse<byte[]> uploaded = send(stack, browser, request(stack.url("/upload"))
                    .header("content-type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(multipart)).build());
            assertEquals(201, uploaded.statusCode(), new String(uploaded.body(), StandardCharsets.UTF_8) + stack.logs());
            JsonObject answer = json(uploaded.body());
            assertEquals("data.bin", answer.getString("name"));
            assertEquals(file.length, answer.getInt("bytes"));
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)), answer.getString("sha256"));
            assertEquals("/Prod/files/data.bin", answer.getString("url"));
            stack.nextExchange();

            // The download: binary, byte for byte (lwa answers base64, API Gateway decodes it).
            HttpResponse<byte[]> download = send(stack, browser, request(stack.url("/files/data.bin")).build());
            assertEquals(200, download.statusCode());
            assertEquals("application/octet-stream", download.headers().firstValue("content-type").orElseThrow());
            assertArrayEquals(file, download.body());
            JsonObject envelope = stack.nextEnvelope();
            assertTrue(envelope.getBoolean("isBase64Encoded"), "a binary answer goes back as base64");

            // The session remembers the upload: the page lists it, under the stage.
            html = new String(send(stack, browser, request(stack.url("/")).build()).body(), StandardCharsets.UTF_8);
            assertTrue(html.contains("href=\"/Prod/files/data.bin\"") && html.contains("visits: 3"), html);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
