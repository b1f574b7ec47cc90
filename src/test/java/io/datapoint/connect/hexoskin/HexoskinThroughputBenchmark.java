package io.datapoint.connect.hexoskin;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;

import io.datapoint.connect.hexoskin.sim.HexoskinSimulator;
import io.datapoint.connect.testkit.ConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backfill throughput of the Hexoskin source through an embedded broker and worker with exactly-once support
 * ({@code ./mvnw -Pbenchmark verify}). Prints numbers; asserts only that everything arrived.
 */
class HexoskinThroughputBenchmark {

    private static final long T0 = 1_704_067_200L * 256;
    private static final int[] TYPES = {19, 33, 49};
    private static final String[] NAMES = {"heart_rate", "breathing_rate", "activity"};
    private static final int USERS = 2;
    private static final int RECORDS = 6;
    private static final int PER_RECORD = 3600;
    private static HexoskinSimulator sim;
    private static ConnectCluster cluster;
    private static final long[] users = new long[USERS];

    @BeforeAll
    static void start() {
        sim = HexoskinSimulator.start();
        long me = sim.createUser("me@example.com", "pw");
        sim.apiKey("k", "s");
        for (int u = 0; u < USERS; u++) {
            users[u] = sim.createUser("u" + u + "@example.com", "pw");
            sim.share(me, users[u]);
            for (int r = 0; r < RECORDS; r++) {
                sim.syncRecord(users[u], T0 + r * 2L * 3600 * 256, 256, PER_RECORD, TYPES, (d, i) -> 60.0 + i % 50);
            }
        }
        cluster = ConnectCluster.builder("hexoskin-bench").exactlyOnce(true).env("HEXOSKIN_URL", sim.baseUrl())
            .env("HEXOSKIN_API_KEY", "k").env("HEXOSKIN_API_SECRET", "s").env("HEXOSKIN_USERNAME", "me@example.com")
            .env("HEXOSKIN_PASSWORD", "pw").start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
        sim.close();
    }

    @Test
    void backfill() {
        int total = USERS * TYPES.length * RECORDS * PER_RECORD;
        long t0 = System.nanoTime();
        cluster.deployProjectConnector("hexoskin-source.json", "bench", overrides("hexoskin.users",
            users[0] + "," + users[1], "tasks.max", "2", "topic.template", "bench.${user}.${datatype}"));
        for (long u : users) {
            for (String n : NAMES) {
                cluster.consumeCommitted("bench." + u + "." + n, RECORDS * PER_RECORD);
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("hexoskin backfill benchmark: %d samples (%d users x %d datatypes x %d records of %d)"
            + " in %.2f s from deployment: %.0f samples/s, exactly-once on, 2 tasks%n", total, USERS,
            TYPES.length, RECORDS, PER_RECORD, s, total / s);
    }
}
