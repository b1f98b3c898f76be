package dev.lwa.core.compress;

import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streaming primitive (D5): what a client decoding a streamed, compressed response can read
 * after each flush, and how the stream ends.
 */
class CompressingOutputStreamTest {

    /** A target that records what reached it, its flushes and whether it was closed. */
    static final class Target extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int flushes;
        boolean closed;

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closed = true;
        }

        byte[] soFar() {
            return bytes.toByteArray();
        }
    }

    /** A decoder over a possibly unfinished stream that hands out whatever it can decode. */
    static InputStream decoder(ContentCoding coding, InputStream in) throws IOException {
        if (coding == ContentCoding.GZIP) {
            return new GZIPInputStream(in, 1);
        }
        BrotliInputStream br = new BrotliInputStream(in, 1);
        br.enableEagerOutput();
        return br;
    }

    /** Decodes exactly {@code n} bytes from what has been emitted so far (fails if fewer are decodable). */
    static String decodeSoFar(ContentCoding coding, byte[] emitted, int n) throws IOException {
        return readExactly(decoder(coding, new ByteArrayInputStream(emitted)), n);
    }

    /**
     * Byte by byte: brotli4j's bulk read keeps decoding after it has data and reports the end of a
     * still-open stream as an error, where a single read returns what is there.
     */
    static String readExactly(InputStream in, int n) throws IOException {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("only " + i + " of " + n + " bytes were decodable");
            }
            out[i] = (byte) b;
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(ContentCoding.class)
    void eachFlushMakesEverythingWrittenSoFarDecodable(ContentCoding coding) throws IOException {
        Target target = new Target();
        CompressingOutputStream out = Compression.compressing(target, coding);
        assertEquals(coding, out.coding());

        out.write('a');
        out.flush();
        assertEquals("a", decodeSoFar(coding, target.soFar(), 1), "after the first flush, before close");
        assertTrue(target.flushes > 0, "flush reaches the target");

        out.write("bc".getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertEquals("abc", decodeSoFar(coding, target.soFar(), 3));

        out.close();
        assertTrue(target.closed);
        assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), CompressionTest.decode(coding, target.soFar()),
                "closed: a complete stream");
    }

    @ParameterizedTest
    @EnumSource(ContentCoding.class)
    void aReaderOnTheOtherEndOfAPipeSeesFlushedDataWhileTheStreamIsOpen(ContentCoding coding) throws Exception {
        PipedInputStream clientSide = new PipedInputStream(64 * 1024);
        PipedOutputStream serverSide = new PipedOutputStream(clientSide);
        CompressingOutputStream out = Compression.compressing(serverSide, coding);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return readExactly(decoder(coding, clientSide), 5);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        out.write("hello".getBytes(StandardCharsets.UTF_8));
        out.flush();
        // The writer does not close: the reader can only finish if the flush really emitted "hello".
        assertEquals("hello", first.get(30, TimeUnit.SECONDS));
        out.close();
    }

    @ParameterizedTest
    @EnumSource(ContentCoding.class)
    void finishEndsTheCodingAndLeavesTheTargetOpen(ContentCoding coding) throws IOException {
        Target target = new Target();
        CompressingOutputStream out = Compression.compressing(target, coding);
        out.write("body".getBytes(StandardCharsets.UTF_8));
        out.finish();
        assertFalse(target.closed, "finish leaves room for trailers after the body");
        assertArrayEquals("body".getBytes(StandardCharsets.UTF_8), CompressionTest.decode(coding, target.soFar()));
        target.write('T'); // e.g. trailers written after the coded body

        IOException e = assertThrows(IOException.class, () -> out.write('x'));
        assertTrue(e.getMessage().contains(coding.token() + " stream is already finished"), e.getMessage());
        out.finish(); // idempotent
        out.close();
        assertTrue(target.closed);
    }

    @ParameterizedTest
    @EnumSource(ContentCoding.class)
    void aCutOffLeavesWhatWasFlushedDecodableAndTheStreamWithoutItsEnd(ContentCoding coding) throws IOException {
        Target target = new Target();
        CompressingOutputStream out = Compression.compressing(target, coding);
        out.write("the first half".getBytes(StandardCharsets.UTF_8));
        out.flush();
        byte[] flushed = target.soFar();

        out.cutOff();
        assertArrayEquals(flushed, target.soFar(), "nothing more reaches the target: no end of the coded stream");
        assertFalse(target.closed);
        assertEquals("the first half", decodeSoFar(coding, flushed, 14));
        // gzip: EOF before the trailer; br: the decoder still NEEDS_MORE_INPUT
        assertThrows(Throwable.class, () -> CompressionTest.decode(coding, flushed), "a decoder sees the stream cut short");
        assertThrows(IOException.class, () -> out.write('x'));
        out.cutOff(); // idempotent
        out.finish(); // and nothing after it
        assertArrayEquals(flushed, target.soFar());
    }

    @ParameterizedTest
    @EnumSource(ContentCoding.class)
    void anEmptyStreamIsAValidEmptyBody(ContentCoding coding) throws IOException {
        Target target = new Target();
        Compression.compressing(target, coding).close();
        assertEquals(0, CompressionTest.decode(coding, target.soFar()).length);
    }

    @ParameterizedTest
    @EnumSource(ContentCoding.class)
    void manyChunksWithAFlushEachDecodeToTheWhole(ContentCoding coding) throws IOException {
        Target target = new Target();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (CompressingOutputStream out = Compression.compressing(target, coding)) {
            for (int i = 0; i < 2_000; i++) {
                byte[] chunk = ("data: event " + i + "\n\n").getBytes(StandardCharsets.UTF_8);
                out.write(chunk, 0, chunk.length);
                expected.write(chunk);
                out.flush();
            }
            byte[] big = new byte[300_000];
            java.util.Arrays.fill(big, (byte) 'z');
            out.write(big);
            expected.write(big);
        }
        assertArrayEquals(expected.toByteArray(), CompressionTest.decode(coding, target.soFar()));
    }
}
