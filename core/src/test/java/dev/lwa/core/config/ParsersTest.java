package dev.lwa.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-written checks that replaced regexes (no java.util.regex on the Lambda path) accept
 * exactly the strings the regexes did. The regexes live on here, in the tests, as the reference.
 */
class ParsersTest {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})(ms|s|m)?");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern SMALL_NUMBER = Pattern.compile("[0-9]{1,5}");

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "0ms", "500ms", "30s", "2m", "000000000001", "999999999999", "999999999999m",
            "123456789012s"})
    void durationsTheRegexAccepted(String value) {
        assertTrue(DURATION.matcher(value).matches());
        int digits = value.length() - (value.endsWith("ms") ? 2 : value.endsWith("s") || value.endsWith("m") ? 1 : 0);
        assertEquals(digits, Parsers.durationDigits(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ms", "s", "m", "1h", "1.5s", "30 s", " 30", "30 ", "+5", "-5", "1000000000000",
            "1000000000000ms", "5mss", "5sm", "5msm", "5M", "5S", "5MS", "\u0663", "5\n", "5s\n", "1_000", "0x10"})
    void durationsTheRegexRefused(String value) {
        assertFalse(DURATION.matcher(value).matches());
        assertEquals(-1, Parsers.durationDigits(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "10", "007", "+1", "-1", "2.5", "5.", ".5", "+.5", "-5.", "-0.0", "1e3", "1E3",
            "1e+3", "1e-3", "+1e1", "5.e3", ".5E-0", "1e0001", "123456789012345678901234567890.5e-99"})
    void decimalsTheRegexAccepted(String value) {
        assertTrue(DECIMAL.matcher(value).matches());
        assertTrue(Parsers.isDecimal(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "-", ".", "+.", "-.", "e3", ".e3", "+e3", "1e", "1E", "1e+", "1e-", "1e3.5",
            "1.2.3", "1..2", "++1", "+-1", "1 ", " 1", "NaN", "inf", "Infinity", "-Infinity", "1_000", "0x10", "1d",
            "1f", "1L", "\u0661", "1\u0661", "1e3e3", "1ee3", "1e 3", "10s", "1,5", "\n1", "1\n"})
    void decimalsTheRegexRefused(String value) {
        assertFalse(DECIMAL.matcher(value).matches());
        assertFalse(Parsers.isDecimal(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "100", "101", "00000", "65535", "99999"})
    void smallNumbersTheRegexAccepted(String value) {
        assertTrue(SMALL_NUMBER.matcher(value).matches());
        assertTrue(ReadinessRules.isSmallNumber(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "123456", "000000", "+1", "-1", " 1", "1 ", "1a", "1.0", "\u0661", "lots"})
    void smallNumbersTheRegexRefused(String value) {
        assertFalse(SMALL_NUMBER.matcher(value).matches());
        assertFalse(ReadinessRules.isSmallNumber(value));
    }

    @Test
    void randomStringsAreJudgedAsTheRegexesJudgedThem() {
        Random random = new Random(42);
        String alphabet = "0123456789+-.eEms \u0661";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(15);
            for (int i = 0; i < length; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = b.toString();
            var m = DURATION.matcher(s);
            assertEquals(m.matches() ? m.end(1) : -1, Parsers.durationDigits(s), s);
            assertEquals(DECIMAL.matcher(s).matches(), Parsers.isDecimal(s), s);
            assertEquals(SMALL_NUMBER.matcher(s).matches(), ReadinessRules.isSmallNumber(s), s);
        }
    }
}
