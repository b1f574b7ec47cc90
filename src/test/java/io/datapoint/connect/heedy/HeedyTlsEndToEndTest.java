package io.datapoint.connect.heedy;

import static io.datapoint.connect.testkit.ConnectCluster.overrides;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datapoint.connect.core.config.HttpConfig;
import io.datapoint.connect.heedy.sim.HeedySimulator;
import io.datapoint.connect.testkit.ConnectCluster;
import io.datapoint.connect.testkit.ConnectRestClient;
import io.datapoint.connect.testkit.ConnectorJson;
import io.datapoint.connect.testkit.ProjectPaths;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * heedy served over https by a certificate from a private CA, as a self-hosted server often is: a worker that does
 * not trust the CA refuses the server with a message that says how to trust it; with the trust store settings the
 * source validates and runs (REST and the wss event socket); host names are verified even then.
 */
class HeedyTlsEndToEndTest {

    private static final String STORE_PASSWORD = "changeit-123";

    @TempDir
    static Path dir;

    private static HeedySimulator heedy;
    private static ConnectCluster cluster;
    private static String token;
    private static Path trustStore;

    @BeforeAll
    static void start() throws Exception {
        HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("Test CA").build();
        // the certificate names localhost only, so https://127.0.0.1 fails hostname verification
        HeldCertificate server = new HeldCertificate.Builder().addSubjectAlternativeName("localhost")
            .signedBy(ca).build();
        heedy = HeedySimulator.startHttps(new HandshakeCertificates.Builder().heldCertificate(server)
            .build().sslSocketFactory());
        token = heedy.createApp("alice", false);
        trustStore = dir.resolve("heedy-ca.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, STORE_PASSWORD.toCharArray());
        store.setCertificateEntry("heedy-ca", ca.certificate());
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            store.store(out, STORE_PASSWORD.toCharArray());
        }
        cluster = ConnectCluster.builder("heedy-tls").env("HEEDY_URL", "https://localhost:" + heedy.port())
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

    private static Map<String, String> trusting(String... more) {
        Map<String, String> settings = new HashMap<>(overrides(HttpConfig.TRUSTSTORE_LOCATION, trustStore.toString(),
            HttpConfig.TRUSTSTORE_PASSWORD, STORE_PASSWORD, HttpConfig.TRUSTSTORE_TYPE, "PKCS12"));
        settings.putAll(overrides(more));
        return settings;
    }

    private static ConnectorJson source() {
        return ConnectorJson.load(ProjectPaths.connectorsDir().resolve("heedy-source.json"));
    }

    @Test
    void anUntrustedCertificateIsRefusedWithHowToTrustIt() {
        ConnectRestClient.ConfigValidation refused = cluster.validate(source());
        List<String> errors = refused.errorsFor("heedy.url");
        assertEquals(1, errors.size(), refused.toString());
        assertTrue(errors.get(0).contains("is not trusted") && errors.get(0).contains(HttpConfig.TRUSTSTORE_LOCATION),
            errors.get(0));
        assertTrue(refused.errorsFor("heedy.token").isEmpty(), refused.toString());
    }

    @Test
    void withTheTrustStoreTheSourceValidatesAndReadsOverHttpsAndWss() {
        assertEquals(0, cluster.validate(source().with(trusting())).errorCount());
        String id = heedy.createTimeseries("alice", null, "tls", null, "tls",
            HeedyClient.JSON.createObjectNode().put("type", "number"));
        heedy.preload(id, 20, 1_700_000_000, 1);
        cluster.deployProjectConnector("heedy-source.json", "tls", trusting("heedy.tags", "tls",
            "topic.template", "tls.${name}"));
        List<ConsumerRecord<byte[], byte[]>> records = cluster.consume("tls.tls", 20);
        assertEquals(20, records.size());
        // a point written now arrives through the event socket (wss) or the next poll
        heedy.preload(id, 1, System.currentTimeMillis() / 1000.0, 1);
        assertEquals(21, cluster.consume("tls.tls", 21).size());
        cluster.rest().delete("tls");
    }

    @Test
    void hostNamesAreVerifiedEvenWithTheTrustStore() {
        ConnectRestClient.ConfigValidation wrongName = cluster.validate(source().with(trusting(
            "heedy.url", "https://127.0.0.1:" + heedy.port())));
        List<String> errors = wrongName.errorsFor("heedy.url");
        assertEquals(1, errors.size(), wrongName.toString());
        assertTrue(errors.get(0).contains("does not name its host"), errors.get(0));
    }
}
