package dev.lwa.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A web app on a raw socket that answers each request with a script, byte for byte, so a test
 * controls framing, pauses and how the connection ends (close, reset).
 */
final class RawApp implements AutoCloseable {

    @FunctionalInterface
    interface Script {
        void answer(Socket socket, OutputStream out) throws Exception;
    }

    private final ServerSocket server;

    private RawApp(Script script) throws IOException {
        this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("raw-app").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            readHead(s.getInputStream());
                            script.answer(s, s.getOutputStream());
                        } catch (Exception ignored) {
                            // the script ended the connection its own way
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    static RawApp start(Script script) throws IOException {
        return new RawApp(script);
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Ends the connection with a TCP reset instead of a FIN. */
    static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    private static void readHead(InputStream in) throws IOException {
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the end of the request head");
            }
            state = switch (state) {
                case 0, 2 -> b == '\r' ? state + 1 : 0;
                case 1, 3 -> b == '\n' ? state + 1 : (b == '\r' ? 1 : 0);
                default -> 0;
            };
        }
    }
}
