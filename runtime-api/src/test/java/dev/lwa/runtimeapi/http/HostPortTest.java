package dev.lwa.runtimeapi.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HostPortTest {

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
}
