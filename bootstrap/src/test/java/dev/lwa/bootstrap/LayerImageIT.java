package dev.lwa.bootstrap;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OCI image tarball {@code jib:buildTar} writes at package: an OCI layout whose one image holds
 * the layer tree under {@code /opt} and nothing else, with the tree's executable bits, so that a
 * Dockerfile's {@code COPY --from=<image> /opt /opt} gives the function the same files as the zip.
 */
class LayerImageIT {
    private static final JsonProvider JSON = JsonProvider.provider();

    /** The tarball's files by name, read into memory (it is ~25 MB). */
    static Map<String, byte[]> readTar(Path tar) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.isFile()) {
                    files.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return files;
    }

    static Path imageTar() throws IOException {
        try (var files = Files.list(LayerRun.LAYER.getParent())) {
            return files.filter(f -> f.getFileName().toString().matches("lwa-layer-image-[a-z0-9_]+\\.tar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no lwa-layer-image-<arch>.tar in " + LayerRun.LAYER.getParent()
                            + ": run mvn package"));
        }
    }

    /** The image's reference name as the OCI index records it ({@code org.opencontainers.image.ref.name}). */
    static String imageName(Map<String, byte[]> oci) {
        return json(oci.get("index.json")).getJsonArray("manifests").getJsonObject(0)
                .getJsonObject("annotations").getString("org.opencontainers.image.ref.name");
    }

    @Test
    void theImageHoldsTheLayerTreeUnderOptAndNothingElse() throws Exception {
        Map<String, byte[]> oci = readTar(imageTar());
        assertTrue(oci.containsKey("oci-layout") && oci.containsKey("index.json"), "not an OCI layout: " + oci.keySet());
        JsonObject index = json(oci.get("index.json"));
        assertEquals(1, index.getJsonArray("manifests").size(), index::toString);
        JsonObject manifest = json(blob(oci, index.getJsonArray("manifests").getJsonObject(0).getString("digest")));
        JsonObject config = json(blob(oci, manifest.getJsonObject("config").getString("digest")));
        assertEquals("linux", config.getString("os"));
        assertEquals(switch (System.getProperty("os.arch")) {
            case "aarch64" -> "arm64";
            default -> "amd64";
        }, config.getString("architecture"), "the image's architecture is the runtime's");

        Map<String, String> files = new TreeMap<>();
        List<String> outside = new ArrayList<>();
        for (var layer : manifest.getJsonArray("layers").getValuesAs(JsonObject.class)) {
            byte[] gz = blob(oci, layer.getString("digest"));
            try (TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(gz)))) {
                for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    if (!e.getName().startsWith("opt/")) {
                        outside.add(e.getName());
                    } else if (e.isFile()) {
                        CRC32 crc = new CRC32();
                        crc.update(in.readAllBytes());
                        files.put(e.getName().substring(4), LayerRun.describe(e.getSize(), crc.getValue(), (e.getMode() & 0100) != 0));
                    }
                }
            }
        }
        assertEquals(List.of(), outside, "the image must hold /opt only (no /app of Jib's)");
        assertEquals(LayerRun.describeTree(LayerRun.LAYER), files, "/opt in the image must be the layer tree, modes included");
    }

    /** A blob by digest, checked against it. */
    private static byte[] blob(Map<String, byte[]> oci, String digest) throws Exception {
        assertTrue(digest.startsWith("sha256:"), digest);
        byte[] bytes = oci.get("blobs/sha256/" + digest.substring(7));
        assertTrue(bytes != null, "no blob " + digest);
        assertEquals(digest.substring(7), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                "blob content does not match its digest");
        return bytes;
    }

    private static JsonObject json(byte[] bytes) {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            return JSON.createReader(in).readObject();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
