package dev.lwa.runtimeapi.http;

import java.net.Inet6Address;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An address written {@code host:port}, as in {@code AWS_LAMBDA_RUNTIME_API}: no scheme, an IPv6
 * literal in brackets. The one parser of such addresses, for the Runtime API clients and for the
 * settings that name a host or a port, so a value the settings accept is one the clients accept.
 *
 * @param host the host to connect to; an IPv6 literal without its brackets
 * @param port 1 to 65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535");
        }
    }

    /**
     * {@code host:port} where the host passes {@link #isValidHost} and the port {@link #parsePort}.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static HostPort parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        OptionalInt port = colon > 0 ? parsePort(text.substring(colon + 1)) : OptionalInt.empty();
        if (!isValidHost(host) || port.isEmpty()) {
            throw new IllegalArgumentException("expected host:port without scheme (e.g. 127.0.0.1:9001), got \""
                    + text + "\"");
        }
        boolean bracketed = host.startsWith("[");
        return new HostPort(bracketed ? host.substring(1, host.length() - 1) : host, port.getAsInt());
    }

    /**
     * What a URL accepts as the host part of {@code http://host:port}, restricted to the forms
     * people write: names (labels of letters, digits, {@code -}, {@code _}), dotted-quad IPv4,
     * or an IPv6 literal in brackets.
     */
    public static boolean isValidHost(String host) {
        if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
            try {
                Inet6Address.ofLiteral(host.substring(1, host.length() - 1));
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (host.length() > 253 || !isHostname(host)) {
            return false;
        }
        if (isNumericHost(host)) {
            // a URL parser reads an all-numeric host as IPv4, so it has to be a real one
            String[] parts = host.split("\\.", -1);
            if (parts.length != 4) {
                return false;
            }
            for (String part : parts) {
                if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A port written as plain digits (no sign, no spaces) from 1 to 65535; empty otherwise. */
    public static OptionalInt parsePort(String text) {
        if (!text.isEmpty() && text.length() <= 5 && allDigits(text)) { // [0-9]{1,5}
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return OptionalInt.of(port);
            }
        }
        return OptionalInt.empty();
    }

    // The three checks below are written out, not regexes: no java.util.regex on the Lambda path,
    // its classes would be loaded at every start.

    /**
     * Labels of ASCII letters, digits, {@code -} and {@code _}, joined by single dots, with an
     * optional trailing dot (the regex {@code [A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?}): so not
     * empty, no leading dot, no two dots in a row.
     */
    static boolean isHostname(String host) {
        if (host.isEmpty() || host.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                if (host.charAt(i - 1) == '.') {
                    return false;
                }
            } else if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Only ASCII digits and dots, at least one character (the regex {@code [0-9.]+}). */
    static boolean isNumericHost(String host) {
        if (host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** Only ASCII digits; true for the empty string. */
    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
