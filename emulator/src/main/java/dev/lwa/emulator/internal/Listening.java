package dev.lwa.emulator.internal;

import java.lang.System.Logger.Level;

/** Calls into a caller's {@link dev.lwa.emulator.StreamListener}: its exceptions must not break the emulator. */
final class Listening {

    private static final System.Logger LOG = System.getLogger(Listening.class.getName());

    private Listening() {
    }

    static void call(Object listener, String method, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "stream listener {0}.{1} threw {2}; ignored", listener.getClass().getName(), method, e.toString());
        }
    }
}
