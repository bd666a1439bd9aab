package org.cosftp.ftp;

import java.time.Duration;

/**
 * A client address banned for failed logins.
 *
 * @param address the address, as a literal
 * @param length how long this ban lasts in all (each further ban of an address lasts twice the one before)
 * @param left how long it still lasts
 */
public record AddressBan(String address, Duration length, Duration left) {
}
