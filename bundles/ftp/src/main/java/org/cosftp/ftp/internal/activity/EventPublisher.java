package org.cosftp.ftp.internal.activity;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.cosftp.ftp.activity.Activity;
import org.cosftp.ftp.activity.ActivityListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;

/**
 * Posts each {@link Activity} as an OSGi event on its topic ({@code org/cosftp/upload},
 * {@code org/cosftp/login/failed}, …), for Decanter's EventAdmin collector, Karaf's {@code event:tail} and an
 * operator's own bundles. Posted, not sent: the session's command never waits for a handler.
 */
@Component(service = ActivityListener.class)
public final class EventPublisher implements ActivityListener {
    private final EventAdmin events;

    @Activate
    public EventPublisher(@Reference EventAdmin events) {
        this.events = events;
    }

    @Override
    public void finished(Activity activity) {
        events.postEvent(new Event(activity.topic(), properties(activity)));
    }

    /** The event's properties: each field of the activity under its own name, and EventAdmin's timestamp. */
    static Map<String, Object> properties(Activity activity) {
        var properties = new HashMap<String, Object>();
        properties.put(EventConstants.TIMESTAMP, activity.end().toEpochMilli());
        properties.put("kind", activity.kind().name().toLowerCase(Locale.ROOT));
        properties.put("command", activity.command());
        properties.put("start", activity.start().toEpochMilli());
        properties.put("duration.ms", activity.duration().toMillis());
        properties.put("session.id", activity.sessionId());
        properties.put("user", activity.user());
        properties.put("client.address", activity.clientAddress());
        properties.put("client.port", activity.clientPort());
        properties.put("local.address", activity.localAddress());
        properties.put("path", activity.path());
        properties.put("target", activity.target());
        properties.put("bytes", activity.bytes());
        properties.put("store.request.id", activity.storeRequestId());
        properties.put("succeeded", activity.succeeded());
        properties.put("cause", activity.cause().name().toLowerCase(Locale.ROOT));
        properties.put("reason", activity.reason());
        properties.put("reply.code", activity.replyCode());
        properties.put("tls", activity.tls());
        properties.put("binary", activity.binary());
        return properties;
    }
}
