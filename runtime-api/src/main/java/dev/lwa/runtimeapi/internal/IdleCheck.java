package dev.lwa.runtimeapi.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Whether an idle connection can carry the next request. The server must not have closed it
 * (a FIN, which servers send when they close after answering, or on a keep-alive timer), reset
 * it, or sent anything unasked (e.g. a {@code 408} before it gives up on the connection, which
 * would be taken for the next response). What the pool makes of the answer is the pool's
 * ({@link ConnectionPool#acquire}).
 */
final class IdleCheck {
    /** {@link #state}: nothing to read, the connection can carry the next request. */
    static final int REUSABLE = 0;
    /** {@link #state}: the server closed (FIN) or reset the connection. */
    static final int CLOSED_BY_SERVER = -1;
    /** {@link #state}: bytes nobody asked for are waiting. */
    static final int UNSOLICITED_BYTES = 1;

    private IdleCheck() {
    }

    /**
     * One read that does not wait: 0 bytes means {@link #REUSABLE}; -1 or an exception (reset)
     * {@link #CLOSED_BY_SERVER}; a byte {@link #UNSOLICITED_BYTES}. The blocking mode flips for that
     * read only; a channel a virtual thread has used is non-blocking underneath already, and then
     * the flips make no system call. About a microsecond.
     */
    static int state(Connection c) {
        if (c.buffered() > 0) {
            return UNSOLICITED_BYTES;
        }
        SocketChannel channel = c.channel;
        try {
            channel.configureBlocking(false);
            try {
                ByteBuffer probe = c.idleProbe;
                probe.clear();
                int n = channel.read(probe);
                return n == 0 ? REUSABLE : n < 0 ? CLOSED_BY_SERVER : UNSOLICITED_BYTES;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return CLOSED_BY_SERVER;
        }
    }
}
