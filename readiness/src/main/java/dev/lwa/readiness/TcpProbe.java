package dev.lwa.readiness;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/** Healthy iff a TCP connection can be opened; the socket is closed straight away (as LWA). */
final class TcpProbe implements ReadinessProbe {

    private final Endpoint endpoint;

    TcpProbe(String host, int port) {
        this.endpoint = new Endpoint(host, port);
    }

    @Override
    public ProbeResult probe(Duration timeout) {
        try (Socket _ = endpoint.connect(Endpoint.deadline(timeout))) {
            return new ProbeResult.Healthy("connected");
        } catch (IOException e) {
            return new ProbeResult.Unhealthy(Endpoint.describe(e, timeout, "waiting for a connection"));
        }
    }

    @Override
    public String target() {
        return "tcp://" + endpoint.authority();
    }

    @Override
    public String toString() {
        return "TcpProbe[" + target() + "]";
    }
}
