package dev.lwa.runtimeapi.json;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The runs of bytes that {@link Unescape#write} and {@link JsonUtf8#writeEscaped} copy as they are,
 * between the escapes they write into a buffer of their own: a short run joins the buffer (up to
 * eight bytes in one word store: JSON in JSON has a run of a few bytes between quotes), a long one
 * goes to the stream straight from the source, after what the buffer holds.
 */
final class Runs {
    private Runs() {
    }

    /**
     * Puts {@code b[i, i + n)} after {@code buf[0, o)} (within {@code b[0, to)}, the text being written).
     *
     * @return how much of {@code buf} is filled now
     */
    static int put(byte[] b, int i, int n, int to, byte[] buf, int o, OutputStream out) throws IOException {
        if (n >= buf.length / 2) {
            out.write(buf, 0, o);
            out.write(b, i, n);
            return 0;
        }
        if (n <= 8 && i + 8 <= to && o + 8 <= buf.length) {
            ByteScan.putWord(buf, o, ByteScan.word(b, i));
            return o + n;
        }
        if (n > buf.length - o) {
            out.write(buf, 0, o);
            o = 0;
        }
        System.arraycopy(b, i, buf, o, n);
        return o + n;
    }
}
