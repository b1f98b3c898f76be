package dev.lwa.core.response;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The charset a {@code charset} label of a text body means, by the Encoding Standard
 * (https://encoding.spec.whatwg.org/, "get an encoding"), which LWA follows through encoding_rs:
 * its label table, not Java's aliases, so {@code latin1} is windows-1252, {@code iso-8859-9}
 * windows-1254, {@code gb2312} gbk, {@code utf-16} UTF-16LE, {@code iso-2022-kr} the replacement
 * encoding. An unknown label is UTF-8, as in LWA.
 *
 * <p>The decoders: the standard's own tables for the single-byte encodings
 * ({@link SingleByteIndexes}, the JDK's differ in places and the runtime has few of them), its
 * rules for {@code x-user-defined} and {@code replacement}, and the JDK's decoders for UTF-16 and
 * the multi-byte encodings (the standard's gbk decoder is its gb18030 decoder, its big5 is
 * Big5-HKSCS, its shift_jis windows-31j, its euc-kr windows-949), which may differ from the
 * standard in rare byte sequences.
 */
final class TextEncodings {
    private static final Map<String, String> NAME_BY_LABEL = labels();
    private static final Map<String, Charset> CHARSETS = new java.util.concurrent.ConcurrentHashMap<>();

    private TextEncodings() {
    }

    /** The charset of a label, or UTF-8 when the standard does not know the label. */
    static Charset forLabel(String label) {
        String name = NAME_BY_LABEL.get(trimAsciiWhitespace(label).toLowerCase(Locale.ROOT));
        if (name == null || name.equals("utf-8")) {
            return StandardCharsets.UTF_8;
        }
        return CHARSETS.computeIfAbsent(name, TextEncodings::charset);
    }

    private static Charset charset(String name) {
        return switch (name) {
            case "utf-16le" -> StandardCharsets.UTF_16LE;
            case "utf-16be" -> StandardCharsets.UTF_16BE;
            case "gbk", "gb18030" -> jdk("GB18030");
            case "big5" -> jdk("Big5-HKSCS");
            case "euc-jp" -> jdk("EUC-JP");
            case "iso-2022-jp" -> jdk("ISO-2022-JP");
            case "shift_jis" -> jdk("windows-31j");
            case "euc-kr" -> Charset.isSupported("x-windows-949") ? Charset.forName("x-windows-949") : jdk("EUC-KR");
            case "replacement" -> new Replacement();
            case "x-user-defined" -> new SingleByte(name, userDefined());
            default -> new SingleByte(name, java.util.Objects.requireNonNull(SingleByteIndexes.upperHalf(
                    name.equals("iso-8859-8-i") ? "iso-8859-8" : name), name));
        };
    }

    /** A JDK decoder; UTF-8 only where the runtime lacks it (the layer's runtime has java.base alone). */
    private static Charset jdk(String name) {
        return Charset.isSupported(name) ? Charset.forName(name) : StandardCharsets.UTF_8;
    }

    /** x-user-defined: bytes 0x80-0xFF are U+F780-U+F7FF. */
    private static String userDefined() {
        char[] upper = new char[128];
        for (int i = 0; i < 128; i++) {
            upper[i] = (char) (0xF780 + i);
        }
        return new String(upper);
    }

    private static String trimAsciiWhitespace(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isAsciiWhitespace(s.charAt(from))) {
            from++;
        }
        while (to > from && isAsciiWhitespace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean isAsciiWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
    }

    /** A charset that only decodes: the answers lwa reads are decoded, nothing is encoded with it. */
    private abstract static class DecodeOnly extends Charset {
        DecodeOnly(String name) {
            super("x-whatwg-" + name, null);
        }

        @Override
        public boolean contains(Charset cs) {
            return cs == this;
        }

        @Override
        public boolean canEncode() {
            return false;
        }

        @Override
        public CharsetEncoder newEncoder() {
            throw new UnsupportedOperationException(name() + " is only decoded here");
        }
    }

    /** A byte below 0x80 is itself; one above is the table's entry, U+FFFD where it has none. */
    private static final class SingleByte extends DecodeOnly {
        private final String upperHalf;

        SingleByte(String name, String upperHalf) {
            super(name);
            this.upperHalf = upperHalf;
        }

        @Override
        public CharsetDecoder newDecoder() {
            return new CharsetDecoder(this, 1, 1) {
                @Override
                protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
                    while (in.hasRemaining()) {
                        if (!out.hasRemaining()) {
                            return CoderResult.OVERFLOW;
                        }
                        int b = in.get() & 0xFF;
                        out.put(b < 0x80 ? (char) b : upperHalf.charAt(b - 0x80));
                    }
                    return CoderResult.UNDERFLOW;
                }
            };
        }
    }

    /** The replacement encoding: any input is one U+FFFD, an empty one nothing. */
    private static final class Replacement extends DecodeOnly {
        Replacement() {
            super("replacement");
        }

        @Override
        public CharsetDecoder newDecoder() {
            return new CharsetDecoder(this, 1, 1) {
                private boolean written;

                @Override
                protected CoderResult decodeLoop(ByteBuffer in, CharBuffer out) {
                    if (in.hasRemaining() && !written) {
                        if (!out.hasRemaining()) {
                            return CoderResult.OVERFLOW;
                        }
                        out.put('\uFFFD');
                        written = true;
                    }
                    in.position(in.limit());
                    return CoderResult.UNDERFLOW;
                }

                @Override
                protected void implReset() {
                    written = false;
                }
            };
        }
    }

    /** The standard's label table: each encoding's name, then its labels. */
    private static Map<String, String> labels() {
        String[][] table = {
                {"utf-8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"},
                {"ibm866", "866", "cp866", "csibm866", "ibm866"},
                {"iso-8859-2", "csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2",
                        "iso_8859-2:1987", "l2", "latin2"},
                {"iso-8859-3", "csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3",
                        "iso_8859-3:1988", "l3", "latin3"},
                {"iso-8859-4", "csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4",
                        "iso_8859-4:1988", "l4", "latin4"},
                {"iso-8859-5", "csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595",
                        "iso_8859-5", "iso_8859-5:1988"},
                {"iso-8859-6", "arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114",
                        "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596",
                        "iso_8859-6", "iso_8859-6:1987"},
                {"iso-8859-7", "csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7",
                        "iso-ir-126", "iso8859-7", "iso88597", "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek"},
                {"iso-8859-8", "csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e",
                        "iso-ir-138", "iso8859-8", "iso88598", "iso_8859-8", "iso_8859-8:1988", "visual"},
                {"iso-8859-8-i", "csiso88598i", "iso-8859-8-i", "logical"},
                {"iso-8859-10", "csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"},
                {"iso-8859-13", "iso-8859-13", "iso8859-13", "iso885913"},
                {"iso-8859-14", "iso-8859-14", "iso8859-14", "iso885914"},
                {"iso-8859-15", "csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9"},
                {"iso-8859-16", "iso-8859-16"},
                {"koi8-r", "cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"},
                {"koi8-u", "koi8-ru", "koi8-u"},
                {"macintosh", "csmacintosh", "mac", "macintosh", "x-mac-roman"},
                {"windows-874", "dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"},
                {"windows-1250", "cp1250", "windows-1250", "x-cp1250"},
                {"windows-1251", "cp1251", "windows-1251", "x-cp1251"},
                {"windows-1252", "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1",
                        "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1",
                        "us-ascii", "windows-1252", "x-cp1252"},
                {"windows-1253", "cp1253", "windows-1253", "x-cp1253"},
                {"windows-1254", "cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599",
                        "iso_8859-9", "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254"},
                {"windows-1255", "cp1255", "windows-1255", "x-cp1255"},
                {"windows-1256", "cp1256", "windows-1256", "x-cp1256"},
                {"windows-1257", "cp1257", "windows-1257", "x-cp1257"},
                {"windows-1258", "cp1258", "windows-1258", "x-cp1258"},
                {"x-mac-cyrillic", "x-mac-cyrillic", "x-mac-ukrainian"},
                {"gbk", "chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk",
                        "iso-ir-58", "x-gbk"},
                {"gb18030", "gb18030"},
                {"big5", "big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"},
                {"euc-jp", "cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"},
                {"iso-2022-jp", "csiso2022jp", "iso-2022-jp"},
                {"shift_jis", "csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j",
                        "x-sjis"},
                {"euc-kr", "cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987",
                        "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949"},
                {"replacement", "csiso2022kr", "hz-gb-2312", "iso-2022-cn", "iso-2022-cn-ext", "iso-2022-kr",
                        "replacement"},
                {"utf-16be", "unicodefffe", "utf-16be"},
                {"utf-16le", "csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"},
                {"x-user-defined", "x-user-defined"},
        };
        Map<String, String> byLabel = new HashMap<>();
        for (String[] row : table) {
            for (int i = 1; i < row.length; i++) {
                byLabel.put(row[i], row[0]);
            }
        }
        return Map.copyOf(byLabel);
    }
}
