package dev.lwa.runtimeapi.http;

import java.net.Inet6Address;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * An address written {@code host:port}, as in {@code AWS_LAMBDA_RUNTIME_API}: no scheme, an IPv6
 * literal in brackets. The one parser of such addresses, for the Runtime API clients and for the
 * settings that name a host or a port, so a value the settings accept is one the clients accept.
 *
 * @param host the host to connect to; an IPv6 literal without its brackets
 * @param port 1 to 65535
 */
public record HostPort(String host, int port) {

    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?");
    private static final Pattern NUMERIC_HOST = Pattern.compile("[0-9.]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

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
        if (host.length() > 253 || !HOSTNAME.matcher(host).matches()) {
            return false;
        }
        if (NUMERIC_HOST.matcher(host).matches()) {
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
        if (PORT.matcher(text).matches()) {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return OptionalInt.of(port);
            }
        }
        return OptionalInt.empty();
    }
}
