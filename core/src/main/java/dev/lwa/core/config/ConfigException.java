package dev.lwa.core.config;

/**
 * A setting the adapter cannot start with. The adapter prints the message and exits 1, as LWA
 * does for an invalid host, port or readiness path, so the message says which variable, what
 * value it had and what was expected.
 */
public final class ConfigException extends Exception {

    private final String variable;
    private final String value;

    /** Message: {@code <variable>='<value>' is not a valid <what>: expected <expected>}. */
    public ConfigException(String variable, String value, String what, String expected) {
        super(variable + "='" + value + "' is not a valid " + what + ": expected " + expected);
        this.variable = variable;
        this.value = value;
    }

    /** The environment variable that was read (the deprecated alias when that one was used). */
    public String variable() {
        return variable;
    }

    public String value() {
        return value;
    }
}
