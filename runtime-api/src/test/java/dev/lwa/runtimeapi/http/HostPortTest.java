package dev.lwa.runtimeapi.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.OptionalInt;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostPortTest {

    // The regexes the hand-written checks replaced (no java.util.regex on the Lambda path), as the reference.
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?");
    private static final Pattern NUMERIC_HOST = Pattern.compile("[0-9.]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    @Test
    void anIpv6LiteralLosesItsBracketsForConnecting() {
        assertEquals(new HostPort("::1", 9001), HostPort.parse("[::1]:9001"));
        assertEquals(new HostPort("localhost", 9001), HostPort.parse("localhost:9001"));
        assertEquals(new HostPort("169.254.100.1", 9001), HostPort.parse("169.254.100.1:9001"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "127.0.0.1", ":9001", "127.0.0.1:", "127.0.0.1:+80", " 127.0.0.1:9001", "::1:9001",
            "a b:9001", "http://127.0.0.1:9001", "127.0.0.1:9001/", "1.2.3.999:80", "127.0.0.1:0", "127.0.0.1:65536"})
    void whatTheSettingsRefuseTheClientsRefuseToo(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
        assertEquals("expected host:port without scheme (e.g. 127.0.0.1:9001), got \"" + text + "\"", e.getMessage());
    }

    @Test
    void portsArePlainDigits() {
        assertEquals(OptionalInt.of(1), HostPort.parsePort("1"));
        assertEquals(OptionalInt.of(65535), HostPort.parsePort("65535"));
        assertEquals(OptionalInt.empty(), HostPort.parsePort("+80"));
        assertEquals(OptionalInt.empty(), HostPort.parsePort("080808"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "localhost", "my-app.internal", "app_1", "web.", "a.b.c.", "-", "_", "-.", "1.2.3.4",
            "0", "a-.b_", "A.Z.", "1.2.3.999"})
    void hostnamesTheRegexAccepted(String host) {
        assertTrue(HOSTNAME.matcher(host).matches());
        assertTrue(HostPort.isHostname(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "...", ".a", "a..b", "a..", "a b", "a:b", "a/b", "\u00e9", "a.\u00e9", "[::1]",
            "a.b..", " a", "a ", "a\n", "a.*", "a+b"})
    void hostnamesTheRegexRefused(String host) {
        assertFalse(HOSTNAME.matcher(host).matches());
        assertFalse(HostPort.isHostname(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", ".", "..", "1.2.3.4", "1..2", "999", ".1."})
    void numericHostsTheRegexAccepted(String host) {
        assertTrue(NUMERIC_HOST.matcher(host).matches());
        assertTrue(HostPort.isNumericHost(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "1.2.3.a", " 1", "1 ", "1-2", "1:2", "\u0661"})
    void numericHostsTheRegexRefused(String host) {
        assertFalse(NUMERIC_HOST.matcher(host).matches());
        assertFalse(HostPort.isNumericHost(host));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "00001", "08080", "65535", "0", "00000", "65536", "99999"})
    void portsAreOneToFiveDigitsThenInRange(String text) {
        assertTrue(PORT.matcher(text).matches());
        int value = Integer.parseInt(text);
        assertEquals(value >= 1 && value <= 65535 ? OptionalInt.of(value) : OptionalInt.empty(), HostPort.parsePort(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "123456", "000080", "+80", "-1", " 80", "80 ", "8 0", "80a", "\u0668\u0660", "0x50"})
    void portsTheRegexRefused(String text) {
        assertFalse(PORT.matcher(text).matches());
        assertEquals(OptionalInt.empty(), HostPort.parsePort(text));
    }

    @Test
    void randomStringsAreJudgedAsTheRegexesJudgedThem() {
        Random random = new Random(42);
        String alphabet = "09aZ_-.: +\u00e9\u0661";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(10);
            for (int i = 0; i < length; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = b.toString();
            assertEquals(HOSTNAME.matcher(s).matches(), HostPort.isHostname(s), s);
            assertEquals(NUMERIC_HOST.matcher(s).matches(), HostPort.isNumericHost(s), s);
            boolean port = PORT.matcher(s).matches() && Integer.parseInt(s) >= 1 && Integer.parseInt(s) <= 65535;
            assertEquals(port, HostPort.parsePort(s).isPresent(), s);
        }
    }
}
