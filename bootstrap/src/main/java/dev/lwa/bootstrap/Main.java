package dev.lwa.bootstrap;

import dev.lwa.bootstrap.logging.LwaLogging;
import dev.lwa.core.config.Config;
import dev.lwa.core.config.ConfigException;

/**
 * {@code /opt/extensions/lambda-adapter}: load config, register, probe readiness, start pollers,
 * wait (the sequence is {@link Adapter#run()}).
 */
public final class Main {
    private static final System.Logger LOG = System.getLogger("lwa");

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Config config;
        try {
            config = Config.fromEnv(System.getenv());
        } catch (ConfigException e) {
            LOG.log(System.Logger.Level.ERROR, "invalid configuration: {0}", e.getMessage());
            System.exit(1);
            return;
        }
        LwaLogging.configure(config.log().level(), config.log().json());
        config.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
        Adapter adapter = new Adapter(config, extensionName());
        // SIGTERM: stop taking invocations, finish those in flight, exit 0 (D12). The JVM would
        // otherwise report 143 for a signal-initiated exit; halting from the hook sets the status.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            adapter.terminate();
            Runtime.getRuntime().halt(0);
        }, "lwa-sigterm"));
        int code = adapter.run();
        Runtime.getRuntime().halt(code); // skip our own shutdown hook: the adapter has already stopped
    }

    /** The extension must register under its executable's file name (docs/protocols.md); the launcher passes it. */
    private static String extensionName() {
        String name = System.getProperty("lwa.extension.name", "");
        return name.isBlank() ? Adapter.DEFAULT_EXTENSION_NAME : name;
    }
}
