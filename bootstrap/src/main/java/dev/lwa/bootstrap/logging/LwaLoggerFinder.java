package dev.lwa.bootstrap.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands every {@code System.getLogger(name)} of the process (ours, libraries', the JDK's own)
 * an {@link LwaLogger}. Registered in
 * {@code META-INF/services/java.lang.System$LoggerFinder}; the jlink'd runtime has only
 * {@code java.base}, so without this the JDK would fall back to its bare stderr logger.
 */
public final class LwaLoggerFinder extends System.LoggerFinder {

    private final Map<String, LwaLogger> loggers = new ConcurrentHashMap<>();

    /** For {@link java.util.ServiceLoader}. */
    public LwaLoggerFinder() {
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return loggers.computeIfAbsent(name, LwaLogger::new);
    }
}
