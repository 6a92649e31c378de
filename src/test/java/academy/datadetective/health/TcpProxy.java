package academy.datadetective.health;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/**
 * Forwards TCP connections from a local port to a target, and can simulate the target going away and coming
 * back: {@link #cut()} refuses new connections and breaks the open ones, {@link #restore()} accepts them again
 * on the same port, so that clients configured with that port never need to be told about the outage.
 */
final class TcpProxy implements Closeable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int BUFFER_SIZE = 16 * 1024;

    private final String targetHost;
    private final int targetPort;
    private final int port;

    /** Guarded by this: the current listener (null while cut) and every socket of every open connection. */
    private ServerSocket listener;
    private final Set<Socket> openSockets = new HashSet<>();
    private boolean closed;

    private TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        acceptInBackground(listener);
    }

    /** Starts forwarding at once, from an ephemeral port on 127.0.0.1. */
    static TcpProxy start(String targetHost, int targetPort) {
        try {
            return new TcpProxy(targetHost, targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException("The proxy could not listen on 127.0.0.1", e);
        }
    }

    int port() {
        return port;
    }

    /** Connection attempts are refused and open connections drop, as when the database host goes down. */
    synchronized void cut() {
        closeQuietly(listener);
        listener = null;
        openSockets.forEach(TcpProxy::closeQuietly);
        openSockets.clear();
    }

    /** Accepts connections again, on the same port, so the clients' configured address stays valid. */
    synchronized void restore() {
        if (closed) {
            throw new IllegalStateException("The proxy is closed");
        }
        if (listener != null) {
            return;
        }
        try {
            listener = listen(port);
        } catch (IOException e) {
            throw new UncheckedIOException("The proxy could not listen on port " + port + " again", e);
        }
        acceptInBackground(listener);
    }

    @Override
    public synchronized void close() {
        closed = true;
        cut();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        // The connections cut() broke leave the port in TIME_WAIT, which would otherwise block listening on it again.
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void acceptInBackground(ServerSocket socket) {
        startDaemon("tcp-proxy-accept-" + port, () -> acceptUntilClosed(socket));
    }

    private void acceptUntilClosed(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                // cut() closed the listener: this loop belongs to it and ends with it.
                return;
            }
            // The target is local in tests, so connecting to it holds up the next accept only briefly.
            connect(socket, client);
        }
    }

    private void connect(ServerSocket acceptedBy, Socket client) {
        Socket target = new Socket();
        try {
            target.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            // Dropping the client is as close as a proxy can come to passing on the refusal it got itself.
            closeQuietly(client);
            closeQuietly(target);
            return;
        }
        if (!register(acceptedBy, client, target)) {
            return;
        }
        startDaemon("tcp-proxy-upstream-" + port, () -> pump(client, target));
        startDaemon("tcp-proxy-downstream-" + port, () -> pump(target, client));
    }

    /** A connection accepted just before a cut must not survive it, or the outage would not be complete. */
    private synchronized boolean register(ServerSocket acceptedBy, Socket client, Socket target) {
        if (listener != acceptedBy) {
            closeQuietly(client);
            closeQuietly(target);
            return false;
        }
        openSockets.add(client);
        openSockets.add(target);
        return true;
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_SIZE];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // The other direction or cut() closed the sockets, or the peer broke off: nothing is left to forward.
        } finally {
            // PostgreSQL has no use for half-closed connections, so one side ending ends both.
            release(from, to);
        }
    }

    private synchronized void release(Socket... sockets) {
        for (Socket socket : sockets) {
            closeQuietly(socket);
            openSockets.remove(socket);
        }
    }

    private static void startDaemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        // A proxy thread left over from a failed test must not keep the test JVM alive.
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing is all that is asked of it; a socket that is already broken needs nothing more.
        }
    }
}
