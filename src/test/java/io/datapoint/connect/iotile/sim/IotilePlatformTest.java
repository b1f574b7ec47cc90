package io.datapoint.connect.iotile.sim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quickstart's IOTile platform: history, live readings in every stream, and the env the JSON files use. */
class IotilePlatformTest {

    @Test
    void startsWithHistoryAndKeepsWritingLiveReadings() {
        try (IotilePlatform platform = new IotilePlatform()) {
            platform.start();
            Map<String, String> env = platform.env();
            assertEquals(IotilePlatform.EMAIL, env.get("IOTILE_EMAIL"));
            assertTrue(env.get("IOTILE_URL").startsWith("http://127.0.0.1:"));
            assertEquals("iotile", platform.name());
            IotileSimulator sim = platform.simulator();
            int before = sim.data(IotilePlatform.DEVICE_STREAMS[0]).size();
            assertTrue(before >= 3600);
            await().atMost(Duration.ofSeconds(10)).until(() -> sim.data(IotilePlatform.DEVICE_STREAMS[0]).size() > before
                && sim.data(IotilePlatform.API_STREAM).size() >= 3);
        }
    }
}
