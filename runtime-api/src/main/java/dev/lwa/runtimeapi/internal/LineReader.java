package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.http.MalformedResponseException;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Lines in a connection's read buffer ({@code buf[pos, lim)}): finding the next one, reading more
 * as needed, and turning their bytes into text for fields or into quoted text for error messages.
 * Static, on the connection's own buffer: nothing is allocated per line.
 */
final class LineReader {
    /** A single header or chunk-size line may grow the read buffer up to this. */
    static final int MAX_LINE = 64 * 1024;

    private LineReader() {
    }

    /**
     * Finds the next line (ending in LF, optionally CRLF) in the buffer, reading more as needed.
     *
     * @param eofWhere   completes "host:port closed the connection ..." when the stream ends first
     *                   (a constant: the message is only built on failure, not per line)
     * @return the index just past the LF; the line's content is {@code buf[pos, lineEnd(c, result))}
     * @throws EOFException when the stream ends before a full line
     */
    static int nextLine(Connection c, String waitingFor, String eofWhere) throws IOException {
        int scanned = 0; // relative to pos, which fill() may move when it compacts
        while (true) {
            byte[] buf = c.buf;
            for (int i = c.pos + scanned, lim = c.lim; i < lim; i++) {
                if (buf[i] == '\n') {
                    return i + 1;
                }
            }
            scanned = c.lim - c.pos;
            if (scanned >= MAX_LINE) {
                throw new MalformedResponseException(c.origin() + " sent a line longer than " + MAX_LINE
                        + " bytes while we expected " + waitingFor + ": " + printable(buf, c.pos, c.pos + 120) + "...");
            }
            int n = c.fill(waitingFor);
            if (n < 0) {
                throw new EOFException(c.origin() + " closed the connection " + eofWhere + (c.lim > c.pos ? " (unterminated line: "
                        + printable(c.buf, c.pos, Math.min(c.lim, c.pos + 120)) + ")" : ""));
            }
        }
    }

    /** The end of the line content before the LF (and its CR, if any) at {@code afterLf - 1}. */
    static int lineEnd(Connection c, int afterLf) {
        int end = afterLf - 1;
        if (end > c.pos && c.buf[end - 1] == '\r') {
            end--;
        }
        return end;
    }

    /**
     * Decodes header text: ASCII fast; with a byte over 0x7f, UTF-8 when the bytes are UTF-8, else
     * ISO-8859-1, the charset HTTP/1.1 fields had (RFC 9110 §5.5, obs-text), which Java servlet
     * containers still write (a {@code Content-Disposition} file name): each byte stays its own
     * character rather than becoming U+FFFD.
     */
    static String text(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                try {
                    return StandardCharsets.UTF_8.newDecoder()
                            .decode(java.nio.ByteBuffer.wrap(b, from, to - from)).toString();
                } catch (java.nio.charset.CharacterCodingException notUtf8) {
                    break;
                }
            }
        }
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Quotes bytes for an error message, escaping anything that is not printable ASCII. */
    static String printable(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from + 2).append('"');
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                sb.append((char) c);
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\n') {
                sb.append("\\n");
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('"').toString();
    }
}
