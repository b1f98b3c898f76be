package dev.lwa.core.compress;

import java.util.List;

/**
 * Run by {@link BrotliUnavailableTest} in a JVM where the brotli native library cannot load:
 * prints what negotiation chooses, one line per request, then what a br encoder request gives.
 */
public final class BrotliUnavailableMain {
    private BrotliUnavailableMain() {
    }

    public static void main(String[] args) {
        for (String accept : List.of("br, gzip;q=0.5", "br", "gzip, br", "br;q=1, gzip;q=0.2")) {
            System.out.println(Compression.negotiate(List.of(accept)).map(ContentCoding::token).orElse("identity"));
        }
        try {
            Compression.compress(new byte[100], ContentCoding.BR);
            System.out.println("compressed");
        } catch (IllegalStateException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}
