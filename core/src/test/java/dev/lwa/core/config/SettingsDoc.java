package dev.lwa.core.config;

import dev.lwa.core.config.Parser.OnInvalid;
import dev.lwa.core.config.Setting.Alias;
import dev.lwa.core.config.Setting.Default;

/**
 * Writes {@code docs/settings.md} from the settings table ({@link Settings}): one section per group,
 * one row per variable. {@link SettingsDocTest} fails when the file and the table differ.
 */
final class SettingsDoc {

    private SettingsDoc() {
    }

    static String markdown() {
        StringBuilder md = new StringBuilder("""
                # Settings

                <!-- Generated from the settings table, core/src/main/java/dev/lwa/core/config/Settings.java, by
                     SettingsDocTest: change the table, then copy core/target/settings.md here. -->

                Every environment variable the adapter reads, in the order it reads them (the launcher that
                starts it reads a few more: *Read by the launcher*, at the end). A variable counts as set
                when it is present, even empty, unless its row says otherwise. An older name is read only
                when the current one is unset, with a warning when it is deprecated. An `AWS_LWA_` variable
                that is none of these is ignored with a warning naming the closest setting (a typo). Warnings
                are logged at start-up; where a value makes lwa exit 1, it logs the variable, its value and
                what was expected, before the extension registers.
                """);
        for (Settings.Group group : Settings.GROUPS) {
            md.append("\n## ").append(group.title()).append('\n').append(group.about()).append("\n\n")
                    .append("| Variable | Default | Value | What it does |\n|---|---|---|---|\n");
            for (Setting<?> setting : group.settings()) {
                md.append("| ").append(names(setting))
                        .append(" | ").append(cell(fallback(setting.fallback())))
                        .append(" | ").append(value(setting.parser()))
                        .append(" | ").append(cell(setting.doc()))
                        .append(" |\n");
            }
        }
        return md.append(LAUNCHER).toString();
    }

    /**
     * What the layer's launcher script ({@code bootstrap/src/layer/extensions/lambda-adapter}) reads
     * before the adapter's JVM starts: not in the table, since the adapter does not read them.
     */
    private static final String LAUNCHER = """

            ## Read by the launcher
            The layer's launcher (`extensions/lambda-adapter`, a shell script) reads these before it starts
            the adapter's JVM; docs/distribution.md (*The launcher*) says why.

            | Variable | What the launcher does with it |
            |---|---|
            | `AWS_LAMBDA_FUNCTION_MEMORY_SIZE` | The heap is at most 40 % of it. Unset or not a whole number: 512 (the adapter's own default, above, is 0). |
            | `AWS_LAMBDA_MAX_CONCURRENCY` | The heap and young generation grow with it, read as the adapter reads it (unset, 0 or unreadable: 1; above 1600, 1600). |
            | `AWS_LAMBDA_INITIALIZATION_TYPE` | `lambda-managed-instances`: C2 compiles as well as C1. |
            | `LWA_JAVA` | For debugging: the `java` to run instead of the bundled runtime, without the AOT cache. |
            | `LWA_JAVA_OPTS` | For debugging: JVM options added last. |
            | `JAVA_TOOL_OPTIONS`, `JDK_JAVA_OPTIONS`, `_JAVA_OPTIONS` | Unset, so that JVM options meant for the app do not reach the adapter. |
            | `MALLOC_ARENA_MAX` | Set to 2 for the adapter, whatever the function's value. |

            Local mode (`./lwa local`, `./lwa invoke`) reads the table's variables from your shell, with the
            Lambda variables the emulator sets (`AWS_LAMBDA_*`, `AWS_REGION`, ...) and its options on top;
            docs/local-mode.md (*Ports*) says how it chooses the app's port from `--app-port`,
            `AWS_LWA_PORT` and `PORT`.
            """;

    private static String names(Setting<?> setting) {
        StringBuilder names = new StringBuilder(code(setting.name()));
        for (Alias alias : setting.aliases()) {
            names.append("<br>").append(switch (alias) {
                case Alias.Deprecated d -> "or " + code(d.name()) + " (deprecated)";
                case Alias.Fallback f -> "or " + code(f.name());
                case Alias.Removed r -> "replaces " + code(r.name()) + " (removed in 1.0: a warning names the value to use)";
            });
        }
        return names.toString();
    }

    private static String fallback(Default<?> fallback) {
        return switch (fallback) {
            case Default.Value<?> v -> v.shown();
            case Default.SameAs<?> s -> "as " + code(s.setting().name());
            case Default.None<?> n -> n.meaning();
        };
    }

    private static String value(Parser<?> parser) {
        StringBuilder value = new StringBuilder(cell(parser.expected()));
        if (parser.emptyMeansUnset()) {
            value.append("<br>Empty: as if unset.");
        }
        if (parser.onInvalid() != OnInvalid.NONE) {
            value.append("<br>Otherwise: ").append(parser.onInvalid().doc).append('.');
        }
        return value.toString();
    }

    private static String code(String text) {
        return "`" + text + "`";
    }

    /** Markdown table cells end at {@code |}. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
