package dev.lwa.runtimeapi.internal;

/** {@code host:port} as in {@code AWS_LAMBDA_RUNTIME_API} (no scheme; IPv6 literals in brackets). */
record HostPort(String host, int port) {

    static HostPort parse(String hostPort) {
        String s = hostPort == null ? "" : hostPort.trim();
        int colon = s.lastIndexOf(':');
        String host = colon > 0 ? s.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            host = ""; // an IPv6 literal must be in brackets, or the port is ambiguous
        }
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (host.isEmpty() || port < 1 || port > 65535 || s.contains("/")) {
            throw new IllegalArgumentException("expected host:port without scheme (e.g. 127.0.0.1:9001), got \""
                    + hostPort + "\"");
        }
        return new HostPort(host, port);
    }
}
