package org.cosftp.ftp.internal;

import java.io.Closeable;
import java.lang.reflect.Field;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.ftpserver.impl.IODataConnection;
import org.apache.ftpserver.impl.IODataConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where cos-ftp reaches into FtpServer 1.2.1's private parts: the sockets of a data connection,
 * which no public method of FtpServer hands out, and the name of a session attribute it keeps. FtpServer is
 * embedded in the bundle, so the fields are those of the version built against; each is checked once, and where
 * one is missing (another FtpServer), its {@code ...Unavailable} method says why and the caller falls back to
 * FtpServer's own behaviour, which it logs.
 */
public final class FtpServerInternals {
    /** The session attribute in which FtpServer's {@code OPTS MLST} keeps the facts a client chose. */
    public static final String MLST_TYPES = "MLST.types";
    private static final Logger LOG = LoggerFactory.getLogger(FtpServerInternals.class);
    /** The connected socket of an open data connection. */
    private static final Field DATA_SOCKET = field(IODataConnection.class, "socket", Socket.class);
    /** The passive server socket of a session's data connection factory, while it waits for the client. */
    private static final Field PASSIVE_SOCKET = field(IODataConnectionFactory.class, "servSoc", ServerSocket.class);
    /** The connected socket of a session's data connection factory. */
    private static final Field FACTORY_SOCKET = field(IODataConnectionFactory.class, "dataSoc", Socket.class);

    private FtpServerInternals() {
    }

    private static Field field(Class<?> owner, String name, Class<?> type) {
        try {
            Field field = owner.getDeclaredField(name);
            if (!type.isAssignableFrom(field.getType())) {
                throw new NoSuchFieldException(name + " is a " + field.getType().getName());
            }
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("FtpServer's {}.{} is out of reach: {}", owner.getSimpleName(), name, e.toString());
            return null;
        }
    }

    private static Object get(Field field, Object owner) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /** Whether {@link #dataSocket} can answer; if not, why, for the caller's log line. */
    public static Optional<String> dataSocketUnavailable() {
        return DATA_SOCKET == null ? Optional.of("IODataConnection.socket not found") : Optional.empty();
    }

    /** The connected socket under an open data connection, or {@code null}. */
    public static Socket dataSocket(IODataConnection data) {
        return DATA_SOCKET == null ? null : (Socket) get(DATA_SOCKET, data);
    }

    /** Whether {@link #passiveSocket} and {@link #replacePassiveSocket} work; if not, why. */
    public static Optional<String> passiveSocketUnavailable() {
        return PASSIVE_SOCKET == null ? Optional.of("IODataConnectionFactory.servSoc not found") : Optional.empty();
    }

    /** The server socket a passive data connection is accepted on, or {@code null}. */
    public static ServerSocket passiveSocket(IODataConnectionFactory data) {
        return PASSIVE_SOCKET == null ? null : (ServerSocket) get(PASSIVE_SOCKET, data);
    }

    /** Makes FtpServer accept the passive data connection on {@code socket}; the caller holds {@code data}'s lock. */
    public static void replacePassiveSocket(IODataConnectionFactory data, ServerSocket socket)
            throws IllegalAccessException {
        PASSIVE_SOCKET.set(data, socket);
    }

    /** Whether {@link #sockets} sees every socket of a data connection; if not, why. */
    public static Optional<String> socketsUnavailable() {
        return PASSIVE_SOCKET == null || FACTORY_SOCKET == null
                ? Optional.of("IODataConnectionFactory.servSoc or dataSoc not found") : Optional.empty();
    }

    /** The sockets of a session's data connection (passive, being accepted, or open) that are there now. */
    public static List<Closeable> sockets(IODataConnectionFactory data) {
        var sockets = new ArrayList<Closeable>();
        for (Field field : new Field[] {FACTORY_SOCKET, PASSIVE_SOCKET}) {
            if (field != null && get(field, data) instanceof Closeable socket) {
                sockets.add(socket);
            }
        }
        return sockets;
    }
}
