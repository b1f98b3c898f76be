package dev.lwa.core.pipeline;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Error messages for the function's caller: what went wrong in words, no Java class names. */
class FailuresTest {

    @Test
    void theMessageIsKeptWithoutTheClassName() {
        assertEquals("Connection reset", Failures.describe(new SocketException("Connection reset")));
        assertEquals("127.0.0.1:8080 closed the connection before sending a response status line",
                Failures.describe(new EOFException("127.0.0.1:8080 closed the connection before sending a response status line")));
        assertEquals("boom", Failures.describe(new RuntimeException(new IOException("boom"))));
        assertEquals("boom", Failures.describe(new UncheckedIOException(new java.net.SocketException("boom"))));
    }

    @Test
    void withoutAMessageTheKindIsSaidInWords() {
        assertEquals("the connection was closed early", Failures.describe(new EOFException()));
        assertEquals("timed out", Failures.describe(new SocketTimeoutException()));
        assertEquals("the connection failed", Failures.describe(new SocketException()));
        assertEquals("an I/O error", Failures.describe(new IOException()));
        assertEquals("an internal error (the adapter's log has the details)", Failures.describe(new NullPointerException()));
        assertEquals("an internal error (the adapter's log has the details)",
                Failures.describe(new IllegalStateException(new NullPointerException())));
    }
}
