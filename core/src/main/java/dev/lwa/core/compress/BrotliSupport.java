package dev.lwa.core.compress;

import com.aayushatharva.brotli4j.Brotli4jLoader;

/**
 * Whether brotli can be used in this process. The JNI library is loaded the first time br wins a
 * negotiation, not at start-up: most invocations never need it, and loading it extracts a ~1 MB
 * shared object to the temporary directory. When it cannot load (an architecture without its
 * native jar, a read-only tmp, a JVM that refuses native access) lwa logs one warning and
 * negotiates as if br were not offered, so the client gets gzip or an uncompressed body and the
 * invocation never fails for it.
 *
 * <p>This class names no brotli4j type in a signature or field, so loading it cannot fail when the
 * brotli4j jar itself is missing; the {@link BrotliCodec} that does is used only once this says yes.
 */
final class BrotliSupport {
    private static final System.Logger LOG = System.getLogger("dev.lwa.core.compress");

    private BrotliSupport() {
    }

    static boolean available() {
        return Holder.AVAILABLE;
    }

    /** Initialised on first use only (the JVM runs a nested class's initialiser lazily). */
    private static final class Holder {
        static final boolean AVAILABLE = load();
    }

    private static boolean load() {
        try {
            Brotli4jLoader.ensureAvailability();
            return true;
        } catch (LinkageError | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "brotli is unavailable on " + System.getProperty("os.arch")
                    + " (" + describe(e) + "): clients asking for br get gzip or an uncompressed body");
            return false;
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + m;
    }
}
