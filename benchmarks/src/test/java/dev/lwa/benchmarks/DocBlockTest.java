package dev.lwa.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocBlockTest {

    @Test
    void replacesOnlyItsOwnSectionAndKeepsTheTextAround(@TempDir Path dir) throws IOException {
        Path doc = dir.resolve("performance.md");
        Files.writeString(doc, "# Performance\n\nhand-written\n");
        DocBlock.write(doc, "jmh", "table one");
        DocBlock.write(doc, "end-to-end", "e2e one");
        DocBlock.write(doc, "jmh", "table two\n");
        String text = Files.readString(doc);
        assertTrue(text.startsWith("# Performance\n\nhand-written\n\n"), text);
        assertTrue(text.contains(DocBlock.begin("jmh") + "\ntable two\n" + DocBlock.end("jmh")), text);
        assertTrue(text.contains("e2e one"), text);
        assertEquals(-1, text.indexOf("table one"), text);
        assertEquals(text.indexOf(DocBlock.begin("jmh")), text.lastIndexOf(DocBlock.begin("jmh")), "one jmh section");
    }

    @Test
    void aMissingFileGetsJustTheSection() {
        assertEquals(DocBlock.begin("x") + "\nbody\n" + DocBlock.end("x") + "\n", DocBlock.replace("", "x", "body"));
    }
}
