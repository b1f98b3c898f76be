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
public class ExamplesIT {
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
        Map<String, String> envs = Instruction.env(last);
        assertEquals(envs.get("PORT"), envs.get("AWS_LWA_PORT"), "lwa must forward to the port the app listens on");
        Instruction cmd = last.stream().filter(i -> i.is("CMD")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no CMD"));
        JsonArray argv = JsonProvider.provider().createReader(new StringReader(cmd.args())).readArray();
        assertTrue(argv.getValuesAs(JsonString.class).stream().anyMatch(s -> s.getString().equals("app.py")), cmd.args());
    }

    /** One Dockerfile instruction, continuation lines joined, comments dropped. */
    public record Instruction(String keyword, String args) {
        public boolean is(String k) {
            return keyword.equals(k);
        }

        public static List<Instruction> parse(String dockerfile) {
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

        /** The variables the {@code ENV} instructions among {@code steps} set ({@code K=V ...} or {@code K V}). */
        public static Map<String, String> env(List<Instruction> steps) {
            Map<String, String> envs = new LinkedHashMap<>();
            steps.stream().filter(i -> i.is("ENV")).forEach(i -> {
                if (!i.args().contains("=")) {
                    String[] kv = i.args().split("\\s+", 2);
                    envs.put(kv[0], kv.length > 1 ? kv[1] : "");
                    return;
                }
                for (String kv : i.args().split("\\s+")) {
                    String value = kv.substring(kv.indexOf('=') + 1);
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    envs.put(kv.substring(0, kv.indexOf('=')), value);
                }
            });
            return envs;
        }
    }

    public static int lastIndexOf(List<Instruction> steps, String keyword) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).is(keyword)) {
                return i;
            }
        }
        throw new AssertionError("no " + keyword);
    }

    /**
     * Every {@code Ref}, {@code Fn::GetAtt} and {@code Fn::Sub} variable names a resource, a
     * parameter, a pseudo parameter ({@code AWS::...}) or a resource SAM adds: a function's URL
     * ({@code <function>Url}, for a FunctionUrlConfig) and the implicit APIs of {@code Api} and
     * {@code HttpApi} events ({@code ServerlessRestApi}, {@code ServerlessHttpApi}).
     */
    public static void assertReferencesResolve(Map<String, Object> template, Map<String, Map<String, Object>> resources) {
        assertReferencesResolve("", template, resources);
    }

    /** As {@link #assertReferencesResolve(Map, Map)}, the failures starting with {@code what}. */
    public static void assertReferencesResolve(String what, Map<String, Object> template, Map<String, Map<String, Object>> resources) {
        Set<String> names = new TreeSet<>(resources.keySet());
        if (template.get("Parameters") instanceof Map<?, ?> parameters) {
            parameters.keySet().forEach(p -> names.add((String) p));
        }
        resources.forEach((name, r) -> {
            Map<String, Object> properties = properties(r);
            if (properties.containsKey("FunctionUrlConfig")) {
                names.add(name + "Url");
            }
            if ("AWS::Serverless::Function".equals(r.get("Type")) && properties.get("Events") instanceof Map<?, ?> events) {
                for (Object event : events.values()) {
                    Map<String, Object> e = map(event);
                    Map<String, Object> p = Optional.ofNullable(e.get("Properties")).map(ExamplesIT::map).orElse(Map.of());
                    if ("Api".equals(e.get("Type")) && !p.containsKey("RestApiId")) {
                        names.add("ServerlessRestApi");
                    } else if ("HttpApi".equals(e.get("Type")) && !p.containsKey("ApiId")) {
                        names.add("ServerlessHttpApi");
                    }
                }
            }
        });
        List<String> targets = new ArrayList<>();
        collectReferences(template, targets);
        assertFalse(targets.isEmpty(), what + "no references found: the walk is broken");
        for (String t : targets) {
            assertTrue(names.contains(t), what + "reference to unknown resource or parameter " + t + " (known: " + names + ")");
        }
    }

    private static final java.util.regex.Pattern SUB_VARIABLE = java.util.regex.Pattern.compile("\\$\\{([^!}][^}]*)}");

    private static void collectReferences(Object node, List<String> targets) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if ("Ref".equals(k) && v instanceof String s && !s.startsWith("AWS::")) {
                    targets.add(s);
                } else if ("Fn::GetAtt".equals(k) && v instanceof List<?> l && !l.isEmpty()) {
                    targets.add((String) l.getFirst());
                } else if ("Fn::GetAtt".equals(k) && v instanceof String s) {
                    targets.add(s.substring(0, s.indexOf('.') < 0 ? s.length() : s.indexOf('.')));
                } else if ("Fn::Sub".equals(k)) {
                    String text = v instanceof List<?> l ? (String) l.getFirst() : (String) v;
                    Set<?> local = v instanceof List<?> l && l.size() > 1 ? map(l.get(1)).keySet() : Set.of();
                    java.util.regex.Matcher matcher = SUB_VARIABLE.matcher(text);
                    while (matcher.find()) {
                        String name = matcher.group(1).strip();
                        name = name.contains("::") ? name : name.split("\\.")[0];
                        if (!name.startsWith("AWS::") && !local.contains(name)) {
                            targets.add(name);
                        }
                    }
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
    public static Map<String, Map<String, Object>> resources(Map<String, Object> template) {
        return (Map<String, Map<String, Object>>) template.get("Resources");
    }

    public static Map<String, Object> properties(Map<String, Object> resource) {
        return Optional.ofNullable(resource.get("Properties")).map(ExamplesIT::map).orElse(Map.of());
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, "expected a mapping, found " + o);
        return (Map<String, Object>) o;
    }

    /**
     * A template, read with SnakeYAML's safe constructor taught CloudFormation's short-form tags
     * ({@code !Ref x} reads as {@code {Ref: x}}, {@code !GetAtt a.b} as {@code {Fn::GetAtt: [a, b]}},
     * {@code !Sub} and the others as {@code {Fn::Sub: ...}}): the checks see one form.
     */
    public static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            Object doc = new Yaml(new IntrinsicsConstructor()).load(r);
            return map(doc);
        }
    }

    private static final class IntrinsicsConstructor extends SafeConstructor {
        IntrinsicsConstructor() {
            super(new LoaderOptions());
            for (String fn : List.of("Ref", "GetAtt", "Sub", "Join", "Select", "Split", "If", "Equals", "Not", "And",
                    "Or", "Condition", "FindInMap", "Base64", "GetAZs", "ImportValue", "Cidr", "Transform")) {
                String key = fn.equals("Ref") || fn.equals("Condition") ? fn : "Fn::" + fn;
                yamlConstructors.put(new org.yaml.snakeyaml.nodes.Tag("!" + fn), new org.yaml.snakeyaml.constructor.AbstractConstruct() {
                    @Override
                    public Object construct(org.yaml.snakeyaml.nodes.Node node) {
                        Object value = switch (node) {
                            case org.yaml.snakeyaml.nodes.ScalarNode s -> constructScalar(s);
                            case org.yaml.snakeyaml.nodes.SequenceNode s -> constructSequence(s);
                            case org.yaml.snakeyaml.nodes.MappingNode m -> constructMapping(m);
                            default -> throw new IllegalArgumentException("!" + fn + " on " + node);
                        };
                        if (fn.equals("GetAtt") && value instanceof String s) {
                            value = s.contains(".") ? List.of(s.substring(0, s.indexOf('.')), s.substring(s.indexOf('.') + 1)) : List.of(s);
                        }
                        return Map.of(key, value);
                    }
                });
            }
        }
    }
}
