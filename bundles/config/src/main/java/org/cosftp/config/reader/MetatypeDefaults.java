package org.cosftp.config.reader;

import java.lang.reflect.Proxy;

/**
 * The defaults of a metatype {@code @interface}, for reading a configuration with them: each default is then
 * written once, where the metatype shows it to operators.
 */
public final class MetatypeDefaults {
    private MetatypeDefaults() {
    }

    /** An instance of {@code type} whose every method answers its default; one without a default fails. */
    public static <A> A of(Class<A> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, arguments) -> {
                    Object value = method.getDeclaringClass() == type ? method.getDefaultValue() : null;
                    if (value == null) {
                        throw new UnsupportedOperationException(method.getName() + " of " + type.getName()
                                + " has no default");
                    }
                    return value;
                }));
    }
}
