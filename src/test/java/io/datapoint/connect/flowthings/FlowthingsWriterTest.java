package io.datapoint.connect.flowthings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.http.HttpSettings;
import io.datapoint.connect.core.http.HttpTransport;
import io.datapoint.connect.core.sink.RejectedBatchException;
import io.datapoint.connect.flowthings.sim.FlowthingsSimulator;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The writer against the simulator: fhash makes rewrites harmless whatever a duplicate answers; refusals. */
class FlowthingsWriterTest {

    private FlowthingsSimulator sim;
    private HttpTransport transport;
    private FlowthingsWriter writer;
    private String flow;

    @BeforeEach
    void start() {
        sim = FlowthingsSimulator.start();
        sim.createAccount("alice", "tok");
        flow = sim.createFlow("alice", "/alice/out");
        transport = new HttpTransport(HttpSettings.builder().maxRetries(3).retryBackoffInitial(Duration.ofMillis(10))
            .build(), List.of(new FlowthingsConnection.TokenHeader(new Password("tok"))), HttpObserver.NONE);
        FlowthingsClient client = new FlowthingsClient(sim.apiUrl(), sim.wsUrl(), "4.0", "alice", transport);
        writer = new FlowthingsWriter("test", client, new FlowthingsSinkConfig(Map.of("flowthings.account", "alice",
            "flowthings.token", "tok", "flowthings.flow.id", flow, "write.parallel.requests", "4")));
    }

    @AfterEach
    void stop() {
        writer.close();
        transport.close();
        sim.close();
    }

    private static List<FlowthingsSinkPoint> points(int from, int n) {
        List<FlowthingsSinkPoint> out = new ArrayList<>();
        for (int k = from; k < from + n; k++) {
            ObjectNode body = FlowthingsClient.JSON.createObjectNode();
            body.putObject("elems").put("k", k);
            body.put("fhash", "t-0-" + k);
            out.add(new FlowthingsSinkPoint(body, "t-0-" + k));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(FlowthingsSimulator.DuplicateFhash.class)
    void aBatchWrittenTwiceStoresEachDropOnceWhateverADuplicateAnswers(FlowthingsSimulator.DuplicateFhash mode)
        throws Exception {
        sim.setDuplicateFhash(mode);
        writer.write("id:" + flow, points(0, 20));
        sim.storeThenDropNext("POST", "/drop/" + flow, 3);
        writer.write("path:/alice/out", points(10, 20)); // overlaps, and three answers are lost
        assertEquals(30, sim.drops(flow).size());
    }

    @Test
    void refusedDropsRejectTheBatchWithTheServersMessage() throws Exception {
        sim.setFlowFilter(flow, "elems.k < 5");
        RejectedBatchException e = assertThrows(RejectedBatchException.class,
            () -> writer.write("id:" + flow, points(3, 4)));
        assertTrue(e.getMessage().contains("does not match the filter"), e.getMessage());
        assertEquals(2, sim.drops(flow).size(), "the others were written");
        sim.setMaxBodyBytes(10);
        assertTrue(assertThrows(RejectedBatchException.class, () -> writer.write("id:" + flow, points(0, 1)))
            .getMessage().contains("413"));
        assertThrows(RejectedBatchException.class, () -> writer.write("path:/alice/none", points(0, 1)));
        assertThrows(RejectedBatchException.class, () -> writer.write("id:f000000000000000000000000", points(0, 1)));
    }

    @Test
    void transientFailuresAreRetriedAndExhaustedRetriesAreNotRefusals() throws Exception {
        sim.failNext("POST", "/drop/" + flow, 2, 503, "0");
        writer.write("id:" + flow, points(0, 1));
        assertEquals(1, sim.drops(flow).size());
        sim.failNext("POST", "/drop/" + flow, 10, 500, null);
        assertThrows(IOException.class, () -> writer.write("id:" + flow, points(1, 1)));
    }
}
