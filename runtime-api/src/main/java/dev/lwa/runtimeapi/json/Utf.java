package dev.lwa.runtimeapi.json;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The encoding of a JSON text, told from its first bytes as RFC 4627 §3 does (JSON starts with two
 * ASCII characters, so the NULs of UTF-16 and UTF-32 show where they fall), with or without a
 * byte order mark. Lambda sends UTF-8; the others are read for any client that does not.
 */
public final class Utf {
    private Utf() {
    }

    /** {@code json} itself when it is UTF-8 (or too short to tell), else its text transcoded to UTF-8. */
    static byte[] toUtf8(byte[] json) {
        Charset charset = detect(json);
        if (charset == null) {
            return json;
        }
        String text = new String(json, charset);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code b} is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). */
    public static boolean isValidUtf8(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i];
            if (c >= 0) {
                // ASCII: the next eight bytes at once when they are all ASCII too (text in another
                // script does not pay for the test at each of its sequences)
                i += i + 8 <= n && (ByteScan.word(b, i) & 0x8080808080808080L) == 0 ? 8 : 1;
                continue;
            }
            c &= 0xff;
            int len;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                len = 2;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                len = 3;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                len = 4;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + len > n) {
                return false;
            }
            int cp = c & (0xFF >> (len + 1));
            for (int k = 1; k < len; k++) {
                int cont = b[i + k] & 0xff;
                if ((cont & 0xC0) != 0x80) {
                    return false;
                }
                cp = cp << 6 | (cont & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += len;
        }
        return true;
    }

    private static Charset detect(byte[] b) {
        if (b.length >= 4 && b[0] == 0 && b[1] == 0 && (b[2] != 0 || b[3] != 0)) {
            return Charset.forName("UTF-32BE"); // 00 00 00 xx, or the BOM 00 00 FE FF
        }
        if (b.length >= 4 && b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0) {
            return Charset.forName("UTF-32LE"); // xx 00 00 00
        }
        if (b.length >= 4 && b[0] == (byte) 0xFF && b[1] == (byte) 0xFE && b[2] == 0 && b[3] == 0) {
            return Charset.forName("UTF-32LE"); // its BOM
        }
        if (b.length >= 2 && ((b[0] == 0 && b[1] != 0) || (b[0] == (byte) 0xFE && b[1] == (byte) 0xFF))) {
            return StandardCharsets.UTF_16BE;
        }
        if (b.length >= 2 && ((b[0] != 0 && b[1] == 0) || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE))) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }
}
