package dev.lwa.bootstrap.examples;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import dev.lwa.emulator.Trigger;
import dev.lwa.runtimeapi.testing.ExternalServers;
import dev.lwa.runtimeapi.testing.PortReservation;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static dev.lwa.bootstrap.examples.StaticAndFlaskExamples.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code examples/nginx}: its {@code run.sh} (nginx serving {@code public/}) behind the built layer's
 * launcher with {@code AWS_LWA_ENABLE_COMPRESSION=true}, and the emulator's front door playing an ALB
 * target group with multi-value headers. The client gets the page gzip'd, the stylesheet in brotli,
 * the PNG as it is (base64 in the envelope), each byte for byte once decoded.
 */
class NginxExampleIT {
    private static final Path EXAMPLE = EXAMPLES.resolve("nginx");
    private static final Path SITE = EXAMPLE.resolve("public");

    @TempDir
    Path temp;

    @Test
    void aStaticSiteCompressedBehindAnAlbWithMultiValueHeaders() throws Exception {
        assertTrue(Files.isExecutable(EXAMPLE.resolve("run.sh")), "examples/nginx/run.sh must be executable");
        Path nginx = ExternalServers.requireExecutable("nginx", "apt-get install nginx-light", "/usr/sbin/nginx");
        String path = nginx.getParent() + ":/usr/bin:/bin";
        try (PortReservation port = PortReservation.reserve();
             Stack stack = Stack.start(new Trigger.Alb(true), port.port(),
                     Map.of("AWS_LWA_ENABLE_COMPRESSION", "true", "TMPDIR", temp.toString()),
                     List.of(EXAMPLE.resolve("run.sh").toString()), EXAMPLE, path, temp)) {
            HttpClient client = client();

            // index.html, gzip
            HttpResponse<byte[]> page = send(stack, client, request(stack.url("/")).header("accept-encoding", "gzip").build());
            assertEquals(200, page.statusCode(), stack.logs());
            assertEquals("gzip", page.headers().firstValue("content-encoding").orElse("none"), page.headers().toString());
            assertEquals("text/html", page.headers().firstValue("content-type").orElseThrow());
            assertArrayEquals(Files.readAllBytes(SITE.resolve("index.html")), gunzip(page.body()));
            JsonObject envelope = stack.nextEnvelope();
            assertTrue(envelope.containsKey("multiValueHeaders") && !envelope.containsKey("headers"),
                    "multi-value headers on: the answer must use multiValueHeaders only: " + envelope);
            assertEquals("gzip", envelope.getJsonObject("multiValueHeaders").getJsonArray("content-encoding").getString(0));
            assertTrue(envelope.getBoolean("isBase64Encoded"), "a compressed body is binary");

            // style.css, br when both are accepted
            HttpResponse<byte[]> css = send(stack, client, request(stack.url("/style.css")).header("accept-encoding", "gzip, br").build());
            assertEquals(200, css.statusCode());
            assertEquals("br", css.headers().firstValue("content-encoding").orElse("none"), css.headers().toString());
            assertEquals("text/css", css.headers().firstValue("content-type").orElseThrow());
            assertArrayEquals(Files.readAllBytes(SITE.resolve("style.css")), unbrotli(css.body()));
            stack.nextExchange();

            // logo.png: images are not compressed; the binary body is base64 in the envelope and arrives intact
            HttpResponse<byte[]> logo = send(stack, client, request(stack.url("/logo.png")).header("accept-encoding", "gzip, br").build());
            assertEquals(200, logo.statusCode());
            assertEquals("image/png", logo.headers().firstValue("content-type").orElseThrow());
            assertFalse(logo.headers().firstValue("content-encoding").isPresent(), logo.headers().toString());
            assertArrayEquals(Files.readAllBytes(SITE.resolve("logo.png")), logo.body());
            assertTrue(stack.nextEnvelope().getBoolean("isBase64Encoded"), "a PNG goes back as base64");

            // no Accept-Encoding: the file as it is
            HttpResponse<byte[]> plain = send(stack, client, request(stack.url("/style.css")).build());
            assertFalse(plain.headers().firstValue("content-encoding").isPresent(), plain.headers().toString());
            assertArrayEquals(Files.readAllBytes(SITE.resolve("style.css")), plain.body());
            stack.nextExchange();

            // nginx's own 404
            HttpResponse<byte[]> missing = send(stack, client, request(stack.url("/missing.html")).build());
            assertEquals(404, missing.statusCode());
            assertTrue(new String(missing.body(), java.nio.charset.StandardCharsets.UTF_8).contains("nginx"));
        }
    }

    private static byte[] gunzip(byte[] body) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    private static byte[] unbrotli(byte[] body) throws Exception {
        Brotli4jLoader.ensureAvailability();
        DirectDecompress decoded = Decoder.decompress(body);
        assertEquals(DecoderJNI.Status.DONE, decoded.getResultStatus());
        return decoded.getDecompressedData();
    }
}
