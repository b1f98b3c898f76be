package dev.lwa.bootstrap.examples;

import dev.lwa.bootstrap.ExamplesIT;
import dev.lwa.bootstrap.ExamplesIT.Instruction;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.lwa.bootstrap.ExamplesIT.map;
import static dev.lwa.bootstrap.ExamplesIT.properties;
import static dev.lwa.bootstrap.ExamplesIT.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every folder under {@code examples/} with a SAM template and/or a Dockerfile, checked without
 * Docker or AWS against what the build makes: the template parses and its references resolve; zip
 * functions run lwa from the layer zip {@code mvn package} builds through
 * {@code AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap} and an executable handler; image functions build a
 * Dockerfile of the folder; each Dockerfile copies {@code /opt} from the lwa image the build names
 * and only files that exist; a streaming Function URL goes with {@code AWS_LWA_INVOKE_MODE=response_stream};
 * every {@code AWS_LWA_*} name written in an example is a setting lwa reads (docs/settings.md,
 * generated from core's table); and the README shows {@code ./lwa local}. The examples' own ITs run
 * the apps; {@link ExamplesIT} checks the zip and image examples more closely.
 */
class ExampleTemplatesIT {
    private static final Path EXAMPLES = ExpressExample.EXAMPLES;
    private static final Path SETTINGS_DOC = EXAMPLES.resolveSibling("docs/settings.md");
    private static final String SAM_TRANSFORM = "AWS::Serverless-2016-10-31";
    private static final String FUNCTION = "AWS::Serverless::Function";
    private static final String LAYER = "AWS::Serverless::LayerVersion";
    /** The older examples, described in docs/distribution.md rather than a README of their own. */
    private static final Set<String> WITHOUT_README = Set.of("image", "zip");
    private static final Pattern LWA_NAME = Pattern.compile("AWS_LWA_[A-Z0-9_]+");

    /** The folders under examples/ with a template.yaml or a Dockerfile, by name. */
    static Stream<String> examples() throws IOException {
        try (Stream<Path> dirs = Files.list(EXAMPLES)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("template.yaml")) || Files.isRegularFile(d.resolve("Dockerfile")))
                    .map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void theWalkFindsEveryExample() throws IOException {
        Set<String> found = new TreeSet<>(examples().toList());
        assertTrue(found.containsAll(Set.of("any-http", "express", "express-sqs", "fastapi-streaming", "flask", "image",
                "nginx", "springboot", "zip")), "examples found: " + found);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theTemplateParsesAndItsReferencesResolve(String example) throws IOException {
        Map<String, Object> template = template(example);
        assertEquals(SAM_TRANSFORM, template.get("Transform"), example + ": the SAM transform");
        Map<String, Map<String, Object>> resources = resources(template);
        assertNotNull(resources, example + ": no Resources");
        assertFalse(functions(template).isEmpty(), example + ": no " + FUNCTION);
        ExamplesIT.assertReferencesResolve(example + ": ", template, resources);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void zipFunctionsRunLwaFromTheBuiltLayerThroughTheExecWrapper(String example) throws IOException {
        Path dir = EXAMPLES.resolve(example);
        Map<String, Object> template = template(example);
        Map<String, Map<String, Object>> resources = resources(template);
        for (Map.Entry<String, Map<String, Object>> f : functions(template).entrySet()) {
            Map<String, Object> function = properties(f.getValue());
            if ("Image".equals(function.get("PackageType"))) {
                continue;
            }
            String what = example + "/" + f.getKey();
            List<String> layers = Optional.ofNullable((List<?>) function.get("Layers")).orElse(List.of()).stream()
                    .map(l -> (String) map(l).get("Ref")).filter(r -> r != null && resources.containsKey(r)
                            && LAYER.equals(resources.get(r).get("Type"))).toList();
            assertEquals(1, layers.size(), what + ": a zip function takes lwa from the template's layer, found " + layers);
            Map<String, Object> layer = properties(resources.get(layers.getFirst()));
            assumeTrue("amd64".equals(System.getProperty("os.arch")), "the examples are x86_64 ones");
            Path zip = dir.resolve((String) layer.get("ContentUri")).normalize();
            assertTrue(Files.isRegularFile(zip), what + ": ContentUri " + zip + " does not exist");
            assertEquals(ExpressExample.layerZip().toRealPath(), zip.toRealPath(), what + ": ContentUri must name the zip mvn package builds");
            assertEquals(List.of("x86_64"), layer.get("CompatibleArchitectures"), what + ": the layer's architectures");
            assertEquals(List.of("x86_64"), function.get("Architectures"), what + ": the function's architectures");

            assertEquals("/opt/bootstrap", environment(template, function).get("AWS_LAMBDA_EXEC_WRAPPER"),
                    what + ": AWS_LAMBDA_EXEC_WRAPPER starts lwa from the layer");
            assertHandlerIsExecutable(what, dir, (String) function.get("CodeUri"), (String) function.get("Handler"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void imageFunctionsBuildADockerfileOfTheFolder(String example) throws IOException {
        Path dir = EXAMPLES.resolve(example);
        for (Map.Entry<String, Map<String, Object>> f : functions(template(example)).entrySet()) {
            if (!"Image".equals(properties(f.getValue()).get("PackageType"))) {
                continue;
            }
            String what = example + "/" + f.getKey();
            assertFalse(properties(f.getValue()).containsKey("Layers"), what + ": an image function cannot take layers");
            Path dockerfile = dockerfileOf(dir, f.getValue());
            assertTrue(Files.isRegularFile(dockerfile), what + ": Metadata names " + dockerfile + ", which does not exist");
            assertEquals(dir, dockerfile.getParent(), what + ": Metadata must name a Dockerfile of the example's folder");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theDockerfileCopiesLwaFromTheBuiltImageAndOnlyFilesThatExist(String example) throws IOException {
        Path dir = EXAMPLES.resolve(example);
        Path dockerfile = dir.resolve("Dockerfile");
        assumeTrue(Files.isRegularFile(dockerfile), example + " has no Dockerfile");
        List<Instruction> steps = Instruction.parse(Files.readString(dockerfile));
        String image = ExpressExample.lwaImageName();
        assertTrue(steps.contains(new Instruction("ARG", "LWA_IMAGE=" + image)),
                example + ": the Dockerfile must default ARG LWA_IMAGE to the image mvn package builds, " + image);
        assertTrue(steps.contains(new Instruction("FROM", "${LWA_IMAGE} AS lwa")), example + ": no FROM ${LWA_IMAGE} AS lwa stage");
        List<Instruction> last = steps.subList(ExamplesIT.lastIndexOf(steps, "FROM"), steps.size());
        assertTrue(last.contains(new Instruction("COPY", "--from=lwa /opt /opt")),
                example + ": the function's stage must COPY --from=lwa /opt /opt");

        Path context = buildContext(dir);
        for (Instruction copy : steps) {
            if (!copy.is("COPY") && !copy.is("ADD")) {
                continue;
            }
            List<String> words = words(copy.args());
            if (words.stream().anyMatch(w -> w.startsWith("--from="))) {
                continue;
            }
            List<String> sources = words.stream().filter(w -> !w.startsWith("--")).toList();
            assertTrue(sources.size() >= 2, example + ": " + copy);
            for (String source : sources.subList(0, sources.size() - 1)) {
                if (source.contains("://")) {
                    continue;
                }
                assertTrue(exists(context, source), example + ": " + copy.keyword() + " " + source + " is not in the build context " + context);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void aStreamingFunctionUrlGoesWithTheResponseStreamInvokeMode(String example) throws IOException {
        Path dir = EXAMPLES.resolve(example);
        Map<String, Object> template = template(example);
        for (Map.Entry<String, Map<String, Object>> f : functions(template).entrySet()) {
            Map<String, Object> function = properties(f.getValue());
            Map<String, String> env = new LinkedHashMap<>();
            if ("Image".equals(function.get("PackageType"))) {
                List<Instruction> steps = Instruction.parse(Files.readString(dockerfileOf(dir, f.getValue())));
                env.putAll(Instruction.env(steps.subList(ExamplesIT.lastIndexOf(steps, "FROM"), steps.size())));
            }
            env.putAll(environment(template, function));
            String what = example + "/" + f.getKey();
            if (env.containsKey("PORT") && env.containsKey("AWS_LWA_PORT")) {
                assertEquals(env.get("PORT"), env.get("AWS_LWA_PORT"), what + ": lwa must forward to the port the app listens on");
            }
            if (!(function.get("FunctionUrlConfig") instanceof Map<?, ?> url)) {
                continue;
            }
            boolean streamingUrl = "RESPONSE_STREAM".equals(url.get("InvokeMode"));
            String mode = env.getOrDefault("AWS_LWA_INVOKE_MODE", "buffered");
            assertEquals(streamingUrl ? "response_stream" : "buffered", mode, what + ": the Function URL's InvokeMode is "
                    + Optional.ofNullable(url.get("InvokeMode")).orElse("BUFFERED") + ", AWS_LWA_INVOKE_MODE must match it");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyLwaSettingNamedIsOneLwaReads(String example) throws IOException {
        Set<String> settings = settings();
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES.resolve(example))) {
            for (Path file : files.filter(ExampleTemplatesIT::isExampleText).sorted().toList()) {
                Matcher m = LWA_NAME.matcher(Files.readString(file));
                while (m.find()) {
                    if (!settings.contains(m.group())) {
                        unknown.add(file.getFileName() + ": " + m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), unknown, example + ": not settings of lwa (docs/settings.md)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void theReadmeShowsLwaLocal(String example) throws IOException {
        Path readme = EXAMPLES.resolve(example).resolve("README.md");
        assumeTrue(!WITHOUT_README.contains(example) || Files.exists(readme), example + " is described in docs/distribution.md");
        assertTrue(Files.isRegularFile(readme), example + ": no README.md");
        assertTrue(Files.readString(readme).contains("./lwa local"), example + ": the README must show how to run it with ./lwa local");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Map<String, Object> template(String example) throws IOException {
        Path file = EXAMPLES.resolve(example).resolve("template.yaml");
        assumeTrue(Files.isRegularFile(file), example + " has no template.yaml");
        return ExamplesIT.yaml(file);
    }

    private static Map<String, Map<String, Object>> functions(Map<String, Object> template) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resources(template).forEach((name, r) -> {
            if (FUNCTION.equals(r.get("Type"))) {
                out.put(name, r);
            }
        });
        return out;
    }

    /** Globals.Function's variables, then the function's own, as strings. */
    private static Map<String, String> environment(Map<String, Object> template, Map<String, Object> function) {
        Map<String, String> env = new LinkedHashMap<>();
        Object globals = Optional.ofNullable(template.get("Globals")).map(g -> map(g).get("Function")).orElse(null);
        for (Object owner : Stream.of(globals, function).filter(o -> o != null).toList()) {
            Object variables = Optional.ofNullable(map(owner).get("Environment")).map(e -> map(e).get("Variables")).orElse(null);
            if (variables != null) {
                map(variables).forEach((k, v) -> env.put(k, v instanceof String s ? s : String.valueOf(v)));
            }
        }
        return env;
    }

    private static Path dockerfileOf(Path dir, Map<String, Object> resource) {
        Map<String, Object> metadata = map(resource.get("Metadata"));
        Path context = dir.resolve((String) metadata.get("DockerContext")).normalize();
        return context.resolve((String) Optional.ofNullable(metadata.get("Dockerfile")).orElse("Dockerfile")).normalize();
    }

    /** The context the example's Dockerfile is built in: the one its template names, else the folder. */
    private static Path buildContext(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve("template.yaml"))) {
            for (Map<String, Object> f : functions(ExamplesIT.yaml(dir.resolve("template.yaml"))).values()) {
                if (f.get("Metadata") instanceof Map<?, ?> m && m.containsKey("DockerContext")
                        && dockerfileOf(dir, f).equals(dir.resolve("Dockerfile"))) {
                    return dir.resolve((String) m.get("DockerContext")).normalize();
                }
            }
        }
        return dir;
    }

    /** A COPY's words: the JSON array form or the shell-like one. */
    private static List<String> words(String args) {
        int json = args.indexOf('[');
        if (json >= 0 && args.stripTrailing().endsWith("]")) {
            List<String> out = new ArrayList<>(List.of(args.substring(0, json).strip().split("\\s+")));
            out.removeIf(String::isEmpty);
            JsonProvider.provider().createReader(new StringReader(args.substring(json))).readArray()
                    .getValuesAs(JsonString.class).forEach(s -> out.add(s.getString()));
            return out;
        }
        return List.of(args.split("\\s+"));
    }

    private static boolean exists(Path context, String source) throws IOException {
        Path path = context.resolve(source).normalize();
        if (!path.startsWith(context)) {
            return false;
        }
        if (!source.contains("*") && !source.contains("?")) {
            return Files.exists(path);
        }
        try (DirectoryStream<Path> matches = Files.newDirectoryStream(path.getParent(), path.getFileName().toString())) {
            return matches.iterator().hasNext();
        }
    }

    /**
     * The handler exists and is executable where Lambda unpacks CodeUri: in the folder CodeUri
     * names, or in the zip it names; a zip the example's own build makes (not built here) is
     * checked through the assembly descriptor that makes it.
     */
    private static void assertHandlerIsExecutable(String what, Path dir, String codeUri, String handler) throws IOException {
        assertNotNull(codeUri, what + ": no CodeUri");
        assertNotNull(handler, what + ": no Handler");
        Path code = dir.resolve(codeUri).normalize();
        if (!codeUri.endsWith(".zip")) {
            Path file = code.resolve(handler);
            assertTrue(Files.isRegularFile(file), what + ": the Handler " + file + " does not exist");
            assertTrue(Files.isExecutable(file), what + ": the Handler " + file + " must be executable (git mode 755): the wrapper execs it");
            assertTrue(Files.readString(file).startsWith("#!"), what + ": the Handler " + file + " needs a #! line");
            return;
        }
        if (Files.isRegularFile(code)) {
            try (ZipFile z = ZipFile.builder().setPath(code).get()) {
                ZipArchiveEntry entry = z.getEntry(handler);
                assertNotNull(entry, what + ": " + code + " has no " + handler);
                assertTrue((entry.getUnixMode() & 0100) != 0, what + ": " + handler + " must unpack executable");
            }
            return;
        }
        Path file = dir.resolve(handler);
        assertTrue(Files.isExecutable(file), what + ": " + file + " (the Handler, packed into " + codeUri + ") must be executable");
        List<Path> descriptors;
        try (Stream<Path> s = Files.exists(dir.resolve("src/assembly")) ? Files.list(dir.resolve("src/assembly")) : Stream.empty()) {
            descriptors = s.filter(p -> p.toString().endsWith(".xml")).toList();
        }
        for (Path descriptor : descriptors) {
            try {
                NodeList files = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse(descriptor.toFile())
                        .getElementsByTagName("file");
                for (int i = 0; i < files.getLength(); i++) {
                    Element e = (Element) files.item(i);
                    if (handler.equals(text(e, "source")) && Optional.ofNullable(text(e, "outputDirectory")).orElse("").matches("/?")) {
                        assertTrue((Integer.parseInt(text(e, "fileMode"), 8) & 0100) != 0,
                                what + ": " + descriptor + " packs " + handler + " without the executable bit");
                        return;
                    }
                }
            } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
                throw new AssertionError(descriptor + ": " + e, e);
            }
        }
        fail(what + ": CodeUri " + codeUri + " is not built, and no src/assembly descriptor puts " + handler + " at its root");
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }

    /** The files of an example that set or describe lwa's settings. */
    private static boolean isExampleText(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.equals("template.yaml") || name.equals("Dockerfile")
                || name.equals("README.md") || name.endsWith(".sh"));
    }

    /** The settings lwa reads: docs/settings.md's rows, generated from core's settings table. */
    private static Set<String> settings() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(AWS_LWA_[A-Z0-9_]+)`").matcher(Files.readString(SETTINGS_DOC));
        while (row.find()) {
            names.add(row.group(1));
        }
        assertTrue(names.contains("AWS_LWA_PORT") && names.size() > 10, "docs/settings.md's table not read: " + names);
        return names;
    }
}
