package dev.lwa.emulator.internal;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;

/** Jetty 12 core servers as the emulator and the front door need them. */
public final class JettyServers {

    private static final System.Logger LOG = System.getLogger(JettyServers.class.getName());

    /**
     * Longer than any {@code /next} hold: a runtime may park on {@code /next} for as long as nobody
     * invokes, and an idle timeout must never cut that call.
     */
    static final Duration IDLE_TIMEOUT = Duration.ofHours(1);
    /**
     * Headers and trailers: the Java RIC sends an X-Ray cause header of up to 1 MiB, and the streaming
     * error trailer carries a base64 error document.
     */
    static final int MAX_HEADER_BYTES = 2 * 1024 * 1024;

    private JettyServers() {
    }

    public static Server create(String name, Handler handler) {
        VirtualThreadPool threads = new VirtualThreadPool();
        threads.setName(name);
        // every parked /next or event/next holds a (virtual) thread; Jetty's default cap is 200
        threads.setMaxConcurrentTasks(100_000);
        Server server = new Server(threads);
        server.setHandler(handler);
        server.setStopTimeout(0);
        return server;
    }

    public static ServerConnector connector(Server server, String host, int port) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setSendDateHeader(false); // the front door passes the app's Date; two would confuse clients
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setHeaderCacheCaseSensitive(true); // trailers are reported "keys as sent"
        http.setUriCompliance(UriCompliance.LEGACY); // the front door passes odd paths through verbatim
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        return connector;
    }

    public static void start(Server server, String what, String host, int port) throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            stop(server);
            throw new IOException("cannot start the " + what + " on " + host + ":" + port + ": " + e.getMessage(), e);
        } catch (Exception e) {
            stop(server);
            throw new IOException("cannot start the " + what + " on " + host + ":" + port + ": " + e, e);
        }
    }

    public static void stop(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "stopping Jetty: {0}", e.toString());
        }
    }
}
