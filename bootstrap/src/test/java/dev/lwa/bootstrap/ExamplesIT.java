package dev.lwa.bootstrap;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The examples under {@code examples/} fit what the build makes: the SAM templates and the
 * Dockerfile are parsed, and every path, name and setting in them is checked against the packaged
 * zip, the image tarball and the example app. (That they deploy needs an AWS account; that the zip
 * flow they describe works is {@link ExecWrapperIT}.)
 */
class ExamplesIT {
    private static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();
    private static final String SAM_TRANSFORM = "AWS::Serverless-2016-10-31";

    @Test
    void theZipTemplateDeploysThePackagedLayerWithTheExecWrapper() throws Exception {
        String arch = samArch();
        Path dir = EXAMPLES.resolve("zip");
        Map<String, Object> template = yaml(dir.resolve("template.yaml"));
        assertEquals(SAM_TRANSFORM, template.get("Transform"));
        Map<String, Map<String, Object>> resources = resources(template);
        assertReferencesResolve(template, resources);

        String layerName = single(resources, "AWS::Serverless::LayerVersion");
        Map<String, Object> layer = properties(resources.get(layerName));
        Path zip = dir.resolve((String) layer.get("ContentUri")).normalize();
        assertEquals(LayerRun.layerZip().toRealPath(), zip.toRealPath(), "ContentUri must name the zip mvn package builds");
        assertEquals(List.of(arch), layer.get("CompatibleArchitectures"));

        Map<String, Object> function = properties(resources.get(single(resources, "AWS::Serverless::Function")));
        assertEquals(List.of(arch), function.get("Architectures"));
        assertEquals(List.of(Map.of("Ref", layerName)), function.get("Layers"), "the function must use the layer");
        Path code = dir.resolve((String) function.get("CodeUri")).normalize();
        Path handler = code.resolve((String) function.get("Handler"));
        assertTrue(Files.isExecutable(handler), handler + " (the Handler) must exist and be executable: the wrapper execs it");
        assertTrue(Files.readString(handler).contains("python3"), "run.sh starts a Python app: keep a Python runtime");
        assertTrue(((String) function.get("Runtime")).startsWith("python"), "Runtime " + function.get("Runtime"));

        Map<String, Object> env = map(map(function.get("Environment")).get("Variables"));
        String wrapper = (String) env.get("AWS_LAMBDA_EXEC_WRAPPER");
        assertEquals("/opt/bootstrap", wrapper);
        try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
            ZipArchiveEntry entry = z.getEntry(wrapper.substring("/opt/".length()));
            assertNotNull(entry, "the layer zip has no " + wrapper);
            assertTrue((entry.getUnixMode() & 0100) != 0, wrapper + " must unpack executable");
        }
        assertEquals(env.get("PORT"), env.get("AWS_LWA_PORT"), "lwa must forward to the port the app listens on");
    }

    @Test
    void theImageTemplateBuildsTheDockerfileThatCopiesTheLwaImage() throws Exception {
        String arch = samArch();
        Path dir = EXAMPLES.resolve("image");
        Map<String, Object> template = yaml(dir.resolve("template.yaml"));
        assertEquals(SAM_TRANSFORM, template.get("Transform"));
        Map<String, Map<String, Object>> resources = resources(template);
        assertReferencesResolve(template, resources);
        Map<String, Object> resource = resources.get(single(resources, "AWS::Serverless::Function"));
        Map<String, Object> function = properties(resource);
        assertEquals("Image", function.get("PackageType"));
        assertEquals(List.of(arch), function.get("Architectures"));
        Map<String, Object> metadata = map(resource.get("Metadata"));
        Path context = dir.resolve((String) metadata.get("DockerContext")).normalize();
        Path dockerfile = context.resolve((String) metadata.get("Dockerfile")).normalize();
        assertEquals(dir.resolve("Dockerfile"), dockerfile, "Metadata must name examples/image/Dockerfile");

        List<Instruction> steps = Instruction.parse(Files.readString(dockerfile));
        String imageArg = steps.stream().filter(i -> i.is("ARG") && i.args().startsWith("LWA_IMAGE="))
                .map(i -> i.args().substring("LWA_IMAGE=".length())).findFirst().orElseThrow(() -> new AssertionError("no ARG LWA_IMAGE"));
        String built = LayerImageIT.imageName(LayerImageIT.readTar(LayerImageIT.imageTar()));
        assertEquals(built, imageArg, "the Dockerfile's default lwa image must be the one jib:buildTar names");
        assertTrue(steps.contains(new Instruction("FROM", "${LWA_IMAGE} AS lwa")), "no FROM ${LWA_IMAGE} AS lwa stage");
        int lastFrom = lastIndexOf(steps, "FROM");
        List<Instruction> last = steps.subList(lastFrom, steps.size());
        assertTrue(last.contains(new Instruction("COPY", "--from=lwa /opt /opt")), "the function's stage must COPY --from=lwa /opt /opt");
        for (Instruction copy : last) {
            if (copy.is("COPY") && !copy.args().startsWith("--from")) {
                String source = copy.args().split("\\s+")[0];
                assertTrue(Files.isRegularFile(context.resolve(source)), "COPY source " + source + " is not in the build context " + context);
            }
        }
        Map<String, String> envs = new LinkedHashMap<>();
        last.stream().filter(i -> i.is("ENV")).forEach(i -> {
            for (String kv : i.args().split("\\s+")) {
                envs.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        });
        assertEquals(envs.get("PORT"), envs.get("AWS_LWA_PORT"), "lwa must forward to the port the app listens on");
        Instruction cmd = last.stream().filter(i -> i.is("CMD")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no CMD"));
        JsonArray argv = JsonProvider.provider().createReader(new StringReader(cmd.args())).readArray();
        assertTrue(argv.getValuesAs(JsonString.class).stream().anyMatch(s -> s.getString().equals("app.py")), cmd.args());
    }

    /** One Dockerfile instruction, continuation lines joined, comments dropped. */
    record Instruction(String keyword, String args) {
        boolean is(String k) {
            return keyword.equals(k);
        }

        static List<Instruction> parse(String dockerfile) {
            List<Instruction> out = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String raw : dockerfile.lines().toList()) {
                String line = raw.strip();
                if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
                    continue;
                }
                boolean continued = line.endsWith("\\");
                current.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
                if (!continued) {
                    String text = current.toString().strip();
                    int space = text.indexOf(' ');
                    out.add(new Instruction(text.substring(0, space).toUpperCase(java.util.Locale.ROOT),
                            text.substring(space + 1).strip()));
                    current.setLength(0);
                }
            }
            return out;
        }
    }

    private static int lastIndexOf(List<Instruction> steps, String keyword) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).is(keyword)) {
                return i;
            }
        }
        throw new AssertionError("no " + keyword);
    }

    /** Every {@code Ref} and {@code Fn::GetAtt} names a resource (or the URL SAM adds for a FunctionUrlConfig). */
    private static void assertReferencesResolve(Map<String, Object> template, Map<String, Map<String, Object>> resources) {
        Set<String> names = new TreeSet<>(resources.keySet());
        resources.forEach((name, r) -> {
            if (properties(r).containsKey("FunctionUrlConfig")) {
                names.add(name + "Url");
            }
        });
        List<String> targets = new ArrayList<>();
        collectReferences(template, targets);
        assertFalse(targets.isEmpty(), "no references found: the walk is broken");
        for (String t : targets) {
            assertTrue(names.contains(t), "reference to unknown resource " + t + " (resources: " + names + ")");
        }
    }

    private static void collectReferences(Object node, List<String> targets) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if ("Ref".equals(k) && v instanceof String s && !s.startsWith("AWS::")) {
                    targets.add(s);
                } else if ("Fn::GetAtt".equals(k) && v instanceof List<?> l && !l.isEmpty()) {
                    targets.add((String) l.getFirst());
                }
                collectReferences(v, targets);
            });
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectReferences(v, targets));
        }
    }

    private static String single(Map<String, Map<String, Object>> resources, String type) {
        List<String> names = resources.entrySet().stream().filter(e -> type.equals(e.getValue().get("Type"))).map(Map.Entry::getKey).toList();
        assertEquals(1, names.size(), "expected one " + type + ", found " + names);
        return names.getFirst();
    }

    /** The examples are written for x86_64; an arm64 build (docs/distribution.md) makes other artifacts. */
    private static String samArch() {
        assumeTrue("amd64".equals(System.getProperty("os.arch")), "the examples are x86_64 ones");
        return "x86_64";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(Map<String, Object> template) {
        return (Map<String, Map<String, Object>>) template.get("Resources");
    }

    private static Map<String, Object> properties(Map<String, Object> resource) {
        return Optional.ofNullable(resource.get("Properties")).map(ExamplesIT::map).orElse(Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, "expected a mapping, found " + o);
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            return map(doc);
        }
    }
}
