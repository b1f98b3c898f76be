package dev.lwa.bootstrap.local;

import dev.lwa.emulator.LambdaEmulator;

import java.lang.ProcessBuilder.Redirect;
import java.util.concurrent.CompletableFuture;

/**
 * What local mode does once the app, the emulator and the adapter are started: serve until one of
 * them stops ({@code ./lwa local}), or do one piece of work and end ({@code ./lwa invoke}). Both share
 * the same start-up and stop, so what {@code invoke} tries is what {@code local} serves.
 */
interface LocalSession {

    /** {@code ./lwa local}: the app writes to the console, and only the app or the adapter ends local mode. */
    LocalSession SERVE = (emulator, app) -> new CompletableFuture<>();

    /** Where the app's standard output goes ({@link Redirect#PIPE}: the session drains it). */
    default Redirect appOutput() {
        return Redirect.INHERIT;
    }

    /**
     * Says, in one line on standard error, why local mode ends before {@link #start} is called (a
     * refused setting, a port in use, an app that cannot be started), prefixed with the command's name.
     */
    default void refuse(String reason) {
        System.err.println("lwa local: " + reason);
    }

    /**
     * Called once the app's process is started; the future completes with local mode's exit status
     * when the session's work is done (never, to serve until something else ends local mode).
     */
    CompletableFuture<Integer> start(LambdaEmulator emulator, Process app);
}
