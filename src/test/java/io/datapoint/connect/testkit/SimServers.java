package io.datapoint.connect.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;
import mockwebserver3.MockWebServer;

/**
 * The MockWebServer every simulator runs on, with TCP_NODELAY on each accepted connection. MockWebServer writes a
 * response's head and body in separate writes; without TCP_NODELAY the second waits for the client's delayed ACK,
 * about 40 ms on Linux, so every request took 45-50 ms and request-bound figures measured that instead of the
 * connectors (real servers, e.g. Go's net/http, set TCP_NODELAY).
 */
public final class SimServers {

    private SimServers() {
    }

    /** A new, unstarted MockWebServer whose connections send without Nagle's delay. */
    public static MockWebServer create() {
        MockWebServer server = new MockWebServer();
        server.setServerSocketFactory(new NoDelayFactory());
        return server;
    }

    private static final class NoDelayServerSocket extends ServerSocket {

        NoDelayServerSocket() throws IOException {
            super();
        }

        @Override
        public Socket accept() throws IOException {
            Socket socket = super.accept();
            socket.setTcpNoDelay(true);
            return socket;
        }
    }

    private static final class NoDelayFactory extends ServerSocketFactory {

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new NoDelayServerSocket();
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return createServerSocket(port, 50, null);
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return createServerSocket(port, backlog, null);
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            ServerSocket socket = new NoDelayServerSocket();
            socket.bind(new InetSocketAddress(address, port), backlog);
            return socket;
        }
    }
}
