package dev.lwa.core.http;

import dev.lwa.core.config.CanonicalPath;
import dev.lwa.core.config.SnapStartHooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps requests from outside off the app's SnapStart hook paths: only the adapter may POST them.
 * A request path matches a hook when both mean the same route once in {@link CanonicalPath} form,
 * so {@code /SnapStart//AFTER/}, {@code /snapstart/%61fter} and {@code /snapstart/after;x=1} all
 * match {@code /snapstart/after}. A path that cannot be decoded matches nothing (a hook path can
 * always be decoded: {@code Settings} refuses one that cannot).
 */
public final class HookPathGuard {

    private static final HookPathGuard NONE = new HookPathGuard(List.of());

    /** The canonical forms of the configured hook paths. */
    private final List<List<String>> hooks;

    private HookPathGuard(List<List<String>> hooks) {
        this.hooks = List.copyOf(hooks);
    }

    /** Guards the hook paths that are configured; with none, blocks nothing. */
    public static HookPathGuard of(SnapStartHooks hooks) {
        List<List<String>> canonical = new ArrayList<>(2);
        for (Optional<String> hook : List.of(hooks.beforeCheckpoint(), hooks.afterRestore())) {
            hook.flatMap(CanonicalPath::of).ifPresent(canonical::add);
        }
        return canonical.isEmpty() ? NONE : new HookPathGuard(canonical);
    }

    /** Blocks nothing. */
    public static HookPathGuard none() {
        return NONE;
    }

    /** Whether no hook path is configured: then no request path needs computing for the guard. */
    public boolean guardsNothing() {
        return hooks.isEmpty();
    }

    /**
     * Whether a request for this path must not reach the app.
     *
     * @param appPath the path as the app would get it: base path removed, then normalised and
     *                encoded by the URL path setter
     */
    public boolean blocks(String appPath) {
        if (hooks.isEmpty()) {
            return false;
        }
        Optional<List<String>> canonical = CanonicalPath.of(appPath);
        if (canonical.isPresent() && hooks.contains(canonical.get())) {
            return true;
        }
        // path parameters as written may hold what cannot be decoded, and a server that drops them
        // before decoding (Tomcat) still routes the rest: that rest is compared too
        if (appPath.indexOf(';') < 0) {
            return false;
        }
        Optional<List<String>> withoutParameters = CanonicalPath.ofWithoutParameters(appPath);
        return withoutParameters.isPresent() && hooks.contains(withoutParameters.get());
    }
}
