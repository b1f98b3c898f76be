package dev.lwa.core.pipeline;

import dev.lwa.core.config.InvocationExtras;
import dev.lwa.core.config.MediaTypes;
import dev.lwa.core.config.WebSocketRoute;

import java.util.Objects;

/**
 * What {@link InvocationHandler} does beyond LWA, each off unless its setting is set
 * (docs/behaviour.md, *Beyond LWA*).
 *
 * @param mediaTypes types forced to text or base64 in buffered results
 * @param webSocket  where API Gateway WebSocket events go as HTTP requests
 * @param extras     pass-through routes by event source, the source header, the access log
 */
public record HandlerOptions(MediaTypes mediaTypes, WebSocketRoute webSocket, InvocationExtras extras) {
    /** LWA's behaviour: none of them. */
    public static final HandlerOptions LWA = new HandlerOptions(MediaTypes.none(), WebSocketRoute.off(), InvocationExtras.none());

    public HandlerOptions {
        Objects.requireNonNull(mediaTypes, "mediaTypes");
        Objects.requireNonNull(webSocket, "webSocket");
        Objects.requireNonNull(extras, "extras");
    }
}
