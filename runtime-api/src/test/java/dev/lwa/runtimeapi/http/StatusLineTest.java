package dev.lwa.runtimeapi.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusLineTest {

    private static int code(String line) {
        byte[] b = ("xx" + line + "yy").getBytes(StandardCharsets.ISO_8859_1);
        return StatusLine.code(b, 2, b.length - 2); // a range inside a larger buffer
    }

    @Test
    void versionSpaceThreeDigitsThenSpaceOrEnd() {
        assertEquals(200, code("HTTP/1.1 200 OK"));
        assertEquals(204, code("HTTP/1.0 204"));
        assertEquals(500, code("HTTP/1.1 500 "));
        assertEquals(103, code("HTTP/1.1 103 Early Hints"));
    }

    @Test
    void anythingElseIsNotAStatusLine() {
        for (String line : new String[] {"", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 200OK", "HTTP/2.0 200 OK",
                "HTTP/1.x 200 OK", "HTTP/1.1  200 OK", "HTTP/1.1 099 Odd", "http/1.1 200 OK", "SSH-2.0-OpenSSH_9.6"}) {
            assertEquals(-1, code(line), line);
        }
    }

    @Test
    void minorVersion() {
        byte[] b = "HTTP/1.0 200 OK".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(0, StatusLine.minorVersion(b, 0));
    }
}
