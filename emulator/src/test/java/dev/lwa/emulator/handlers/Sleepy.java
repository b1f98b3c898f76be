package dev.lwa.emulator.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Run by the Java RIC in a subprocess: sleeps one second and reports when it ran, on its own clock. */
public class Sleepy implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        long start = System.nanoTime();
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long end = System.nanoTime();
        output.write(("{\"start\":" + start + ",\"end\":" + end + ",\"requestId\":\"" + context.getAwsRequestId()
                + "\",\"thread\":\"" + Thread.currentThread().getName() + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
