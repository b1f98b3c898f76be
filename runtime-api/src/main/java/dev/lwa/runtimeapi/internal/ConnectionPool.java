package dev.lwa.runtimeapi.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Connections to one origin: opens them ({@link Connector}) and keeps idle keep-alive ones for reuse.
 *
 * <p>Idle connections are a stack (last in, first out): the most recently used connection is the
 * one least likely to have been closed by the server, and the ones at the bottom age out. Expired
 * connections are closed lazily, when the pool is next touched, so there is no reaper thread (a
 * Lambda sandbox may be frozen for minutes between two calls; nothing needs to run meanwhile).
 *
 * <p>The lock guards only the stack; sockets are opened and closed outside it.
 */
public final class ConnectionPool {
    /** Idle connections kept at most; more would only be file descriptors waiting to expire. */
    private static final int MAX_IDLE = 64;

    /**
     * Idle this long, a connection that dies was closed by the server's keep-alive timer (2 s and
     * up: gunicorn 2 s, Node 5 s, nginx 75 s), not by a server that acted on the request just sent.
     */
    static final long STALE_AFTER_NANOS = 1_000_000_000L;

    private final String host;
    private final int port;
    private final String origin;
    private final String hostHeader;
    private final boolean pooling;
    private final long idleTimeoutNanos;
    private final long connectTimeoutMs;

    /**
     * Set when the server closed a connection soon after its only answer without saying {@code
     * Connection: close} (see {@link #closedByServer}); cleared when a reused connection completes
     * an exchange, which shows the server keeps connections after all.
     */
    private volatile boolean closesAfterAnswering;

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Connection> idle = new ArrayDeque<>(); // first = most recently used
    private volatile boolean closed;
    /** Raised by {@link #dropConnections}: a connection opened before that is never kept again. */
    private volatile int generation;

    public ConnectionPool(String host, int port, boolean pooling, Duration idleTimeout, Duration connectTimeout) {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        if (idleTimeout.isNegative() || connectTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts must not be negative");
        }
        this.host = host;
        this.port = port;
        this.pooling = pooling;
        this.idleTimeoutNanos = idleTimeout.toNanos();
        // zero means no limit of its own (java.net convention); the request deadline still applies
        this.connectTimeoutMs = connectTimeout.isZero() ? Long.MAX_VALUE : Math.max(1, connectTimeout.toMillis());
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        this.origin = h + ":" + port;
        this.hostHeader = port == 80 ? h : origin;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code host:port} as used in error messages. */
    String origin() {
        return origin;
    }

    /** The Host header value: {@code host}, or {@code host:port} unless the port is 80. */
    String hostHeader() {
        return hostHeader;
    }

    /**
     * The most recently used idle connection that the server has not closed, or null when there is
     * none. Each candidate is checked ({@link IdleCheck}, about a microsecond); a dead
     * one does not condemn the older ones unchecked, since servers also close single connections
     * (after N requests, or after each answer) while the others stay good.
     *
     * <p>The check cannot see a close the server has not sent yet. A server that closes after each
     * answer without saying {@code Connection: close} may send it microseconds or milliseconds
     * after the answer, and a request written meanwhile dies unanswered. Once a server has shown
     * that habit ({@link #closesAfterAnswering}), a request that would then be lost (see
     * {@code repeatable}) gets a connection only from {@link #acquireSettled()}.
     *
     * @param repeatable the request may be sent again whenever its connection dies unanswered
     *                   (an idempotent method and a replayable body)
     */
    Connection acquire(boolean repeatable) {
        if (!pooling) {
            return null;
        }
        while (true) {
            if (closesAfterAnswering && !repeatable) { // also when the check below just found out
                return acquireSettled();
            }
            Connection c = pollIdle();
            if (c == null || isLive(c)) {
                return c;
            }
            c.close();
        }
    }

    /**
     * For a request that must not be lost, from a server that closes connections soon after
     * answering: the connection idle longest, if that is {@link #STALE_AFTER_NANOS} or more. Such a
     * server's close has arrived long before, and should the request still die unanswered, the
     * retry rule sends it again. Younger connections stay for requests that may be sent twice;
     * the newest ones the server has closed already are closed here, or they would pile up.
     */
    private Connection acquireSettled() {
        List<Connection> drop = new ArrayList<>(2);
        Connection found = null;
        lock.lock(); // held across the checks (non-blocking reads) so the stack keeps its order
        try {
            long now = System.nanoTime();
            Connection c;
            while ((c = idle.peekFirst()) != null && !isLive(c)) {
                drop.add(idle.pollFirst());
            }
            while ((c = idle.peekLast()) != null && now - c.idleSinceNanos >= STALE_AFTER_NANOS) {
                idle.pollLast();
                if (now - c.idleSinceNanos < idleTimeoutNanos && isLive(c)) {
                    found = c;
                    break;
                }
                drop.add(c);
            }
        } finally {
            lock.unlock();
        }
        closeAll(drop);
        return found;
    }

    /** Checks an idle connection; one the server closed may show that it closes after answering. */
    private boolean isLive(Connection c) {
        int state = IdleCheck.state(c);
        if (state == IdleCheck.CLOSED_BY_SERVER) {
            closedByServer(c);
        }
        return state == IdleCheck.REUSABLE;
    }

    /**
     * A reused connection was found closed by the server, by the check or by a request that died
     * unanswered on it. After one exchange and within a second of it, that is a server closing
     * after its answers: a keep-alive timer takes seconds, and a restart also closes connections
     * that served several requests. An app restarted right after a connection's first answer looks
     * the same; that costs new connections until a reused connection serves again.
     */
    void closedByServer(Connection c) {
        if (c.completedExchanges == 1 && System.nanoTime() - c.idleSinceNanos < STALE_AFTER_NANOS && !closesAfterAnswering) {
            closesAfterAnswering = true;
        }
    }

    private Connection pollIdle() {
        List<Connection> expired = null;
        Connection found = null;
        lock.lock();
        try {
            long now = System.nanoTime();
            Connection c = idle.pollFirst();
            if (c != null) {
                if (now - c.idleSinceNanos < idleTimeoutNanos) {
                    found = c;
                } else {
                    // the newest idle connection expired, so every older one did too
                    expired = new ArrayList<>(idle.size() + 1);
                    expired.add(c);
                    expired.addAll(idle);
                    idle.clear();
                }
            }
        } finally {
            lock.unlock();
        }
        closeAll(expired);
        return found;
    }

    /** Takes back a connection whose exchange finished cleanly; closes it when it cannot be kept. */
    void release(Connection c) {
        if (++c.completedExchanges > 1 && closesAfterAnswering) {
            closesAfterAnswering = false;
        }
        if (!pooling || closed || c.isClosed() || c.buffered() > 0) {
            // bytes after the end of a response mean the stream is out of step: never reuse that
            c.close();
            return;
        }
        List<Connection> drop = null;
        lock.lock();
        try {
            if (c.generation != generation) { // dropConnections (or close) ran while it was in use
                drop = new ArrayList<>(1);
                drop.add(c);
            } else {
                long now = System.nanoTime();
                c.idleSinceNanos = now;
                idle.offerFirst(c);
                while (!idle.isEmpty() && (idle.size() > MAX_IDLE || now - idle.peekLast().idleSinceNanos >= idleTimeoutNanos)) {
                    if (drop == null) {
                        drop = new ArrayList<>(2);
                    }
                    drop.add(idle.pollLast());
                }
            }
        } finally {
            lock.unlock();
        }
        closeAll(drop);
    }

    /**
     * A reused connection was found dead: the server closed it while idle. Connections that have been
     * idle at least as long are likely dead too (same server, same idle timeout), so drop them now
     * rather than let each one cost a failed attempt.
     */
    void evictIdleSince(long idleSinceNanos) {
        List<Connection> drop = null;
        lock.lock();
        try {
            while (!idle.isEmpty() && idle.peekLast().idleSinceNanos <= idleSinceNanos) {
                if (drop == null) {
                    drop = new ArrayList<>(2);
                }
                drop.add(idle.pollLast());
            }
        } finally {
            lock.unlock();
        }
        closeAll(drop);
    }

    /** Opens a new connection, bounded by the connect timeout and the request deadline. */
    Connection connect(long deadlineEpochMs) throws IOException {
        int opened = generation; // read first: a connection still opening during dropConnections is not kept either
        Connection c = Connector.open(host, port, origin, connectTimeoutMs, deadlineEpochMs);
        c.generation = opened;
        return c;
    }

    /**
     * Closes every idle connection and keeps none of those in use now: they close when their
     * exchange ends. The pool goes on with new connections (after a SnapStart restore, every
     * connection from before the snapshot is dead, and idle times measured across it mean nothing).
     */
    public void dropConnections() {
        List<Connection> drop;
        lock.lock();
        try {
            generation++;
            closesAfterAnswering = false; // learnt on connections that are gone
            drop = new ArrayList<>(idle);
            idle.clear();
        } finally {
            lock.unlock();
        }
        closeAll(drop);
    }

    /** Closes the idle connections; connections in use are closed when their exchange ends. */
    public void close() {
        closed = true; // release() checks it under the lock, after which dropConnections() clears the rest
        dropConnections();
    }

    private static void closeAll(List<Connection> connections) {
        if (connections != null) {
            for (Connection c : connections) {
                c.close();
            }
        }
    }}
