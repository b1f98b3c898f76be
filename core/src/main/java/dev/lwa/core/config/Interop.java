package dev.lwa.core.config;

import java.util.Objects;

/**
 * Settings LWA's users asked for and LWA never gained (docs/behaviour.md, "Beyond LWA"): how lwa
 * fits the clients and tracers around the app. Each is off by default, which is LWA's behaviour.
 *
 * @param mediaTypes     media types forced to text or to base64 in buffered results
 * @param w3cTraceparent whether the app gets a W3C {@code traceparent} made from the X-Ray trace id
 */
public record Interop(MediaTypes mediaTypes, boolean w3cTraceparent) {

    private static final Interop NONE = new Interop(MediaTypes.none(), false);

    public Interop {
        Objects.requireNonNull(mediaTypes, "mediaTypes");
    }

    /** All off: LWA's behaviour. */
    public static Interop none() {
        return NONE;
    }
}
