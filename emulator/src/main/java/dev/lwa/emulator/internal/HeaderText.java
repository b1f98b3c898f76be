package dev.lwa.emulator.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Header values between the front door's wire and the events' JSON text. Jetty reads and writes a
 * header value one byte per character (ISO-8859-1); clients and apps send UTF-8 in practice (a
 * {@code Content-Disposition} file name, a user's name), so bytes that are valid UTF-8 become that
 * text in the event, and text goes out as its UTF-8 bytes: {@code café} arrives and leaves as the
 * same two bytes for {@code é}, not four, and not one.
 */
final class HeaderText {
    private HeaderText() {
    }

    /** A value as Jetty read it (a char per byte) to the text the event carries. */
    static String fromWire(String latin1) {
        if (isAscii(latin1)) {
            return latin1;
        }
        byte[] bytes = latin1.getBytes(StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            return latin1; // ISO-8859-1 after all: each byte its character
        }
    }

    /** A value from a result to what Jetty must write (a char per byte) so the client gets its UTF-8 bytes. */
    static String toWire(String text) {
        return isAscii(text) ? text : new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
