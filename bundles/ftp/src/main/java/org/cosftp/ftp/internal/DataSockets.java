package org.cosftp.ftp.internal;

import java.lang.reflect.Field;
import java.net.Socket;

import org.apache.ftpserver.ftplet.DataConnection;
import org.apache.ftpserver.impl.IODataConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket under an open FtpServer data connection. FtpServer's {@link DataConnection} copies a download 4 KiB
 * at a time into 8 KiB socket writes; handing the socket large blocks instead costs the gateway far fewer
 * system calls and copies per byte. FtpServer keeps that socket in a private field, so it is read by
 * reflection; a FtpServer whose connection holds no such field simply keeps its own copying.
 */
final class DataSockets {
    private static final Logger LOG = LoggerFactory.getLogger(DataSockets.class);
    private static final Field SOCKET = socketField();

    private DataSockets() {
    }

    private static Field socketField() {
        try {
            Field field = IODataConnection.class.getDeclaredField("socket");
            if (!Socket.class.isAssignableFrom(field.getType())) {
                throw new NoSuchFieldException("socket is a " + field.getType().getName());
            }
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("downloads use FtpServer's own 4 KiB copying: its data socket is out of reach ({})",
                    e.toString());
            return null;
        }
    }

    /** The connected socket of {@code connection}, or {@code null} if it cannot be reached. */
    static Socket of(DataConnection connection) {
        if (SOCKET == null || !(connection instanceof IODataConnection)) {
            return null;
        }
        try {
            return (Socket) SOCKET.get(connection);
        } catch (IllegalAccessException e) {
            return null;
        }
    }
}
