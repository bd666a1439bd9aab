package org.cosftp.ftp.internal;

/** FtpServer and MINA load classes by the context class loader as they start and stop: it must be this bundle's. */
final class BundleClassLoader {
    private BundleClassLoader() {
    }

    @FunctionalInterface
    interface Action<E extends Exception> {
        void run() throws E;
    }

    static <E extends Exception> void run(Action<E> action) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(BundleClassLoader.class.getClassLoader());
        try {
            action.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
