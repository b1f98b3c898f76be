package dev.lwa.core.compress;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A machine where brotli's JNI library cannot load (as on an architecture without its native jar):
 * br is simply not offered, with one warning for the whole process, and nothing fails. Needs its
 * own JVM, since the library loads at most once per process.
 */
class BrotliUnavailableTest {

    @Test
    void brFallsBackToGzipOrIdentityWithOneWarning() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // brotli4j honours this property before anything else; a path with no library behaves as a
        // missing native jar does.
        Process process = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Dbrotli4j.library.path=/nonexistent/libbrotli.so",
                "-cp", classPath, BrotliUnavailableMain.class.getName()).start();
        process.getOutputStream().close();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String stdout = read(process.getInputStream());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the JVM ended");
        String err = stderr.get(10, TimeUnit.SECONDS);

        assertEquals(0, process.exitValue(), err);
        List<String> lines = stdout.lines().toList();
        assertEquals(List.of("gzip", "identity", "gzip", "gzip"), lines.subList(0, 4), stdout + err);
        assertTrue(lines.get(4).startsWith("refused: br was requested but the brotli native library could not be loaded"),
                lines.get(4));
        long warnings = err.lines().filter(l -> l.contains("brotli is unavailable")).count();
        assertEquals(1, warnings, err);
        assertTrue(err.contains("/nonexistent/libbrotli.so"), "the warning says why: " + err);
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
