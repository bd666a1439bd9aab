package org.cosftp.ftp.internal.activity;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.cosftp.ftp.activity.Activity;

/**
 * A transfer as one line of the xferlog format of wu-ftpd and vsftpd, all 14 fields, so that the tools written
 * for it read cos-ftp's: end time, seconds taken (at least 1), client address, bytes, file name, type ({@code a}
 * or {@code b}), special action ({@code _}), direction ({@code i} in, {@code o} out), access mode ({@code r}: a
 * real account), user name, service ({@code ftp}), authentication method ({@code 0}), authenticated user id
 * ({@code *}), completion ({@code c} complete, {@code i} incomplete). Fields are separated by spaces, so a space
 * (or a control character) in a name is written as {@code _}, as vsftpd does.
 */
final class Xferlog {
    /** ctime's form: the day of the month padded with a space, in English whatever the machine's locale. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
            Locale.ENGLISH);

    private Xferlog() {
    }

    static String line(Activity transfer, ZoneId zone) {
        long seconds = Math.max(1, Math.round(transfer.duration().toMillis() / 1000.0));
        return String.join(" ", TIME.format(transfer.end().atZone(zone)), Long.toString(seconds),
                transfer.clientAddress(), Long.toString(transfer.bytes()), field(transfer.path()),
                transfer.binary() ? "b" : "a", "_", transfer.kind() == Activity.Kind.UPLOAD ? "i" : "o", "r",
                field(transfer.user()), "ftp", "0", "*", transfer.succeeded() ? "c" : "i");
    }

    /** A name as one field: never empty, no space or control character in it. */
    private static String field(String name) {
        if (name.isEmpty()) {
            return "_";
        }
        var field = new StringBuilder(name.length());
        name.codePoints().forEach(c -> field.appendCodePoint(Character.isWhitespace(c) || Character.isISOControl(c)
                || Character.isSpaceChar(c) ? '_' : c));
        return field.toString();
    }
}
