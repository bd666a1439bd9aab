package org.cosftp.storage.cos.internal;

/**
 * Runs COS SDK code with this bundle's class loader as the thread context class loader: the SDK and the
 * XML and HTTP libraries under it look things up through it, and in OSGi it is otherwise unrelated to them.
 */
final class Sdk {
    private Sdk() {
    }

    /** An SDK call. */
    @FunctionalInterface
    interface Call<T> {
        T run();
    }

    static <T> T call(Call<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(Sdk.class.getClassLoader());
        try {
            return call.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
