package dev.lwa.core.event;

/** The trigger an event came from; it decides the request mapping and the response envelope. */
public enum EventKind {
    API_GATEWAY_REST("API Gateway REST (v1)"),
    HTTP_API("API Gateway HTTP API (v2)"),
    FUNCTION_URL("Function URL"),
    ALB("ALB"),
    ALB_MULTI_VALUE("ALB (multi-value headers)"),
    VPC_LATTICE("VPC Lattice (v1)"),
    VPC_LATTICE_V2("VPC Lattice (v2)"),
    /** Beyond LWA, and only with {@code AWS_LWA_WEBSOCKET_PATH} set: otherwise such events are {@link #PASS_THROUGH}. */
    WEBSOCKET("API Gateway WebSocket"),
    PASS_THROUGH("pass-through");

    private final String label;

    EventKind(String label) {
        this.label = label;
    }

    /** Human-readable name, for logs and error messages. */
    public String label() {
        return label;
    }
}
