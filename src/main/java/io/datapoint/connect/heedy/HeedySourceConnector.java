package io.datapoint.connect.heedy;

import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.source.DiscoveringSourceConnector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams heedy timeseries into Kafka: one record per datapoint, offsets per object on heedy's timestamps. The
 * selection (object ids, or tags/key/owner/app filters) is listed again on a schedule, and the objects are spread
 * over the tasks.
 */
public final class HeedySourceConnector extends DiscoveringSourceConnector {

    private static final Logger log = LoggerFactory.getLogger(HeedySourceConnector.class);

    public HeedySourceConnector() {
        super(new Platform("heedy", "heedy", "timeseries", HeedySourceConfig.CONFIG_DEF, HeedySourceTask.class,
            new HeedyOffsets()));
    }

    @Override
    protected Selection select(Map<String, String> props, String label) {
        HeedySourceConfig config = new HeedySourceConfig(props);
        HttpTransport transport = HeedyConnection.transport(config, HttpObserver.NONE);
        HeedyClient client = new HeedyClient(config.getString(HeedyConnection.URL), transport);
        return new Selection(() -> listStreams(config, client),
            e -> HeedyClient.describe(e) + (e.status() == 401 ? ". Check heedy.token." : ""), List.of(transport));
    }

    /**
     * The selected objects, each as {@code id#fingerprint}: the fingerprint changes with the object's name, owner,
     * key or schema, so such a change reconfigures the tasks too (their topics and schemas are built at start).
     */
    private static List<String> listStreams(HeedySourceConfig config, HeedyClient client) throws IOException {
        List<String> explicit = config.getList(HeedySourceConfig.OBJECTS);
        List<String> out = new ArrayList<>();
        if (!explicit.isEmpty()) {
            for (String id : explicit) {
                String fingerprint;
                try {
                    fingerprint = fingerprint(client.object(id));
                } catch (HttpStatusException e) {
                    if (e.status() == 401) {
                        throw e;
                    }
                    log.warn("heedy object {} cannot be read ({}); it is still assigned and retried",
                        id, HeedyClient.describe(e));
                    fingerprint = "unreadable";
                }
                out.add(id + "#" + fingerprint);
            }
        } else {
            List<HeedyObject> objects = client.listTimeseries(config.getString(HeedySourceConfig.OWNER),
                config.getString(HeedySourceConfig.APP), config.getString(HeedySourceConfig.KEY),
                config.getString(HeedySourceConfig.TAGS));
            if (objects.size() >= HeedyClient.OBJECT_LIST_LIMIT) {
                log.warn("heedy returned {} objects, its listing limit; narrow the selection", objects.size());
            }
            for (HeedyObject o : objects) {
                out.add(o.id() + "#" + fingerprint(o));
            }
        }
        out.sort(null);
        return out;
    }

    private static String fingerprint(HeedyObject o) {
        return Integer.toHexString(Objects.hash(o.name(), o.owner(), o.key(), String.valueOf(o.schema())));
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        return HeedyConnection.check(config, connectorConfigs);
    }
}
