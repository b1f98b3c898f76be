package dev.lwa.bootstrap.local;

import dev.lwa.runtimeapi.json.JsonNode;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.LambdaEmulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ./lwa invoke --event FILE|- [--app-port 8080] [--timeout 30s] [--mode buffered|stream] -- <command>}:
 * starts the app, the emulator and the adapter as {@code ./lwa local} does, waits until the adapter asks
 * for work (the app is ready then), sends the one event, prints the function's result on standard output
 * and stops everything. Exit status 0 for a result, 1 for a function error or timeout (its error document
 * is printed instead), 2 for a bad command line. Standard output carries nothing else: every log line,
 * the app's output included, goes to standard error, so {@code ./lwa invoke ... | jq} works.
 */
public final class LocalInvoke {
    private static final System.Logger LOG = System.getLogger("lwa.local");
    static final String USAGE = """
            usage: ./lwa invoke --event FILE|- [--app-port 8080] [--timeout 30s] [--mode buffered|stream] -- <command that starts the app>
              --event     the event: a JSON file, or - to read it from standard input (./lwa event KIND prints samples)
              --app-port  where the app listens (default: AWS_LWA_PORT, else PORT, else 8080); the app gets it as PORT
                          and AWS_LWA_PORT
              --timeout   the function timeout (default 30s)
              --mode      buffered (default) or stream (AWS_LWA_INVOKE_MODE=response_stream)
            Prints the function's result on standard output and exits 0; on a function error or a timeout,
            prints the error document and exits 1. Exits 1 too when the app or the adapter stopped first,
            and 2 on a bad command line or an event that cannot be read or is not JSON.""";

    private LocalInvoke() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream stdout = System.out;
        System.setOut(System.err); // logging writes to System.out: only the result may reach the real one
        System.exit(run(List.of(args), System.getenv(), System.in, stdout, System.err));
    }

    static int run(List<String> args, Map<String, String> env, InputStream stdin, PrintStream stdout, PrintStream stderr)
            throws IOException, InterruptedException {
        if (args.contains("-h") || args.contains("--help")) {
            stdout.println(USAGE);
            return 0;
        }
        LocalOptions options;
        byte[] event;
        Parsed parsed;
        try {
            parsed = parse(args);
            options = LocalOptions.parse(parsed.localArgs());
        } catch (IllegalArgumentException e) {
            stderr.println("lwa invoke: " + e.getMessage());
            stderr.println(USAGE);
            return 2;
        }
        try {
            event = read(parsed.event(), stdin);
        } catch (IllegalArgumentException e) {
            stderr.println("lwa invoke: " + e.getMessage()); // the command line was fine: no usage to bury this under
            return 2;
        }
        OneEvent session = new OneEvent(event, options.timeout(), stdout, stderr);
        int code = LocalMode.run(options, env, session);
        if (!session.started) {
            return code; // refused before the app started: refuse() said why, in one line
        }
        session.awaitAppOutput();
        if (session.result.get() == null && !session.neverReady) {
            stderr.println("lwa invoke: no result: the app or the adapter stopped before the event was answered");
            return 1; // not the app's own status: 2 says "bad command line" here, whatever the app meant by it
        }
        return code;
    }

    /** {@code --event} taken out; the rest goes to local mode's own parser, with an ephemeral front door. */
    record Parsed(String event, List<String> localArgs) {
    }

    static Parsed parse(List<String> args) {
        String event = null;
        List<String> local = new ArrayList<>(List.of("--port", "0"));
        int i = 0;
        for (; i < args.size() && !args.get(i).equals("--"); i++) {
            String a = args.get(i);
            switch (a) {
                case "--event" -> {
                    if (++i >= args.size()) {
                        throw new IllegalArgumentException("--event needs a value: a JSON file, or - for standard input");
                    }
                    event = args.get(i);
                }
                case "--app-port", "--timeout", "--mode" -> {
                    local.add(a);
                    if (++i < args.size()) {
                        local.add(args.get(i));
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (event == null) {
            throw new IllegalArgumentException("missing --event FILE|-");
        }
        local.addAll(args.subList(i, args.size()));
        return new Parsed(event, local);
    }

    /** The event's bytes, unchanged; refused here when they are not JSON (Lambda refuses such a payload too). */
    static byte[] read(String source, InputStream stdin) {
        byte[] bytes;
        try {
            bytes = source.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(source));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read the event from " + source + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the event from " + (source.equals("-") ? "standard input" : source)
                    + ": " + e.getMessage());
        }
        if (!JsonNode.isValue(bytes)) {
            String why;
            try {
                JsonNode.parse(bytes);
                why = "";
            } catch (dev.lwa.runtimeapi.json.JsonSyntaxException | RuntimeException e) {
                why = ": " + e.getMessage();
            }
            throw new IllegalArgumentException("the event in " + (source.equals("-") ? "standard input" : source)
                    + " is not a JSON document" + why);
        }
        return bytes;
    }

    /**
     * Lambda's limit on an on-demand function's init phase. Past it Lambda runs init again inside
     * the first invocation, bounded by the function's timeout: an app not ready after both never
     * serves that invocation, so {@code ./lwa invoke} stops waiting then too.
     */
    static final Duration INIT_LIMIT = Duration.ofSeconds(10);

    /** Sends one event once the adapter asks for work, prints what came back, and ends local mode. */
    static final class OneEvent implements LocalSession {
        private final byte[] event;
        /** How long the app may take to be ready: {@link #INIT_LIMIT} and the function's timeout. */
        private final Duration readyWithin;
        private final PrintStream stdout;
        private final PrintStream stderr;
        final AtomicReference<InvocationResult> result = new AtomicReference<>();
        volatile boolean started;
        /** The app was still not ready when {@link #readyWithin} had passed (said in its own line). */
        volatile boolean neverReady;

        OneEvent(byte[] event, Duration timeout, PrintStream stdout, PrintStream stderr) {
            this.event = event;
            this.readyWithin = INIT_LIMIT.plus(timeout);
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public void refuse(String reason) {
            stderr.println("lwa invoke: " + reason);
        }

        @Override
        public Redirect appOutput() {
            return Redirect.PIPE; // drained to standard error below
        }

        /** Copies the app's output to standard error until the app closes it. */
        private volatile Thread output;

        /**
         * Waits (3 s at most: a child of the app may hold the pipe open) until the app's last words
         * are copied: local mode has stopped the app by now, but the copy may still be behind.
         */
        void awaitAppOutput() throws InterruptedException {
            Thread copying = output;
            if (copying != null) {
                copying.join(Duration.ofSeconds(3));
            }
        }

        @Override
        public CompletableFuture<Integer> start(LambdaEmulator emulator, Process app) {
            started = true;
            output = Thread.ofPlatform().name("lwa-app-output").daemon().start(() -> {
                try (InputStream in = app.getInputStream()) {
                    in.transferTo(System.err);
                } catch (IOException e) {
                    // the app is gone: nothing left to copy
                }
            });
            CompletableFuture<Integer> done = new CompletableFuture<>();
            Thread.ofPlatform().name("lwa-invoke").daemon().start(() -> {
                try {
                    // The adapter polls for work only once the app is ready; sending the event then
                    // starts the function's timeout when the function starts working, as on Lambda.
                    long giveUp = System.nanoTime() + readyWithin.toNanos();
                    while (!emulator.awaitParkedPollers(1, Duration.ofSeconds(1))) {
                        if (!app.isAlive()) {
                            return; // local mode ends with the app's status
                        }
                        if (System.nanoTime() - giveUp >= 0) {
                            neverReady = true;
                            long ms = readyWithin.toMillis();
                            stderr.println("lwa invoke: no result: the app was not ready after "
                                    + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms") + " (Lambda's " + INIT_LIMIT.toSeconds()
                                    + " s init limit and the function's timeout, --timeout): on Lambda the invocation would fail");
                            done.complete(1);
                            return;
                        }
                    }
                    InvocationResult r = emulator.invoke(Invoke.of(event));
                    result.set(r);
                    done.complete(print(r));
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "lwa invoke: the invocation failed: {0}", e.toString());
                    done.complete(1);
                }
            });
            return done;
        }

        private int print(InvocationResult r) {
            byte[] out = r.isResponse() ? whole(r) : r.errorBody().orElse(r.body());
            stdout.write(out, 0, out.length);
            if (out.length == 0 || out[out.length - 1] != '\n') {
                stdout.write('\n');
            }
            stdout.flush();
            if (r.isResponse()) {
                LOG.log(System.Logger.Level.INFO, "lwa invoke: {0} answered in {1} ms", r.requestId(),
                        Long.toString(r.timing().total().toMillis()));
                return 0;
            }
            LOG.log(System.Logger.Level.WARNING, "lwa invoke: {0} failed: {1} {2}", r.requestId(), r.kind(),
                    r.errorType().orElse(""));
            return 1;
        }

        /** A streamed result as a response-stream client reads it: the prelude, 8 NULs, then the body. */
        private static byte[] whole(InvocationResult r) {
            if (r.prelude().isEmpty()) {
                return r.body();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(r.prelude().get());
            bytes.writeBytes(new byte[8]);
            bytes.writeBytes(r.body());
            return bytes.toByteArray();
        }
    }
}
