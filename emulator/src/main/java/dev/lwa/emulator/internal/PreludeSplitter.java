package dev.lwa.emulator.internal;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Splits an {@code application/vnd.awslambda.http-integration-response} byte stream into the JSON
 * prelude and the body, at the first 8 consecutive NUL bytes. Runtimes give no chunk fidelity, so the
 * delimiter may straddle any number of chunks; the splitter therefore scans bytes, not chunks.
 */
public final class PreludeSplitter {

    static final int DELIMITER_LENGTH = 8;

    /** What one chunk contributed: maybe the completed prelude, and the body bytes that followed it. */
    public record Split(Optional<byte[]> prelude, byte[] body) {
    }

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private int nulRun;
    private boolean found;

    public boolean preludeFound() {
        return found;
    }

    /** Feeds the next bytes of the stream. */
    public Split feed(byte[] chunk) {
        if (found) {
            return new Split(Optional.empty(), chunk);
        }
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == 0) {
                nulRun++;
                if (nulRun == DELIMITER_LENGTH) {
                    // pending holds the prelude plus the first 7 NULs (the 8th is chunk[i], not yet copied)
                    byte[] withNuls = pending.toByteArray();
                    byte[] prelude = Arrays.copyOf(withNuls, withNuls.length - (DELIMITER_LENGTH - 1));
                    pending.reset();
                    found = true;
                    return new Split(Optional.of(prelude), Arrays.copyOfRange(chunk, i + 1, chunk.length));
                }
            } else {
                nulRun = 0;
            }
            pending.write(chunk[i]);
        }
        return new Split(Optional.empty(), new byte[0]);
    }

    /** At the end of a stream that never had the delimiter: everything seen, to be treated as body. */
    public byte[] unsplit() {
        return found ? new byte[0] : pending.toByteArray();
    }

    /** Bytes held while still looking for the delimiter. */
    public int pendingBytes() {
        return pending.size();
    }
}
