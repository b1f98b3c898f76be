package dev.lwa.benchmarks;

import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.Http1Client;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.Http1Response;
import dev.lwa.runtimeapi.http.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixedResponseServerTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void answersEveryRequestOnOneKeepAliveConnectionWithTheSameBytes(boolean platformThreads) throws IOException {
        byte[] body = Events.jsonBody(100);
        try (FixedResponseServer app = FixedResponseServer.start(0, body, "application/json", platformThreads);
             Http1Client client = Http1Client.builder("127.0.0.1", app.port()).build()) {
            byte[] big = new byte[70_000]; // larger than the server's read buffer: it must skip it all
            for (int i = 0; i < 5; i++) {
                RequestBody requestBody = i % 2 == 0 ? RequestBody.of(big) : RequestBody.EMPTY;
                Http1Request request = new Http1Request(i % 2 == 0 ? "POST" : "GET", "/x", new Headers(), requestBody,
                        Http1Request.NO_DEADLINE);
                try (Http1Response r = client.send(request)) {
                    assertEquals(200, r.status());
                    assertEquals("application/json", r.headers().first("content-type").orElseThrow());
                    assertArrayEquals(body, r.readBody(1 << 20));
                }
            }
            assertEquals(5, app.requests());
        }
    }

    @Test
    void pipelinedRequestsInOneSegmentEachGetAnAnswerAndCloseIsHonoured() throws IOException {
        byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        try (FixedResponseServer app = FixedResponseServer.start(body, "application/json");
             Socket s = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all); // ends only because the server closed after the second answer
            String text = all.toString(StandardCharsets.US_ASCII);
            assertEquals(2, text.split("HTTP/1.1 200 OK", -1).length - 1, text);
            assertTrue(text.endsWith("Connection: close\r\n\r\n{\"ok\":true}"), text);
        }
    }
}
