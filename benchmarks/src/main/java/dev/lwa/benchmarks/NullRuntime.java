package dev.lwa.benchmarks;

import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.RuntimeApiClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * The floor the adapter is compared against: a runtime that answers every invocation at once with
 * fixed bytes, using the same Runtime API client as the adapter ({@code next()} →
 * {@code respond()}, no app). Whatever the emulator, the loopback and our client cost per invoke
 * is in its time too, so {@code adapter − null runtime} is what the adapter adds.
 *
 * <p>{@code NullRuntime [--mode platform|virtual|pipeline] [answer-file]} with
 * {@code AWS_LAMBDA_RUNTIME_API} set; the answer is the file's bytes (the harness passes the
 * envelope the adapter would post, so both post the same size), else a small fixed envelope. Runs
 * until the Runtime API goes away. Modes, to take the adapter's added latency apart:
 * <ul>
 *   <li>{@code platform} (the floor): the loop on the main thread, blocking reads in the kernel;</li>
 *   <li>{@code virtual}: the same loop on one virtual thread, so every blocking read goes through
 *       the JDK's poller and an unpark, as in the adapter;</li>
 *   <li>{@code pipeline}: the thread shape of core's {@code Pipeline} — a poller virtual thread
 *       holding a slot, a bounded queue, a dispatcher virtual thread, a new virtual thread per
 *       invocation that posts the answer and frees the slot — with no mapping and no app.</li>
 * </ul>
 */
public final class NullRuntime {
    private NullRuntime() {
    }

    /** How the loop runs. */
    public enum Mode {
        PLATFORM, VIRTUAL, PIPELINE;

        public static Mode parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    public static void main(String[] args) throws Exception {
        String api = System.getenv("AWS_LAMBDA_RUNTIME_API");
        if (api == null || api.isBlank()) {
            System.err.println("NullRuntime: AWS_LAMBDA_RUNTIME_API is not set");
            System.exit(2);
        }
        Mode mode = Mode.PLATFORM;
        byte[] file = "{\"statusCode\":200,\"headers\":{},\"body\":\"ok\",\"isBase64Encoded\":false}".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--mode") && i + 1 < args.length) {
                mode = Mode.parse(args[++i]);
            } else {
                file = Files.readAllBytes(Path.of(args[i]));
            }
        }
        byte[] answer = file;
        try (RuntimeApiClient runtime = RuntimeApiClient.create(api, true)) {
            switch (mode) {
                case PLATFORM -> loop(runtime, answer);
                case VIRTUAL -> Thread.ofVirtual().name("null-runtime").start(() -> loop(runtime, answer)).join();
                case PIPELINE -> pipeline(runtime, answer);
            }
        }
    }

    private static void loop(RuntimeApiClient runtime, byte[] answer) {
        while (true) {
            try {
                Invocation inv = runtime.next();
                runtime.respond(inv.requestId(), answer);
            } catch (IOException e) {
                return; // the emulator stopped: the run is over
            }
        }
    }

    /** Poller → queue → dispatcher → thread per invocation, as core's Pipeline with one slot. */
    private static void pipeline(RuntimeApiClient runtime, byte[] answer) throws InterruptedException {
        Semaphore slots = new Semaphore(1);
        BlockingQueue<Invocation> queue = new ArrayBlockingQueue<>(1);
        CountDownLatch gone = new CountDownLatch(1);
        Thread.ofVirtual().name("null-poller").start(() -> {
            try {
                while (true) {
                    slots.acquire();
                    queue.put(runtime.next());
                }
            } catch (IOException | InterruptedException e) {
                gone.countDown();
            }
        });
        Thread.ofVirtual().name("null-dispatcher").start(() -> {
            try {
                while (true) {
                    Invocation inv = queue.take();
                    Thread.ofVirtual().start(() -> {
                        try {
                            runtime.respond(inv.requestId(), answer);
                        } catch (IOException e) {
                            gone.countDown();
                        } finally {
                            slots.release();
                        }
                    });
                }
            } catch (InterruptedException e) {
                gone.countDown();
            }
        });
        gone.await();
    }
}
