package dev.lwa.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated section of a markdown file, between {@code <!-- BEGIN name -->} and
 * {@code <!-- END name -->}: a run replaces only its own section and leaves the hand-written
 * text around it alone. A file without the markers gets the section appended.
 */
public final class DocBlock {
    private DocBlock() {
    }

    public static String begin(String name) {
        return "<!-- BEGIN " + name + " (generated: do not edit by hand) -->";
    }

    public static String end(String name) {
        return "<!-- END " + name + " -->";
    }

    /** The text with the section {@code name} set to {@code content}. */
    public static String replace(String text, String name, String content) {
        String begin = begin(name);
        String end = end(name);
        String block = begin + "\n" + content.strip() + "\n" + end;
        int b = text.indexOf(begin);
        int e = b < 0 ? -1 : text.indexOf(end, b);
        if (b < 0 || e < 0) {
            String sep = text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
            return text + sep + block + "\n";
        }
        return text.substring(0, b) + block + text.substring(e + end.length());
    }

    public static void write(Path file, String name, String content) throws IOException {
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        Files.writeString(file, replace(text, name, content), StandardCharsets.UTF_8);
    }
}
