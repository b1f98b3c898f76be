package dev.lwa.benchmarks;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the JSON results of {@link InvokePathBenchmark} ({@code -rf json -rff file}) into one
 * markdown table per run: a row per event kind and body size, the handler and direct p50/p99, their
 * difference (what the mapping adds on the hot path), the JDK-server variant and the I/O-free
 * mapping times; plus allocation per operation when the run used {@code -prof gc}.
 *
 * <p>{@code JmhReport <results.json> [doc.md [section]]}: prints the table and, with a doc, writes
 * it into the doc's section of that name ({@code jmh} by default).
 */
public final class JmhReport {
    private JmhReport() {
    }

    /** One benchmark result: method, params, mode, score and percentiles (µs), allocation (B/op). */
    record Result(String method, String kind, int bodySize, String mode, double score, double error,
                  Map<String, Double> percentiles, Optional<Double> allocBytes, String jvmArgs, String jdk) {
        double p(String percentile) {
            return percentiles.getOrDefault(percentile, Double.NaN);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("JmhReport <results.json> [doc.md [section, default jmh]]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        List<Result> results = read(Files.readAllBytes(file));
        // JMH writes no date into its results: the file's time is when the run ended
        Machine here = Machine.current();
        String ended = Files.getLastModifiedTime(file).toInstant().atZone(java.time.ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String table = markdown(results, new Machine(ended, here.jdk(), here.cpus(), here.cpuModel(), here.kernel()));
        System.out.println(table);
        if (args.length > 1) {
            String section = args.length > 2 ? args[2] : "jmh";
            DocBlock.write(Path.of(args[1]), section, table);
            System.err.println("written to section " + section + " of " + args[1]);
        }
    }

    static List<Result> read(byte[] json) {
        List<Result> out = new ArrayList<>();
        for (JsonValue v : (JsonArray) jakarta.json.spi.JsonProvider.provider().createReader(new java.io.ByteArrayInputStream(json)).readValue()) {
            JsonObject o = (JsonObject) v;
            String benchmark = o.getString("benchmark");
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            JsonObject params = o.containsKey("params") ? o.getJsonObject("params") : JsonValue.EMPTY_JSON_OBJECT;
            JsonObject primary = o.getJsonObject("primaryMetric");
            String unit = primary.getString("scoreUnit");
            double scale = unit.startsWith("ns") ? 0.001 : unit.startsWith("ms") ? 1000 : 1; // to µs
            Map<String, Double> percentiles = new LinkedHashMap<>();
            if (primary.get("scorePercentiles") instanceof JsonObject p) {
                p.forEach((k, n) -> percentiles.put(k, ((JsonNumber) n).doubleValue() * scale));
            }
            Optional<Double> alloc = Optional.empty();
            if (o.get("secondaryMetrics") instanceof JsonObject secondary
                    && secondary.get("gc.alloc.rate.norm") instanceof JsonObject norm) {
                alloc = Optional.of(norm.getJsonNumber("score").doubleValue());
            }
            double error = primary.get("scoreError") instanceof JsonNumber n ? n.doubleValue() * scale : Double.NaN;
            out.add(new Result(method, params.getString("kind", ""), Integer.parseInt(params.getString("bodySize", "0")),
                    o.getString("mode"), primary.getJsonNumber("score").doubleValue() * scale, error, percentiles, alloc,
                    String.join(" ", o.getJsonArray("jvmArgs").getValuesAs(JsonValue::toString)).replace("\"", ""),
                    o.getString("jdkVersion", "") + " " + o.getString("vmName", "")));
        }
        return out;
    }

    static String markdown(List<Result> results, Machine machine) {
        StringBuilder sb = new StringBuilder("#### JMH run\n\n");
        sb.append(machine.markdown()).append('\n');
        if (!results.isEmpty()) {
            sb.append("Fork JVM: ").append(results.getFirst().jdk().trim()).append(", args `")
                    .append(results.getFirst().jvmArgs()).append("`.\n");
        }
        boolean alloc = results.stream().anyMatch(r -> r.allocBytes().isPresent());
        sb.append("\nAll times µs. `handler`, `direct`, `jdk server`: sample mode, p50 / p99. `mapping`, `mapEvent`, "
                + "`mapResponse`: average ± 99.9 % error.\n\n");
        sb.append("| event | body | handler p50 / p99 | direct p50 / p99 | handler − direct (p50) | jdk server: handler p50 / p99 "
                + "| mapping | mapEvent | mapResponse |");
        sb.append(alloc ? " handler B/op | direct B/op | mapping B/op |\n" : "\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|").append(alloc ? "---:|---:|---:|\n" : "\n");
        Map<String, Map<String, Result>> rows = new LinkedHashMap<>();
        for (Result r : results) {
            rows.computeIfAbsent(r.kind() + " " + r.bodySize(), k -> new LinkedHashMap<>()).put(r.method(), r);
        }
        for (var e : rows.entrySet()) {
            Map<String, Result> m = e.getValue();
            Result any = m.values().iterator().next();
            sb.append("| ").append(any.kind()).append(" | ").append(size(any.bodySize())).append(" | ")
                    .append(sample(m.get("handler"))).append(" | ").append(sample(m.get("direct"))).append(" | ");
            Result h = m.get("handler");
            Result d = m.get("direct");
            sb.append(h != null && d != null ? num(h.p("50.0") - d.p("50.0")) : "").append(" | ")
                    .append(sample(m.get("handlerJdkServer"))).append(" | ")
                    .append(average(m.get("mapping"))).append(" | ").append(average(m.get("mapEvent"))).append(" | ")
                    .append(average(m.get("mapResponse"))).append(" |");
            if (alloc) {
                sb.append(' ').append(bytes(m.get("handler"))).append(" | ").append(bytes(d)).append(" | ")
                        .append(bytes(m.get("mapping"))).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String size(int bytes) {
        return bytes >= 1024 && bytes % 1024 == 0 ? (bytes / 1024) + " KiB" : bytes + " B";
    }

    private static String sample(Result r) {
        return r == null ? "" : num(r.p("50.0")) + " / " + num(r.p("99.0"));
    }

    private static String average(Result r) {
        return r == null ? "" : num(r.score()) + (Double.isNaN(r.error()) ? "" : " ± " + num(r.error()));
    }

    private static String bytes(Result r) {
        return r == null || r.allocBytes().isEmpty() ? "" : String.format(Locale.ROOT, "%.0f", r.allocBytes().get());
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }
}
