package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.http.HttpRequest;
import dev.lwa.runtimeapi.http.HttpResponse;

import java.io.IOException;

/** STUB: to be implemented (runtime-api helper). */
public final class Exchange {
    private Exchange() {
    }

    public static HttpResponse send(ConnectionPool pool, HttpRequest request) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
