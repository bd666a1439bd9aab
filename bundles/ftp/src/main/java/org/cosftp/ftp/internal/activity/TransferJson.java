package org.cosftp.ftp.internal.activity;

import java.time.temporal.ChronoUnit;
import java.util.Locale;

import org.cosftp.ftp.activity.Activity;

/**
 * A transfer as one JSON object on one line, with the fields of SFTPGo's transfer log ({@code username},
 * {@code file_path}, {@code size_bytes}, {@code elapsed_ms}, {@code remote_address}, {@code local_address},
 * {@code connection_id}, {@code protocol}, {@code error}) and of AWS Transfer Family's ({@code activity-type}'s
 * {@code event}, {@code bytes_in}, {@code bytes_out}, {@code mode}, {@code start_time}), and cos-ftp's own: the
 * outcome and its cause, COS's request id, the FTP reply code, the FTP command and whether TLS protected the session.
 */
final class TransferJson {
    private TransferJson() {
    }

    static String line(Activity transfer) {
        boolean upload = transfer.kind() == Activity.Kind.UPLOAD;
        return new StringBuilder(320).append('{')
                .append(string("time", transfer.end().truncatedTo(ChronoUnit.MILLIS).toString())).append(',')
                .append(string("start_time", transfer.start().truncatedTo(ChronoUnit.MILLIS).toString())).append(',')
                .append(string("event", upload ? "upload" : "download")).append(',')
                .append(string("command", transfer.command())).append(',')
                .append(string("status", transfer.succeeded() ? "ok" : "failed")).append(',')
                .append(string("cause", transfer.cause().name().toLowerCase(Locale.ROOT))).append(',')
                .append(string("error", transfer.reason())).append(',')
                .append(number("reply_code", transfer.replyCode())).append(',')
                .append(number("connection_id", transfer.sessionId())).append(',')
                .append(string("username", transfer.user())).append(',')
                .append(string("remote_address", transfer.clientAddress() + ":" + transfer.clientPort())).append(',')
                .append(string("local_address", transfer.localAddress())).append(',')
                .append(string("file_path", transfer.path())).append(',')
                .append(number("size_bytes", transfer.bytes())).append(',')
                .append(string("cos_request_id", transfer.storeRequestId())).append(',')
                .append(number("bytes_in", upload ? transfer.bytes() : 0)).append(',')
                .append(number("bytes_out", upload ? 0 : transfer.bytes())).append(',')
                .append(number("elapsed_ms", transfer.duration().toMillis())).append(',')
                .append(string("protocol", transfer.tls() ? "FTPS" : "FTP")).append(',')
                .append(string("mode", transfer.binary() ? "binary" : "ascii"))
                .append('}').toString();
    }

    private static String number(String name, long value) {
        return '"' + name + "\":" + value;
    }

    private static String string(String name, String value) {
        var json = new StringBuilder(value.length() + name.length() + 6).append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
