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

                Every environment variable lwa reads, in the order it reads them. A variable counts as set
                when it is present, even empty, unless its row says otherwise. An older name is read only
                when the current one is unset, with a warning when it is deprecated. Warnings are logged at
                start-up; where a value makes lwa exit 1, it logs the variable, its value and what was
                expected, before the extension registers.
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
        return md.toString();
    }

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
