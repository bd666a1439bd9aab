package org.cosftp.config;

/**
 * One FTP account from {@code etc/org.cosftp.users.cfg}.
 *
 * @param name the login name
 * @param password the password as configured: a hash of {@link PasswordHasher}, or plaintext
 * @param storage the name of the storage the account works on
 * @param home the key prefix that is the user's {@code /}: empty for the bucket root, else ending in {@code /}
 * @param access what the user may do with the bytes of files
 * @param delete whether the user may delete, remove directories and overwrite
 * @param enabled whether the user may log in
 */
public record UserAccount(String name, String password, String storage, String home, Access access,
        boolean delete, boolean enabled) {

    /** Never shows the password. */
    @Override
    public String toString() {
        return "user '" + name + "' (storage " + storage + ", home /" + home + ", access " + access.code()
                + (delete ? ", delete" : "") + (enabled ? "" : ", disabled") + ")";
    }
}
