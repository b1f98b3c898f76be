package dev.lwa.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EndToEndTest {

    @Test
    void readsTheJvmFlagsFromTheLaunchersExecLine(@TempDir Path dir) throws IOException {
        Path launcher = dir.resolve("lambda-adapter");
        Files.writeString(launcher, """
                #!/bin/sh
                # -XX:+NotThisOne in a comment
                java="${LWA_JAVA:-/usr/bin/java}"
                exec "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k -XX:MaxRAM=256m -XX:-UsePerfData \\
                  -XX:AOTCache="$lwa_home/lwa.aot" -Dlwa.extension.name="$(basename "$0")" ${LWA_JAVA_OPTS:-} \\
                  -cp "$lwa_home/lib/*" dev.lwa.bootstrap.Main "$@"
                echo -XX:+NorThis
                """);
        assertEquals(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss256k", "-XX:MaxRAM=256m",
                "-XX:-UsePerfData"), EndToEnd.launcherFlags(launcher), "the adapter's AOT cache is not for the null runtime");
    }

    @Test
    void fallsBackToTheKnownFlagsWhenTheScriptHasNone(@TempDir Path dir) throws IOException {
        Path launcher = dir.resolve("lambda-adapter");
        Files.writeString(launcher, "#!/bin/sh\nexec ./native-adapter\n");
        assertEquals(EndToEnd.DEFAULT_JVM_FLAGS, EndToEnd.launcherFlags(launcher));
    }

    @Test
    void parsesOptionsAndRejectsUnknownOnes() {
        var o = EndToEnd.Options.parse(new String[] {"--n", "10", "--warmup", "0", "--event", "rest-v1", "--no-doc",
                "--app", "in-process", "--null-modes", "platform,pipeline"});
        assertEquals(List.of(NullRuntime.Mode.PLATFORM, NullRuntime.Mode.PIPELINE), o.nullModes());
        assertEquals(List.of(NullRuntime.Mode.values()), EndToEnd.Options.parse(new String[0]).nullModes());
        assertEquals(10, o.n());
        assertEquals(0, o.warmup());
        assertEquals(Events.Kind.REST_V1, o.kind());
        assertEquals(false, o.appProcess());
        assertEquals(true, EndToEnd.Options.parse(new String[0]).appProcess(), "by default the app is a process of its own, as in Lambda");
        assertEquals(true, o.doc().isEmpty());
        assertEquals(true, o.baselineLayer().isEmpty());
        assertEquals(java.util.Optional.of(java.nio.file.Path.of("/tmp/old-layer")),
                EndToEnd.Options.parse(new String[] {"--baseline-layer", "/tmp/old-layer"}).baselineLayer());
        assertThrows(IllegalArgumentException.class, () -> EndToEnd.Options.parse(new String[] {"--fast"}));
        assertThrows(IllegalArgumentException.class, () -> EndToEnd.Options.parse(new String[] {"--n"}));
        assertThrows(IllegalArgumentException.class, () -> EndToEnd.Options.parse(new String[] {"--app", "docker"}));
        assertThrows(IllegalArgumentException.class, () -> EndToEnd.Options.parse(new String[] {"--null-modes", "virtual"}),
                "the adapter is always compared with the platform-thread floor");
    }

    @Test
    void theLayersJarsComeFirstInNameOrder(@TempDir Path dir) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lwa/lib"));
        Files.writeString(lib.resolve("lwa-core.jar"), "");
        Files.writeString(lib.resolve("jakarta.json-api.jar"), "");
        Files.writeString(lib.resolve("notes.txt"), "");
        String sep = java.io.File.pathSeparator;
        assertEquals(lib.resolve("jakarta.json-api.jar").toAbsolutePath() + sep + lib.resolve("lwa-core.jar").toAbsolutePath()
                + sep + System.getProperty("java.class.path"), EndToEnd.layerClassPath(dir));
    }
}
