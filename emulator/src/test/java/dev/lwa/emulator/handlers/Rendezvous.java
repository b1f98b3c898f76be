package dev.lwa.emulator.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Run by the Java RIC in a subprocess: each invocation waits until {@value #PARTIES} invocations are
 * running at once, then reports when it ran, on its own clock. A runtime that ran them one after
 * the other never gets there: after {@value #PATIENCE_SECONDS} s the invocation fails and says so.
 */
public class Rendezvous implements RequestStreamHandler {
    static final int PARTIES = 4;
    static final long PATIENCE_SECONDS = 20;
    private static final CyclicBarrier ALL_IN = new CyclicBarrier(PARTIES);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long start = System.nanoTime();
        try {
            ALL_IN.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the other invocations", e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("the " + PARTIES + " invocations were not running at the same time", e);
        }
        long end = System.nanoTime();
        output.write(("{\"start\":" + start + ",\"end\":" + end + ",\"requestId\":\"" + context.getAwsRequestId()
                + "\",\"thread\":\"" + Thread.currentThread().getName() + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
