package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.MalformedResponseException;

import java.io.EOFException;
import java.io.IOException;

/**
 * A {@code Transfer-Encoding: chunked} response body, decoded: chunk extensions ignored, trailers
 * kept. Whether a response is framed this way is {@link ResponseFraming}'s choice.
 */
final class ChunkedResponseBody extends ResponseBody {
    private static final String WAITING_FOR_CHUNK = "the next chunk of the response body";
    private long chunkRemaining;
    private boolean inChunk;      // reading data of a chunk (or its CRLF is still due)
    private Headers trailers = new Headers();

    ChunkedResponseBody(ConnectionPool pool, Connection conn, boolean keepAlive) {
        super(pool, conn, keepAlive);
    }

    @Override
    long knownRemaining() {
        return -1;
    }

    @Override
    Headers trailers() {
        return trailers;
    }

    /**
     * What is left of the current chunk, reading the next chunk's size line first when the current
     * one is done; 0 when the body has ended (the last chunk and the trailers have been read). Lets
     * a reader size its array by the chunk: Lambda's Runtime API sends an event as one chunk.
     */
    long chunkLeft() throws IOException {
        if (isDone() || chunkRemaining > 0) {
            return chunkRemaining;
        }
        if (conn == null) {
            throw new IOException("the response body from " + origin + " was abandoned (too large, or a read failed)");
        }
        try {
            return nextChunk() ? chunkRemaining : 0;
        } catch (IOException | RuntimeException e) {
            abort(); // the framing is broken: the connection cannot be reused
            throw e;
        }
    }

    /** Reads the next chunk's size line (and the CRLF that ends the chunk before); false at the last chunk. */
    private boolean nextChunk() throws IOException {
        if (inChunk) {
            expectCrlf();
            inChunk = false;
        }
        long size = readChunkSize();
        if (size == 0) {
            Headers t = new Headers();
            try {
                ResponseParser.readFields(conn, t, "trailer", WAITING_FOR_CHUNK);
            } catch (EOFException e) {
                EOFException trunc = truncated("inside the trailer section, after " + delivered + " bytes");
                trunc.initCause(e);
                throw trunc;
            }
            trailers = t;
            finished();
            return false;
        }
        chunkRemaining = size;
        inChunk = true;
        return true;
    }

    @Override
    protected int readBody(byte[] b, int off, int len) throws IOException {
        if (chunkRemaining == 0 && !nextChunk()) {
            return -1;
        }
        int n = readRaw(b, off, (int) Math.min(len, chunkRemaining));
        if (n < 0) {
            throw truncated("inside a chunk of the chunked body, after " + delivered + " bytes");
        }
        chunkRemaining -= n;
        return n;
    }

    private void expectCrlf() throws IOException {
        int after = nextLine();
        if (LineReader.lineEnd(conn, after) != conn.pos) {
            throw new MalformedResponseException(origin + " sent chunk data longer than its chunk size: "
                    + LineReader.printable(conn.buf, conn.pos, Math.min(LineReader.lineEnd(conn, after), conn.pos + 60))
                    + " where the CRLF after the chunk was expected");
        }
        conn.pos = after;
    }

    private long readChunkSize() throws IOException {
        int after = nextLine();
        Connection c = conn;
        int s = c.pos;
        int e = LineReader.lineEnd(c, after);
        long size = 0;
        int i = s;
        for (; i < e; i++) {
            int d = Character.digit(c.buf[i], 16);
            if (d < 0) {
                break;
            }
            if (i - s >= 15) {
                throw badSize(s, e, "a chunk size too large");
            }
            size = size * 16 + d;
        }
        if (i == s) {
            throw badSize(s, e, "no chunk size");
        }
        // the rest may only be BWS and chunk extensions, which we ignore
        for (int j = i; j < e; j++) {
            byte x = c.buf[j];
            if (x == ';') {
                break;
            }
            if (x != ' ' && x != '\t') {
                throw badSize(s, e, "garbage after the chunk size");
            }
        }
        c.pos = after;
        return size;
    }

    private int nextLine() throws IOException {
        try {
            return LineReader.nextLine(conn, WAITING_FOR_CHUNK, "inside the chunked body");
        } catch (EOFException e) {
            EOFException t = truncated("inside the chunked body, after " + delivered + " bytes");
            t.initCause(e);
            throw t;
        }
    }

    private MalformedResponseException badSize(int s, int e, String what) {
        return new MalformedResponseException(origin + " sent " + what + " in a chunked body: "
                + LineReader.printable(conn.buf, s, Math.min(e, s + 60)));
    }
}
