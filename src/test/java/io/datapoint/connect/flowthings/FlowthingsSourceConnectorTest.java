package io.datapoint.connect.flowthings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.source.SourcePartitions;
import io.datapoint.connect.flowthings.sim.FlowthingsSimulator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Flow selection by id, path and prefix, listed again as flows come and go; offsets checked on alteration. */
class FlowthingsSourceConnectorTest {

    private FlowthingsSimulator sim;
    private HttpTransport transport;
    private FlowthingsClient client;

    @BeforeEach
    void start() {
        sim = FlowthingsSimulator.start();
        sim.createAccount("alice", "tok");
        transport = new HttpTransport(HttpSettings.defaults(), List.of(new FlowthingsConnection.TokenHeader(
            new Password("tok"))), HttpObserver.NONE);
        client = new FlowthingsClient(sim.apiUrl(), sim.wsUrl(), "4.0", "alice", transport);
    }

    @AfterEach
    void stop() {
        transport.close();
        sim.close();
    }

    private FlowthingsSourceConfig config(String... kv) {
        Map<String, String> props = new HashMap<>(Map.of("flowthings.url", sim.apiUrl(), "flowthings.account",
            "alice", "flowthings.token", "tok"));
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        return new FlowthingsSourceConfig(props);
    }

    private static List<String> ids(List<String> entries) {
        return entries.stream().map(e -> e.substring(0, e.indexOf('#'))).toList();
    }

    @Test
    void aPrefixSelectsTheFlowsBelowItAsTheyComeAndGo() throws Exception {
        String a = sim.createFlow("alice", "/alice/sensors/a");
        sim.createFlow("alice", "/alice/sensorsX/b"); // a sibling that only shares the prefix text
        sim.createFlow("alice", "/alice/other");
        for (int i = 0; i < 25; i++) {
            sim.createFlow("alice", "/alice/filler/" + i); // more than one page of flows
        }
        FlowthingsSourceConfig config = config("flowthings.path.prefix", "/alice/sensors");
        assertEquals(List.of(a), ids(FlowthingsSourceConnector.listFlows(config, client)));
        String c = sim.createFlow("alice", "/alice/sensors/deep/c");
        assertEquals(List.of(a, c).stream().sorted().toList(), ids(FlowthingsSourceConnector.listFlows(config,
            client)));
        sim.deleteFlow(a);
        assertEquals(List.of(c), ids(FlowthingsSourceConnector.listFlows(config, client)));
    }

    @Test
    void idsAndPathsAreResolvedAndMissingOnesLeftOut() throws Exception {
        String a = sim.createFlow("alice", "/alice/a");
        String b = sim.createFlow("alice", "/alice/b");
        FlowthingsSourceConfig config = config("flowthings.flows", a + ",f000000000000000000000000",
            "flowthings.paths", "/alice/b,/alice/missing");
        assertEquals(List.of(a, b).stream().sorted().toList(), ids(FlowthingsSourceConnector.listFlows(config,
            client)));
    }

    @Test
    void alteredOffsetsMustNameAFlowAndHaveTheCursorShape() {
        FlowthingsSourceConnector connector = new FlowthingsSourceConnector();
        Map<String, Object> partition = SourcePartitions.of("flowthings", "http://x/alice", "f0123456789abcdef01234567",
            1);
        connector.alterOffsets(Map.of(), Map.of(partition, Map.of("ts", 5L, "ids", "")));
        assertThrows(ConnectException.class, () -> connector.alterOffsets(Map.of(), Map.of(partition,
            Map.of("ids", ""))));
        Map<String, Object> wrong = SourcePartitions.of("flowthings", "http://x/alice", "/alice/a", 1);
        assertThrows(ConnectException.class, () -> connector.alterOffsets(Map.of(), Map.of(wrong,
            Map.of("ts", 5L))));
    }
}
