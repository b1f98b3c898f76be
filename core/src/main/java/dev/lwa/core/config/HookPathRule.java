package dev.lwa.core.config;

import dev.lwa.core.config.EnvReader.Raw;
import dev.lwa.core.config.Parser.OnInvalid;
import dev.lwa.runtimeapi.http.UrlEncoding;

import java.util.List;
import java.util.Optional;

/**
 * How a SnapStart hook path is read: as the URL path setter makes it (the form the adapter POSTs),
 * then refused when requests could not be kept off it or the app could not tell it apart, each
 * judged on its {@link CanonicalPath}.
 */
final class HookPathRule {

    private HookPathRule() {
    }

    static final Parser<String> PARSER = new Parser<>(
            "a path below the root, such as /snapstart/restore; not the pass-through path, no %25, "
                    + "no malformed escape", OnInvalid.EXIT, HookPathRule::read).emptyIsUnset();

    private static Optional<String> read(Raw raw, EnvReader in) throws ConfigException {
        String path = UrlEncoding.path(raw.value());
        Optional<String> problem = problem(path, in.get(Settings.PASS_THROUGH_PATH));
        if (problem.isPresent()) {
            throw new ConfigException(raw.variable(), raw.value(), "SnapStart hook path", problem.get());
        }
        return Optional.of(path);
    }

    /** What is wrong with the hook path, as the "expected ..." of the error; empty when nothing. */
    static Optional<String> problem(String path, String passThroughPath) {
        Optional<String> decoded = CanonicalPath.decode(path);
        if (decoded.isEmpty()) {
            return Optional.of("well-formed percent-escapes of UTF-8 text ('" + path + "' cannot be decoded)");
        }
        if (decoded.get().indexOf('%') >= 0) {
            return Optional.of("a path with no '%' once decoded (such as %25): it would need decoding twice");
        }
        List<String> canonical = CanonicalPath.of(path).orElseThrow();
        if (canonical.isEmpty()) {
            return Optional.of("a path below the root ('" + path + "' means /)");
        }
        if (CanonicalPath.of(passThroughPath).filter(canonical::equals).isPresent()) {
            return Optional.of("a path other than " + Settings.PASS_THROUGH_PATH.name() + " ('" + passThroughPath
                    + "'), where events are POSTed");
        }
        return Optional.empty();
    }
}
