package dev.lwa.core.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Error messages for the function's caller: what went wrong in words, no Java class names. */
class FailuresTest {

    /** The regex the hand-written check replaced (no java.util.regex on the Lambda path), as the reference. */
    private static final Pattern CLASS_PREFIX = Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ");

    @Test
    void theMessageIsKeptWithoutTheClassName() {
        assertEquals("Connection reset", Failures.describe(new SocketException("Connection reset")));
        assertEquals("127.0.0.1:8080 closed the connection before sending a response status line",
                Failures.describe(new EOFException("127.0.0.1:8080 closed the connection before sending a response status line")));
        assertEquals("boom", Failures.describe(new RuntimeException(new IOException("boom"))));
        assertEquals("boom", Failures.describe(new UncheckedIOException(new java.net.SocketException("boom"))));
    }

    @Test
    void withoutAMessageTheKindIsSaidInWords() {
        assertEquals("the connection was closed early", Failures.describe(new EOFException()));
        assertEquals("timed out", Failures.describe(new SocketTimeoutException()));
        assertEquals("the connection failed", Failures.describe(new SocketException()));
        assertEquals("an I/O error", Failures.describe(new IOException()));
        assertEquals("an internal error (the adapter's log has the details)", Failures.describe(new NullPointerException()));
        assertEquals("an internal error (the adapter's log has the details)",
                Failures.describe(new IllegalStateException(new NullPointerException())));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "java.io.IOException: boom                          | boom",
            "java.io.IOException: java.net.SocketException: boom | boom",
            "$x.Y: boom                                         | boom",
            "_a.B: boom                                         | boom",
            "a1$_.b2.C3$_: boom                                 | boom",
            "\"a.B:  two spaces\"                               | \" two spaces\"",
            "a.B: c.D                                           | an I/O error",
            "a.b: boom                                          | a.b: boom",
            "A.B: boom                                          | A.B: boom",
            "Exception: boom                                    | Exception: boom",
            "1a.B: boom                                         | 1a.B: boom",
            "a.1B: boom                                         | a.1B: boom",
            ".a.B: boom                                         | .a.B: boom",
            "a..B: boom                                         | a..B: boom",
            "a.B.: boom                                         | a.B.: boom",
            "a.B : boom                                         | a.B : boom",
            "a.B:boom                                           | a.B:boom",
            "a.B-c: boom                                        | a.B-c: boom",
            "\u00e9.B: boom                                      | \u00e9.B: boom",
            "a.\u00c9: boom                                      | a.\u00c9: boom",
            "see a.B: boom                                      | see a.B: boom",
            "a.B: x.Y: z.W                                      | an I/O error",
            "a.B: x.Y: z.W!                                     | z.W!",
            "a.B.c                                              | a.B.c",
            "a.b.C.D                                            | a.b.C.D",
            "java.io.IOException: java.io.IOException           | an I/O error",
            "java.io.IOException                                | an I/O error",
            "\"a.B: \"                                           | an I/O error",
            "\"a.B:  \"                                          | an I/O error",
    })
    void classNamePrefixesGoAsTheRegexTookThem(String message, String described) {
        assertEquals(described, Failures.describe(new IOException(message)));
        assertEquals(described, describedWithTheRegex(new IOException(message)));
    }

    @Test
    void randomMessagesAreDescribedAsWithTheRegex() {
        Random random = new Random(42);
        // pieces, not single characters, so that many messages do start with a class name
        String[] pieces = {"a", "Z", "_", "$", "1", ".", ":", " ", "x", "\u00e9", "b.", "$c.", "Y: ", "Zz: ", ": "};
        for (int n = 0; n < 200_000; n++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(10);
            for (int i = 0; i < length; i++) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String s = b.toString();
            Matcher m = CLASS_PREFIX.matcher(s);
            assertEquals(m.find() ? m.end() : -1, Failures.classPrefixEnd(s), s);
            assertEquals(CLASS_PREFIX.matcher(s + ": ").matches(), Failures.qualifiedClassNameEnd(s) == s.length(), s);
            assertEquals(describedWithTheRegex(new IOException(s)), Failures.describe(new IOException(s)), s);
        }
    }

    /** What {@link Failures#describe} did with the regex, for an {@link IOException}. */
    private static String describedWithTheRegex(IOException e) {
        String stripped = e.getMessage();
        while (true) {
            String next = CLASS_PREFIX.matcher(stripped).replaceFirst("");
            if (next.equals(stripped)) {
                break;
            }
            stripped = next;
        }
        return !stripped.isBlank() && !CLASS_PREFIX.matcher(stripped + ": ").matches() ? stripped : "an I/O error";
    }
}
