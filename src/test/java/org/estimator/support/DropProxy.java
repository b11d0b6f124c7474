package org.estimator.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of the application whose connections a test can cut, as a train tunnel or a
 * sleeping laptop would: {@link #cut} closes every open connection and refuses new ones until
 * {@link #restore}. {@link #unavailable} plays a load balancer whose server is away (restarting,
 * overloaded): it closes the open connections and answers every new request 503.
 */
public final class DropProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;
    private volatile boolean answering503;

    public DropProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    public void cut() {
        open = false;
        sockets.forEach(DropProxy::quietly);
        sockets.clear();
    }

    public void restore() {
        open = true;
        answering503 = false;
    }

    public void unavailable() {
        answering503 = true;
        cut();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (answering503) {
                    daemon(() -> answer503(client));
                    continue;
                }
                if (!open) {
                    quietly(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                daemon(() -> pipe(client, upstream));
                daemon(() -> pipe(upstream, client));
            } catch (IOException e) {
                // closed, or the application refused: the browser sees a dropped connection
            }
        }
    }

    /** Reads the request's head, then answers as a proxy without a server does. */
    private static void answer503(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            int matched = 0;
            for (int b; matched < 4 && (b = in.read()) >= 0;) {
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String body = "Service unavailable";
            out.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nRetry-After: 1\r\n"
                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the browser went away
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0;) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            quietly(from);
            quietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void daemon(Runnable task) {
        Thread t = new Thread(task, "drop-proxy");
        t.setDaemon(true);
        t.start();
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
