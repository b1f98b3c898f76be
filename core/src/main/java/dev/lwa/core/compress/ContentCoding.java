package dev.lwa.core.compress;

/**
 * The content codings lwa can apply to a response: the two LWA 1.0 has compiled into tower-http
 * (docs/behaviour.md, Compression; deflate and zstd are not offered).
 */
public enum ContentCoding {
    GZIP("gzip"),
    BR("br");

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    /** The {@code Content-Encoding} token: {@code gzip} or {@code br}. */
    public String token() {
        return token;
    }
}
