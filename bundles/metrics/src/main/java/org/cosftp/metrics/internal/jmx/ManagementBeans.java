package org.cosftp.metrics.internal.jmx;

import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;

import javax.management.ObjectName;

import org.cosftp.ftp.FtpServerOperations;
import org.cosftp.metrics.internal.prometheus.GatewayMetrics;
import org.cosftp.storage.ObjectStorage;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * cos-ftp's MBeans, one per concern, registered as OSGi services with {@code jmx.objectname}: Karaf's
 * {@code management} feature (its JMX whiteboard) puts them into the MBean server, where jconsole, Jolokia and
 * Decanter's JMX collector find them. {@code org.cosftp:type=Server}, {@code org.cosftp:type=Activities}, and
 * {@code org.cosftp:type=Storage,name=<storage>} for each storage while it is configured.
 */
@Component(immediate = true, service = {})
public final class ManagementBeans {
    private static final String OBJECT_NAME = "jmx.objectname";

    @Reference
    GatewayMetrics metrics;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile FtpServerOperations server;

    private final Set<ObjectStorage> bound = new HashSet<>();
    private final Map<ObjectStorage, ServiceRegistration<?>> storageBeans = new HashMap<>();
    private BundleContext context;
    private ServiceRegistration<?> serverBean;
    private ServiceRegistration<?> activitiesBean;

    @Activate
    synchronized void activate(BundleContext context) {
        this.context = context;
        serverBean = context.registerService(ServerMXBean.class, new ServerBean(() -> server),
                named("org.cosftp:type=Server"));
        activitiesBean = context.registerService(ActivitiesMXBean.class, new ActivitiesBean(metrics),
                named("org.cosftp:type=Activities"));
        bound.forEach(this::register);
    }

    /** DS binds the storages there are before it activates, and those that come later after. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addStorage(ObjectStorage storage) {
        bound.add(storage);
        if (context != null) {
            register(storage);
        }
    }

    synchronized void removeStorage(ObjectStorage storage) {
        bound.remove(storage);
        ServiceRegistration<?> registration = storageBeans.remove(storage);
        if (registration != null) {
            registration.unregister();
        }
    }

    private void register(ObjectStorage storage) {
        String name = storage.name().matches("[\\w.-]+") ? storage.name() : ObjectName.quote(storage.name());
        storageBeans.put(storage, context.registerService(StorageMXBean.class, new StorageBean(storage, metrics),
                named("org.cosftp:type=Storage,name=" + name)));
    }

    private static Dictionary<String, Object> named(String objectName) {
        var properties = new Hashtable<String, Object>();
        properties.put(OBJECT_NAME, objectName);
        return properties;
    }

    @Deactivate
    synchronized void deactivate() {
        serverBean.unregister();
        activitiesBean.unregister();
        storageBeans.values().forEach(ServiceRegistration::unregister);
        storageBeans.clear();
        context = null;
    }
}
