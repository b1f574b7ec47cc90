package io.datapoint.connect.flowthings;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.source.DiscoveringSourceConnector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the drops of flowthings flows into Kafka: each drop the moment it is created (websocket push), with a
 * REST catch-up that never loses or repeats one across websocket drops, server faults and restarts. Flows are
 * selected by id, by path (resolved to ids) or by a path prefix, listed again on a schedule and spread over the
 * tasks.
 */
public final class FlowthingsSourceConnector extends DiscoveringSourceConnector {

    private static final Logger log = LoggerFactory.getLogger(FlowthingsSourceConnector.class);
    private static final int FLOW_PAGE = 20;

    public FlowthingsSourceConnector() {
        super(new Platform("flowthings", "flowthings", "flows", FlowthingsSourceConfig.CONFIG_DEF,
            FlowthingsSourceTask.class, new FlowthingsOffsets()));
    }

    @Override
    protected Selection select(Map<String, String> props, String label) {
        FlowthingsSourceConfig config = new FlowthingsSourceConfig(props);
        if (config.selectsNothing()) {
            throw new ConnectException(label + ": select flows with flowthings.flows, flowthings.paths or"
                + " flowthings.path.prefix");
        }
        HttpTransport transport = FlowthingsConnection.transport(config, HttpObserver.NONE);
        FlowthingsClient client = FlowthingsConnection.client(config, transport, config.getString(
            FlowthingsConnection.URL));
        return new Selection(() -> listFlows(config, client), e -> FlowthingsClient.describe(e)
            + (e.status() == 403 ? ". Check flowthings.account and flowthings.token." : ""), List.of(transport));
    }

    /** The selected flow ids, each as {@code flowId#fingerprint of its path}, sorted. */
    static List<String> listFlows(FlowthingsSourceConfig config, FlowthingsClient client) throws IOException {
        Map<String, String> selected = new TreeMap<>();
        for (String id : config.getList(FlowthingsSourceConfig.FLOWS)) {
            String flowId = id.trim();
            try {
                JsonNode flow = client.flow(flowId);
                selected.put(flowId, flow.path("path").asText(""));
            } catch (HttpStatusException e) {
                if (e.status() != 404) {
                    throw e;
                }
                log.warn("flowthings flow {} does not exist (yet); it is left out until it does", flowId);
            }
        }
        for (String p : config.getList(FlowthingsSourceConfig.PATHS)) {
            String path = p.trim();
            JsonNode flow = client.flowByPath(path);
            if (flow == null) {
                log.warn("No flowthings flow at path {} (yet); it is left out until there is one", path);
            } else {
                selected.put(flow.path("id").asText(), path);
            }
        }
        String prefix = config.getString(FlowthingsSourceConfig.PATH_PREFIX);
        if (prefix != null && !prefix.isBlank()) {
            String base = prefix.trim().replaceAll("/+$", "");
            Set<String> seen = new HashSet<>();
            // paged by start until an empty page: a server may cap the limit below what was asked
            for (int start = 0; ; ) {
                List<JsonNode> page = client.flows(null, start, FLOW_PAGE);
                start += page.size();
                for (JsonNode f : page) {
                    String path = f.path("path").asText("");
                    if (path.equals(base) || path.startsWith(base + "/")) {
                        selected.put(f.path("id").asText(), path);
                    }
                    seen.add(f.path("id").asText());
                }
                if (page.isEmpty() || seen.size() > 100_000) {
                    break;
                }
            }
        }
        List<String> out = new ArrayList<>();
        selected.forEach((id, path) -> out.add(id + "#" + Integer.toHexString(path.hashCode())));
        return out;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, String> props = Validators.nonNull(connectorConfigs);
        Validators.crossCheck(config, () -> {
            if (new FlowthingsSourceConfig(props).selectsNothing()) {
                Validators.addError(config, FlowthingsSourceConfig.FLOWS, "Select flows: set flowthings.flows,"
                    + " flowthings.paths or flowthings.path.prefix");
            }
        }, FlowthingsSourceConfig.FLOWS, FlowthingsSourceConfig.PATHS, FlowthingsSourceConfig.PATH_PREFIX);
        FlowthingsConnection.check(config, props);
        if (Validators.noErrors(config, FlowthingsConnection.URL, FlowthingsConnection.TOKEN,
            FlowthingsConnection.ACCOUNT, FlowthingsSourceConfig.PATHS, FlowthingsSourceConfig.FLOWS)) {
            checkFlowsExist(config, props);
        }
        return config;
    }

    /** Each configured path and id names an existing flow; a missing one is reported on its field. */
    private static void checkFlowsExist(Config config, Map<String, String> props) {
        FlowthingsSourceConfig parsed;
        try {
            parsed = new FlowthingsSourceConfig(props);
        } catch (RuntimeException e) {
            return;
        }
        try (HttpTransport t = FlowthingsConnection.probeTransport(props)) {
            FlowthingsClient client = FlowthingsConnection.client(parsed, t, parsed.getString(
                FlowthingsConnection.URL));
            for (String p : parsed.getList(FlowthingsSourceConfig.PATHS)) {
                if (client.flowByPath(p.trim()) == null) {
                    Validators.addError(config, FlowthingsSourceConfig.PATHS, "No flow at path " + p.trim()
                        + " in account " + client.account() + ". Check the path (it starts with /<account>/).");
                }
            }
            for (String id : parsed.getList(FlowthingsSourceConfig.FLOWS)) {
                try {
                    client.flow(id.trim());
                } catch (HttpStatusException e) {
                    if (e.status() == 404 || e.status() == 400) {
                        Validators.addError(config, FlowthingsSourceConfig.FLOWS, "No flow with id " + id.trim()
                            + " (" + FlowthingsClient.describe(e) + ")");
                    }
                }
            }
        } catch (IOException e) {
            // the connectivity check reported what is wrong with the connection
        }
    }

    @Override
    protected void checkStreamId(String streamId) {
        if (!streamId.matches("f[0-9a-f]{24}")) {
            throw new IllegalArgumentException("'" + streamId + "' is not a flowthings flow id (f and 24 hex digits)");
        }
    }
}
