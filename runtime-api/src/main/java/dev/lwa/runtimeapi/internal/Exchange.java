package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.http.DeadlineExceededException;
import dev.lwa.runtimeapi.http.Http1Request;
import dev.lwa.runtimeapi.http.Http1Response;
import dev.lwa.runtimeapi.http.MalformedResponseException;
import dev.lwa.runtimeapi.http.RequestBody;

import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * One request/response exchange: take a connection, write the request, read the response head,
 * and frame the body ({@link ResponseFraming}).
 *
 * <p>Retry rule: when a <em>reused</em> connection fails before a single byte of the response
 * arrived (EOF, reset, broken pipe), whether while the request was written or after, the server
 * may have closed it while it sat idle. If the body can be sent again (empty or bytes, never
 * streaming), an idempotent request is repeated once on a new connection; any other only when its
 * connection had been idle for a second or more (see {@link #mayRepeat}): a server may act on a
 * request's head and answer before reading its body, so a write that failed is no proof that the
 * request was not acted on. An answer that arrives although the write failed (an early 413) is
 * the response. A failure on a new connection is never retried: that is the server's answer.
 * Idle connections the server has closed are not taken at all, and once a server has shown that it
 * closes connections right after answering, a request that could not be repeated is not put on a
 * connection it may be closing ({@link ConnectionPool#acquire}).
 */
public final class Exchange {
    /** Only the retry path logs: looked up on first use, so the first request does not pay for logging's start-up. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger("dev.lwa.runtimeapi.http");
    }

    /** Bytes bodies up to this size are copied behind the head so both leave in one write. */
    private static final int COPY_BODY_LIMIT = 64 * 1024;

    private Exchange() {
    }

    public static Http1Response send(ConnectionPool pool, Http1Request request) throws IOException {
        RequestEncoder.validate(request);
        boolean replayable = !(request.body() instanceof RequestBody.Streaming);
        Connection pooled = pool.acquire(replayable && idempotent(request.method()));
        if (pooled != null) {
            try {
                return exchange(pool, pooled, request, replayable);
            } catch (StaleConnection stale) {
                pool.evictIdleSince(pooled.idleSinceNanos);
                Log.LOG.log(Level.DEBUG, () -> "reused connection to " + pool.origin() + " failed before any response byte ("
                        + stale.getCause() + "); sending " + request.method() + " " + request.target() + " again on a new connection");
                Connection fresh;
                try {
                    fresh = pool.connect(request.deadlineEpochMs());
                } catch (java.net.ConnectException refused) {
                    // The server took the request and closed without answering, and now nothing
                    // listens: it went away with this request (a crash), which is the story to
                    // tell, not "cannot connect" as if it had never been reached.
                    IOException failure = new IOException(stale.getMessage() + "; a new connection was refused ("
                            + refused.getMessage() + "): the server is no longer listening", stale.getCause());
                    failure.addSuppressed(refused);
                    throw failure;
                }
                try {
                    return exchange(pool, fresh, request, false);
                } catch (IOException | RuntimeException e) {
                    e.addSuppressed(stale.getCause());
                    throw e;
                }
            }
        }
        return exchange(pool, pool.connect(request.deadlineEpochMs()), request, false);
    }

    /**
     * @param retryable the connection was reused and the body is replayable: a failure before the
     *                  response throws {@link StaleConnection} so the caller can retry
     */
    private static Http1Response exchange(ConnectionPool pool, Connection c, Http1Request request, boolean retryable)
            throws IOException {
        c.beginExchange(request.deadlineEpochMs());
        IOException sendFailure = null;
        try {
            writeRequest(pool, c, request);
        } catch (WriterFailed wf) {
            c.close();
            throw wf.unwrap();
        } catch (IOException e) {
            sendFailure = e;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
        ResponseParser.Head head;
        try {
            head = ResponseParser.readFinalHead(c);
        } catch (DeadlineExceededException | MalformedResponseException e) {
            c.close();
            if (sendFailure != null) {
                sendFailure.addSuppressed(e);
                throw sendFailure;
            }
            throw e;
        } catch (IOException e) {
            c.close();
            if (c.completedExchanges > 0 && !c.receivedAnything()) {
                pool.closedByServer(c);
            }
            // No answer. On a reused connection the server may have closed it while idle, before our
            // request, and then the request may go again (mayRepeat), whether or not its write
            // failed: a server may as well have read the head, acted, answered early and closed
            // (the answer lost in the reset), so a POST is not sent again on a connection used
            // moments ago. A write cut by the deadline is not sent again.
            if (retryable && !c.receivedAnything() && !(sendFailure instanceof DeadlineExceededException)
                    && mayRepeat(request.method(), c)) {
                throw new StaleConnection(sendFailure != null ? sendFailure : e);
            }
            if (sendFailure != null) {
                // the server stopped reading and has no answer for us: the write failure is the story
                sendFailure.addSuppressed(e);
                throw sendFailure;
            }
            throw e;
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
        // a server may answer before reading the whole body (e.g. 413): we got its answer, but the
        // connection is mid-request, so it cannot be kept
        return ResponseFraming.frame(pool, c, request, head, sendFailure == null);
    }

    /**
     * The request was written in full and the connection then died without a byte of answer. An
     * idempotent request (RFC 9110 §9.2.2) may always be sent again. Any other is sent again only
     * when the connection had sat idle long enough for the server to have closed it on a
     * keep-alive timer ({@link ConnectionPool#STALE_AFTER_NANOS}): then the server never saw it.
     * On a connection used moments ago, the server may have acted on the request and died, and a
     * POST must not run twice.
     */
    private static boolean mayRepeat(String method, Connection c) {
        return idempotent(method) || System.nanoTime() - c.idleSinceNanos >= ConnectionPool.STALE_AFTER_NANOS;
    }

    private static boolean idempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    private static void writeRequest(ConnectionPool pool, Connection c, Http1Request request) throws IOException {
        RequestEncoder.encodeHead(c, request, pool.hostHeader());
        // instanceof rather than a pattern switch: a type switch is bootstrapped by generating a class
        // at first use (milliseconds), and this runs on the very first request of a cold start
        RequestBody body = request.body();
        if (body instanceof RequestBody.Bytes b) {
            byte[] bytes = b.bytes();
            if (bytes.length <= COPY_BODY_LIMIT) {
                c.putBytes(bytes, 0, bytes.length);
                c.flushOut();
            } else {
                c.flushOutThen(bytes); // TCP_NODELAY: no Nagle stall between the two writes
            }
        } else if (body instanceof RequestBody.Sized sized) {
            long length = sized.body().length();
            FixedLengthBodyStream stream = new FixedLengthBodyStream(c, length);
            WriteWatchdog.BodyWrite write = () -> {
                try {
                    sized.body().writeTo(stream);
                    stream.finish(); // a count that does not match is the writer's failure, like its own exceptions
                } catch (IOException | RuntimeException | Error e) {
                    if (stream.transportFailure != null) {
                        throw stream.transportFailure;
                    }
                    throw new WriterFailed(e);
                }
            };
            if (length <= COPY_BODY_LIMIT) {
                write.run(); // fits the socket's buffer: cannot block for long, no watchdog to schedule
            } else {
                WriteWatchdog.writeWithinDeadline(c, length, write);
            }
        } else if (body instanceof RequestBody.Streaming s) {
            ChunkedBodyStream stream = new ChunkedBodyStream(c);
            try {
                s.writer().writeTo(stream);
            } catch (IOException | RuntimeException | Error e) {
                if (stream.transportFailure != null) {
                    throw stream.transportFailure;
                }
                throw new WriterFailed(e);
            }
            stream.finish();
        } else {
            c.flushOut(); // Empty
        }
    }

    /** A reused connection died before the response: the caller may retry once. */
    private static final class StaleConnection extends IOException {
        StaleConnection(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** The body writer itself failed (not the socket): pass its exception through untouched. */
    private static final class WriterFailed extends IOException {
        private final Throwable failure;

        WriterFailed(Throwable failure) {
            super(failure);
            this.failure = failure;
        }

        IOException unwrap() {
            if (failure instanceof IOException io) {
                return io;
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            return new IOException(failure);
        }
    }
}
