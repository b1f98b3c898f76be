package dev.lwa.runtimeapi.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A body read whole, as one or more pieces of arrays, in order. A body whose length is known comes
 * as one exact array; one whose length is not (chunked, or until close) is read into pieces of
 * growing size rather than into one array grown and copied, and then copied again to its exact
 * size: a 6 MB chunked answer then costs its own bytes, not twice them.
 *
 * <p>No piece but the last ends inside a UTF-8 sequence that the next piece would complete: such a
 * tail (at most three bytes) is moved to the start of the next piece, so text can be taken a piece
 * at a time and reads as the whole would (a sequence is judged by the bytes from its lead on).
 */
public final class BodyBytes {
    /** The first piece; each next one is twice as large, up to {@link #MAX_PIECE}. */
    private static final int FIRST_PIECE = 8 * 1024;
    private static final int MAX_PIECE = 256 * 1024;
    /** Room before a later piece's bytes for the tail of a UTF-8 sequence the piece before cut. */
    private static final int HEADROOM = 3;
    private static final BodyBytes EMPTY = of(new byte[0]);

    private final byte[][] arrays;
    private final int[] from;
    private final int[] to;
    private final long length;

    private BodyBytes(byte[][] arrays, int[] from, int[] to, long length) {
        this.arrays = arrays;
        this.from = from;
        this.to = to;
        this.length = length;
    }

    /** These bytes as they are (not copied). */
    public static BodyBytes of(byte[] bytes) {
        return new BodyBytes(new byte[][]{bytes}, new int[]{0}, new int[]{bytes.length}, bytes.length);
    }

    public static BodyBytes empty() {
        return EMPTY;
    }

    /**
     * Reads {@code in} to its end.
     *
     * @throws BodyTooLargeException as soon as more than {@code maxBytes} bytes have come (the rest
     *                               is not read; never more than {@code maxBytes + 1} are held)
     */
    public static BodyBytes read(InputStream in, int maxBytes) throws IOException {
        BodyBytes body = readUpTo(in, maxBytes + 1L);
        if (body.length > maxBytes) {
            throw new BodyTooLargeException(maxBytes);
        }
        return body;
    }

    /**
     * Reads {@code in} to its end or until {@code limit} bytes have come, whichever is first (the
     * rest, if any, is left in the stream).
     */
    public static BodyBytes readUpTo(InputStream in, long limit) throws IOException {
        byte[][] arrays = new byte[4][];
        int[] from = new int[4];
        int[] to = new int[4];
        int pieces = 0;
        long length = 0;
        byte[] a = new byte[(int) Math.min(FIRST_PIECE, limit)];
        int start = 0;
        int end = 0;
        while (length < limit) {
            if (end == a.length) { // full: the next piece, twice as large, takes a cut sequence along
                if (pieces == arrays.length) {
                    arrays = Arrays.copyOf(arrays, pieces * 2);
                    from = Arrays.copyOf(from, pieces * 2);
                    to = Arrays.copyOf(to, pieces * 2);
                }
                int cut = cutSequence(a, start, end);
                arrays[pieces] = a;
                from[pieces] = start;
                to[pieces] = end - cut;
                pieces++;
                long room = Math.min(Math.min((long) (a.length - HEADROOM) * 2, MAX_PIECE), limit - length);
                byte[] next = new byte[(int) room + HEADROOM];
                System.arraycopy(a, end - cut, next, HEADROOM - cut, cut);
                a = next;
                start = HEADROOM - cut;
                end = HEADROOM;
            }
            int n = in.read(a, end, a.length - end);
            if (n < 0) {
                break;
            }
            end += n;
            length += n;
        }
        if (pieces == 0) {
            return of(end == a.length ? a : Arrays.copyOf(a, end)); // small: one exact array, as before
        }
        if (end > start) { // else the body ended with the piece before, found only by this one's read
            arrays = Arrays.copyOf(arrays, pieces + 1);
            from = Arrays.copyOf(from, pieces + 1);
            to = Arrays.copyOf(to, pieces + 1);
            arrays[pieces] = a;
            from[pieces] = start;
            to[pieces] = end;
            pieces++;
        }
        if (pieces == 1 && to[0] == arrays[0].length) {
            return of(arrays[0]);
        }
        return new BodyBytes(Arrays.copyOf(arrays, pieces), Arrays.copyOf(from, pieces), Arrays.copyOf(to, pieces), length);
    }

    /**
     * How many bytes at the end of {@code a[start, end)} are a UTF-8 sequence that more bytes could
     * complete: a lead byte within the last three whose sequence needs more than are there. Bytes
     * that cannot be part of one (ASCII, a lone continuation byte, a byte that leads nothing) stay.
     */
    static int cutSequence(byte[] a, int start, int end) {
        for (int back = 1; back <= 3 && end - back >= start; back++) {
            int c = a[end - back] & 0xff;
            if ((c & 0xc0) == 0x80) {
                continue; // a continuation byte: its lead is further back
            }
            int needs = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 1;
            return needs > back ? back : 0;
        }
        return 0;
    }

    /** The number of bytes. */
    public long length() {
        return length;
    }

    /** The number of pieces (one for a body whose length was known). */
    public int pieces() {
        return arrays.length;
    }

    /** The array that holds piece {@code i}, between {@link #from(int)} and {@link #to(int)}; not to be changed. */
    public byte[] array(int i) {
        return arrays[i];
    }

    public int from(int i) {
        return from[i];
    }

    public int to(int i) {
        return to[i];
    }

    /** The bytes in one array: the array itself when it is one exact piece, else a copy. */
    public byte[] toByteArray() {
        if (arrays.length == 1 && from[0] == 0 && to[0] == arrays[0].length) {
            return arrays[0];
        }
        byte[] all = new byte[Math.toIntExact(length)];
        copyTo(all, 0);
        return all;
    }

    /** Copies the bytes into {@code dest} from {@code at} on. */
    public void copyTo(byte[] dest, int at) {
        for (int i = 0; i < arrays.length; i++) {
            System.arraycopy(arrays[i], from[i], dest, at, to[i] - from[i]);
            at += to[i] - from[i];
        }
    }

    public void writeTo(OutputStream out) throws IOException {
        for (int i = 0; i < arrays.length; i++) {
            out.write(arrays[i], from[i], to[i] - from[i]);
        }
    }
}
