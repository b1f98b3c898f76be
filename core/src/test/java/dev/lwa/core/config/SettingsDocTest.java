package dev.lwa.core.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** docs/settings.md is the settings table, and the table is one entry per variable. */
class SettingsDocTest {

    /** Tests run in the module's directory. */
    private static final Path DOC = Path.of("../docs/settings.md");
    private static final Path GENERATED = Path.of("target/settings.md");

    @Test
    void docsSettingsMdIsWhatTheTableGenerates() throws IOException {
        String generated = SettingsDoc.markdown();
        Files.createDirectories(GENERATED.getParent());
        Files.writeString(GENERATED, generated);
        String committed = Files.exists(DOC) ? Files.readString(DOC) : "";
        if (!generated.equals(committed)) {
            List<String> want = generated.lines().toList();
            List<String> have = committed.lines().toList();
            int line = 0;
            while (line < want.size() && line < have.size() && want.get(line).equals(have.get(line))) {
                line++;
            }
            fail("docs/settings.md differs from the settings table (Settings.java) from line " + (line + 1) + ":\n"
                    + "  file:  " + (line < have.size() ? have.get(line) : "(end)") + "\n"
                    + "  table: " + (line < want.size() ? want.get(line) : "(end)") + "\n"
                    + "To regenerate it, after this test ran: cp core/target/settings.md docs/settings.md");
        }
    }

    @Test
    void eachVariableIsReadOnce() {
        Set<String> names = new HashSet<>();
        for (Setting<?> setting : Settings.ALL) {
            assertTrue(names.add(setting.name()), setting.name() + " is in the table twice");
            for (Setting.Alias alias : setting.aliases()) {
                assertTrue(names.add(alias.name()), alias.name() + " is in the table twice");
            }
        }
    }
}
