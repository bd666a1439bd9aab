package org.cosftp.ftp.internal;

import org.apache.mina.core.session.IoSession;

/**
 * Marks a session whose command is running. A control connection is silent while its listing, transfer or
 * rename runs, and that silence is the server at work, not the client idle: {@link ControlWatchFilter} keeps
 * the idle timeout from closing such a session (its event would otherwise wait behind the command and close
 * the session the moment a long listing ended). Silence after the command's reply counts again.
 */
final class CommandInProgress {
    private static final String ATTRIBUTE = CommandInProgress.class.getName();

    private CommandInProgress() {
    }

    static void started(IoSession session) {
        session.setAttribute(ATTRIBUTE, Boolean.TRUE);
    }

    static void ended(IoSession session) {
        session.removeAttribute(ATTRIBUTE);
    }

    static boolean running(IoSession session) {
        return session.containsAttribute(ATTRIBUTE);
    }
}
