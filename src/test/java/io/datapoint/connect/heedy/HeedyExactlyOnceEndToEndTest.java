package io.datapoint.connect.heedy;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;
import static io.datapoint.connect.heedy.HeedyEndToEnd.times;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datapoint.connect.heedy.sim.Datapoint;
import io.datapoint.connect.heedy.sim.HeedySimulator;
import io.datapoint.connect.testkit.ConnectCluster;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The heedy source on workers with exactly-once source support: a worker restart repeats nothing. */
class HeedyExactlyOnceEndToEndTest {

    private static HeedySimulator heedy;
    private static ConnectCluster cluster;

    @BeforeAll
    static void start() {
        heedy = HeedySimulator.start();
        String token = heedy.createApp("carol", false);
        cluster = ConnectCluster.builder("heedy-eos").exactlyOnce(true).env("HEEDY_URL", heedy.baseUrl())
            .env("HEEDY_TOKEN", token).start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (heedy != null) {
            heedy.close();
        }
    }

    @Test
    void aWorkerStoppedMidBackfillAndRestartedDeliversEveryPointExactlyOnce() {
        String id = heedy.createTimeseries("carol", null, "eos", null, "eos",
            HeedyClient.JSON.createObjectNode().put("type", "number"));
        heedy.preload(id, 6000, 1_650_000_000, 1);
        heedy.delayNext(1000, Duration.ofMillis(40), "/api/objects/" + id + "/timeseries");
        cluster.deployProjectConnector("heedy-source.json", "eos", overrides("heedy.tags", "eos", "topic.template", "eos",
            "batch.size", "100", "exactly.once.support", "required"));
        cluster.consumeCommitted("eos", 1500);
        cluster.removeWorker();
        cluster.addWorker();
        heedy.clearFaults();
        await().atMost(Duration.ofSeconds(90)).until(() -> cluster.topics().count("eos") >= 6000);
        List<ConsumerRecord<byte[], byte[]>> committed = cluster.consumeCommitted("eos", 6000);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
            .until(() -> cluster.consumeCommitted("eos", 6000).size() == 6000);
        assertEquals(heedy.data(id).stream().map(Datapoint::t).toList(), times(committed),
            "every point exactly once, in order");
        System.out.printf("heedy worker restart mid-backfill (exactly once): %d committed records for 6000 points%n",
            committed.size());
    }
}
