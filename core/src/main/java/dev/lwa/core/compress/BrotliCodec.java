package dev.lwa.core.compress;

import com.aayushatharva.brotli4j.encoder.BrotliOutputStream;
import com.aayushatharva.brotli4j.encoder.Encoder;

import java.io.IOException;
import java.io.OutputStream;

/** brotli4j behind two calls; used only after {@link BrotliSupport#available()} said yes. */
final class BrotliCodec {
    /**
     * Quality 4, as tower-http (LWA 1.0) uses for its default level: brotli's own default, 11, is
     * far too slow for compressing responses on the fly (nginx's brotli module also uses 4). The
     * window stays at the encoder's default (22).
     */
    static final int QUALITY = 4;

    private static final Encoder.Parameters PARAMETERS = new Encoder.Parameters().setQuality(QUALITY);

    private BrotliCodec() {
    }

    static byte[] compress(byte[] body) throws IOException {
        return Encoder.compress(body, PARAMETERS);
    }

    /** An encoder writing to {@code out}; its {@code flush()} emits everything written so far, {@code close()} ends the stream. */
    static OutputStream encoder(OutputStream out) throws IOException {
        return new BrotliOutputStream(out, PARAMETERS);
    }
}
