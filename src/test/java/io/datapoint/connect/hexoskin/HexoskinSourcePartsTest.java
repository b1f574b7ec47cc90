package io.datapoint.connect.hexoskin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.source.SourcePartitions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.junit.jupiter.api.Test;

class HexoskinSourcePartsTest {

    private final HexoskinDatatypes datatypes = new HexoskinDatatypes(List.of(new HexoskinDatatype(19, "heart_rate",
        1.0), new HexoskinDatatype(33, "breathing_rate", 1.0), new HexoskinDatatype(18, "rr_interval", null)));

    @Test
    void datatypesResolveByIdOrNameCaseInsensitivelyWithoutRepeats() {
        assertEquals(List.of(19, 33, 18), datatypes.resolve(List.of("heart_rate", " 33", "RR_Interval", "19"))
            .stream().map(HexoskinDatatype::id).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> datatypes.resolve(List.of("heart_rat", "4242")));
        assertTrue(e.getMessage().contains("heart_rat") && e.getMessage().contains("4242"), e.getMessage());
    }

    @Test
    void ticksBecomeMillisecondsRoundedDown() {
        assertEquals(1_704_067_200_000L, HexoskinRecords.millis(1_704_067_200L * 256, 256));
        assertEquals(1_704_067_200_003L, HexoskinRecords.millis(1_704_067_200L * 256 + 1, 256));
        assertEquals(1_500L, HexoskinRecords.millis(1_500, 1000));
    }

    @Test
    void alterOffsetsAcceptsThisShapeAndRefusesOthers() {
        HexoskinSourceConnector c = new HexoskinSourceConnector();
        assertEquals(ExactlyOnceSupport.SUPPORTED, c.exactlyOnceSupport(Map.of()));
        Map<String, Object> partition = SourcePartitions.of("hexoskin", "http://h", "1511/19", 1);
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(partition, Map.of("wm", "2024-05-01T00:00:00+00:00"));
        assertTrue(c.alterOffsets(Map.of(), offsets));
        offsets.put(partition, null);
        assertTrue(c.alterOffsets(Map.of(), offsets), "null resets");
        offsets.put(SourcePartitions.of("hexoskin", "http://h", "heart_rate", 1), Map.of());
        assertThrows(ConnectException.class, () -> c.alterOffsets(Map.of(), offsets));
        Map<Map<String, ?>, Map<String, ?>> bad = Map.of(partition, Map.of("t", "x", "rec", 1));
        assertThrows(ConnectException.class, () -> c.alterOffsets(Map.of(), bad));
    }

    @Test
    void usersAreSelfAllOrIds() {
        HexoskinSourceConfig.users(List.of("self"));
        HexoskinSourceConfig.users(List.of("12", "13"));
        assertThrows(IllegalArgumentException.class, () -> HexoskinSourceConfig.users(List.of("all", "12")));
        assertThrows(IllegalArgumentException.class, () -> HexoskinSourceConfig.users(List.of("ann")));
    }

    @Test
    void usersResolveToTheAccountEveryVisibleUserOrTheListedIds() throws Exception {
        io.datapoint.connect.hexoskin.sim.HexoskinSimulator sim = io.datapoint.connect.hexoskin.sim.HexoskinSimulator
            .start();
        try {
            long ann = sim.createUser("ann@example.com", "pw");
            List<Long> others = new java.util.ArrayList<>();
            for (int i = 0; i < 25; i++) {
                long u = sim.createUser("u" + i + "@example.com", "pw");
                others.add(u);
                sim.share(ann, u);
            }
            sim.createUser("hidden@example.com", "pw");
            sim.apiKey("k", "s");
            try (io.datapoint.connect.core.http.HttpTransport t = new io.datapoint.connect.core.http.HttpTransport(
                io.datapoint.connect.core.http.HttpSettings.builder().maxRetries(0).build(), List.of(new HexoskinSigner(
                    "k", new org.apache.kafka.common.config.types.Password("s"), "ann@example.com",
                    new org.apache.kafka.common.config.types.Password("pw"))),
                io.datapoint.connect.core.http.HttpObserver.NONE)) {
                HexoskinClient client = new HexoskinClient(sim.baseUrl(), t);
                assertEquals(List.of(ann), HexoskinSourceConnector.users(client, List.of("self")));
                List<Long> all = HexoskinSourceConnector.users(client, List.of("all"));
                assertEquals(26, all.size(), "every visible user, and no other");
                assertTrue(all.containsAll(others) && all.contains(ann));
                assertEquals(List.of(7L, 9L), HexoskinSourceConnector.users(client, List.of("7", " 9", "7")));
            }
        } finally {
            sim.close();
        }
    }
}
