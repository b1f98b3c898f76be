package dev.lwa.benchmarks;

import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.RuntimeApiClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floor the adapter is compared against: a runtime that answers every invocation at once with
 * fixed bytes, using the same Runtime API client as the adapter ({@code next()} →
 * {@code respond()}, one thread, no app). Whatever the emulator, the loopback and our client cost
 * per invoke is in its time too, so {@code adapter − null runtime} is what the adapter adds.
 *
 * <p>{@code NullRuntime [answer-file]} with {@code AWS_LAMBDA_RUNTIME_API} set; the answer is the
 * file's bytes (the harness passes the envelope the adapter would post, so both post the same
 * size), else a small fixed envelope. Runs until the Runtime API goes away.
 */
public final class NullRuntime {
    private NullRuntime() {
    }

    public static void main(String[] args) throws IOException {
        String api = System.getenv("AWS_LAMBDA_RUNTIME_API");
        if (api == null || api.isBlank()) {
            System.err.println("NullRuntime: AWS_LAMBDA_RUNTIME_API is not set");
            System.exit(2);
        }
        byte[] answer = args.length > 0
                ? Files.readAllBytes(Path.of(args[0]))
                : "{\"statusCode\":200,\"headers\":{},\"body\":\"ok\",\"isBase64Encoded\":false}".getBytes(StandardCharsets.UTF_8);
        try (RuntimeApiClient runtime = RuntimeApiClient.create(api, true)) {
            while (true) {
                Invocation inv;
                try {
                    inv = runtime.next();
                } catch (IOException e) {
                    return; // the emulator stopped: the run is over
                }
                runtime.respond(inv.requestId(), answer);
            }
        }
    }
}
