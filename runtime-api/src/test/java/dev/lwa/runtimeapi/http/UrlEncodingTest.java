package dev.lwa.runtimeapi.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The path and query the app sees, as the WHATWG URL setters ({@code url.pathname = p},
 * {@code url.search = q}) produce them for an {@code http:} URL (docs/behaviour.md, "Path and query encoding").
 */
class UrlEncodingTest {

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("/Año_1234", "/A%C3%B1o_1234"),
                Arguments.of("/my/path-with space", "/my/path-with%20space"),
                Arguments.of("/a\"b#c<d>e?f`g{h}i", "/a%22b%23c%3Cd%3Ee%3Ff%60g%7Bh%7Di"),
                Arguments.of("/emoji😀", "/emoji%F0%9F%98%80"),
                Arguments.of("/api/v1/items-1_2.json", "/api/v1/items-1_2.json"),
                Arguments.of("/a!$&'()*+,;=:@[]|~", "/a!$&'()*+,;=:@[]|~"),
                // existing escapes are kept, a stray % too
                Arguments.of("/a%20b%2Fc%zz%", "/a%20b%2Fc%zz%"),
                Arguments.of("/already%C3%B1", "/already%C3%B1"),
                // a leading / is added; empty is /
                Arguments.of("", "/"),
                Arguments.of("a/b", "/a/b"),
                Arguments.of("x", "/x"),
                // \ is a / in special URLs
                Arguments.of("\\a\\b", "/a/b"),
                Arguments.of("/a\\..\\b", "/b"),
                // dot segments are resolved, %2e in any case included
                Arguments.of("/a/../b", "/b"),
                Arguments.of("/a/./b", "/a/b"),
                Arguments.of("/a/%2e/b", "/a/b"),
                Arguments.of("/a/%2E%2e/b", "/b"),
                Arguments.of("/a/.%2e/b", "/b"),
                Arguments.of("/a/%2e./b", "/b"),
                Arguments.of("/a/b/..", "/a/"),
                Arguments.of("/a/b/.", "/a/b/"),
                Arguments.of("/a/b/%2e", "/a/b/"),
                Arguments.of("/..", "/"),
                Arguments.of("/../../x", "/x"),
                Arguments.of("..", "/"),
                // not dot segments
                Arguments.of("/.well-known/x", "/.well-known/x"),
                Arguments.of("/.../x", "/.../x"),
                Arguments.of("/a..b/c.", "/a..b/c."),
                Arguments.of("/%2e%2e%2e", "/%2e%2e%2e"),
                Arguments.of("/a//b/", "/a//b/"));
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @MethodSource("paths")
    void pathSetter(String in, String out) {
        assertEquals(out, UrlEncoding.path(in));
    }

    @Test
    void pathSetterDropsTabsAndNewlinesAndEncodesOtherControls() {
        assertEquals("/abc", UrlEncoding.path("/a\tb\nc\r"));
        assertEquals("/a/c", UrlEncoding.path("/a/b/.\t./c"), "a dot segment split by a tab is still one");
        assertEquals("/a%01%1F%7F%00", UrlEncoding.path("/a\u0001\u001f\u007f\u0000"));
        assertEquals("/%C2%80%C3%BF", UrlEncoding.path("/\u0080\u00ff"));
    }

    @Test
    void pathSetterIsIdempotent() {
        for (String p : new String[] {"/Año 1234/x?y#z", "\\a\\..\\b c", "", "/a/%2e%2E/b", "rel/ä"}) {
            String once = UrlEncoding.path(p);
            assertEquals(once, UrlEncoding.path(once), p);
        }
    }

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("a=b c", "a=b%20c"),
                Arguments.of("q=\"#<>'", "q=%22%23%3C%3E%27"),
                Arguments.of("n=é", "n=%C3%A9"),
                Arguments.of("e=😀", "e=%F0%9F%98%80"),
                // %, +, & and = are the app's to interpret
                Arguments.of("a=%20&b=+&c=%zz&d==&e", "a=%20&b=+&c=%zz&d==&e"),
                Arguments.of("x=`{}|^[]\\/?:@!$()*,;", "x=`{}|^[]\\/?:@!$()*,;"),
                Arguments.of("?leading", "?leading"),
                Arguments.of("parameter1=value1&parameter1=value2", "parameter1=value1&parameter1=value2"));
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @MethodSource("queries")
    void querySetter(String in, String out) {
        assertEquals(out, UrlEncoding.query(in));
    }

    @Test
    void querySetterDropsTabsAndNewlinesAndEncodesOtherControls() {
        assertEquals("a=1&b=2", UrlEncoding.query("a=1\t&b=2\n"));
        assertEquals("a=%01%7F%00", UrlEncoding.query("a=\u0001\u007f\u0000"));
        assertEquals("a=b%20c", UrlEncoding.query("a=b\r\n c"));
    }
}
