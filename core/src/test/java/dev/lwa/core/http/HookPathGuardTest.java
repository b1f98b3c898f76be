package dev.lwa.core.http;

import dev.lwa.core.config.CanonicalPath;
import dev.lwa.core.config.SnapStartHooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which request paths mean a SnapStart hook path, on the path as the app would get it. */
class HookPathGuardTest {

    private static final HookPathGuard GUARD = HookPathGuard.of(
            new SnapStartHooks(Optional.of("/snapstart/before"), Optional.of("/snapstart/after")));

    @ParameterizedTest
    @ValueSource(strings = {"/snapstart/after", "/SnapStart//AFTER/", "/snapstart/%61fter", "/snapstart/after;x=1",
            "/snapstart/./after", "/x/../snapstart/after", "/snapstart%2fafter", "/snapstart/after%00",
            "/snapstart;v=2/before", "/..//snapstart/BEFORE/.",
            // parameters that cannot be decoded: Tomcat drops them before decoding and runs the hook
            "/snapstart/after;%ff", "/snapstart/after;x=%ff", "/snapstart/before;jsessionid=%C0", "/snapstart;%zz/after"})
    void spellingsOfAHookPathAreBlocked(String path) {
        assertTrue(GUARD.blocks(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/snapstart/afterwards", "/snapstart", "/", "/snapstart/after/x", "/reports/100%",
            "/snapstart/%zzafter", "/snapstart/after%ff", "/snapstart/%2561fter", "/snapstart/aftér",
            "/reports;%ff/100%", "/snapstart/after%ff;x"})
    void otherPathsAndUndecidableOnesAreNot(String path) {
        assertFalse(GUARD.blocks(path), path);
    }

    @Test
    void withoutHooksNothingIsBlocked() {
        assertFalse(HookPathGuard.none().blocks("/snapstart/after"));
        assertFalse(HookPathGuard.of(SnapStartHooks.none()).blocks("/"));
    }

    @Test
    void canonicalForm() {
        assertEquals(Optional.of(List.of("a", "b")), CanonicalPath.of("/A/./x/..//b;p/"));
        assertEquals(Optional.of(List.of()), CanonicalPath.of("/%2f.."));
        assertEquals(Optional.of(List.of("é")), CanonicalPath.of("/%C3%A9"));
        assertEquals(Optional.of(List.of("É")), CanonicalPath.of("/%C3%89")); // only ASCII is lower-cased
        assertEquals(Optional.empty(), CanonicalPath.of("/100%"));
        assertEquals(Optional.empty(), CanonicalPath.of("/%4"));
        assertEquals(Optional.empty(), CanonicalPath.of("/%c3%28"));
    }
}
