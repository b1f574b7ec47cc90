package io.datapoint.connect.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Connector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every connector in {@code connectors/} whose platform has a simulator, run in a worker process at DEBUG logging,
 * with its secrets (every PASSWORD field, through {@code ${env:...}}) and with wrong secrets of a recognisable shape:
 * no secret appears in the worker log, in the REST answers (config, tasks, status with traces, validate, offsets,
 * a refused creation) or anywhere else the test can read.
 */
class SecretsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private static final List<SimulatedPlatform> platforms = new ArrayList<>();
    private static final Map<String, String> env = new HashMap<>();
    private static KafkaProcesses kafka;

    @BeforeAll
    static void start() throws Exception {
        for (SimulatedPlatform platform : SimulatedPlatforms.discover()) {
            platform.start();
            platforms.add(platform);
            env.putAll(platform.env());
        }
        kafka = KafkaProcesses.builder(ProjectPaths.targetDir().resolve("it-secrets")).logLevel("debug")
            .pluginArchive(ProjectPaths.pluginArchive()).env(env).start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        platforms.forEach(SimulatedPlatform::close);
    }

    /** The connectors whose platform runs here. */
    private static List<ConnectorJson> runnable() {
        Set<String> running = new TreeSet<>();
        platforms.forEach(p -> running.add(p.name()));
        return ConnectorJson.projectConnectors().stream()
            .filter(c -> c.platform().filter(running::contains).isPresent()).toList();
    }

    /** The keys of a connector's PASSWORD fields. */
    private static List<String> passwordKeys(ConnectorJson connector) throws Exception {
        Connector instance = (Connector) Class.forName(connector.connectorClass()).getDeclaredConstructor()
            .newInstance();
        return instance.config().configKeys().values().stream().filter(k -> k.type == ConfigDef.Type.PASSWORD)
            .map(k -> k.name).toList();
    }

    /** Every form a secret could leak in: as it is, and inside an HTTP Basic credential. */
    private static Set<String> forms(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        forms.add(Base64.getEncoder().encodeToString((":" + secret).getBytes(StandardCharsets.UTF_8)));
        return forms;
    }

    @Test
    void noSecretAppearsInTheLogOrAnyRestAnswer() throws Exception {
        List<ConnectorJson> connectors = runnable();
        assertFalse(connectors.isEmpty(), "no connector has a simulator to run against");
        Set<String> secrets = new LinkedHashSet<>();
        List<String> answers = new ArrayList<>();
        for (ConnectorJson connector : connectors) {
            List<String> passwordKeys = passwordKeys(connector);
            Map<String, String> resolved = new LinkedHashMap<>(connector.config());
            Map<String, String> wrong = new LinkedHashMap<>();
            for (String key : passwordKeys) {
                String value = connector.config().get(key);
                if (value == null) {
                    continue;
                }
                Matcher m = ENV_REFERENCE.matcher(value);
                String secret = m.matches() ? env.get(m.group(1)) : value;
                if (secret != null && !secret.isBlank()) {
                    secrets.add(secret);
                    resolved.put(key, secret);
                }
                String bad = "WrongSecret-" + key.replaceAll("\\W", "") + "-" + connector.name();
                secrets.add(bad);
                wrong.put(key, bad);
            }

            // validate with the secrets written out, as a user pasting them would
            answers.add(kafka.rest().validateResponse(connector.connectorClass(), with(resolved, "name",
                connector.name())).toString());
            kafka.rest().deploy(connector);
            kafka.rest().awaitRunning(connector.name(), TIMEOUT);
            answers.add(kafka.rest().get("connectors/" + connector.name()).toString());
            answers.add(kafka.rest().get("connectors/" + connector.name() + "/config").toString());
            answers.add(kafka.rest().get("connectors/" + connector.name() + "/tasks").toString());
            answers.add(kafka.rest().get("connectors/" + connector.name() + "/status").toString());
            answers.add(kafka.rest().get("connectors/" + connector.name() + "/offsets").toString());

            if (!wrong.isEmpty()) {
                // wrong secrets: validate refuses them, and a creation that skips nothing is refused too
                Map<String, String> bad = new LinkedHashMap<>(connector.config());
                bad.putAll(wrong);
                answers.add(kafka.rest().validateResponse(connector.connectorClass(), with(bad, "name",
                    connector.name() + "-wrong")).toString());
                try {
                    kafka.rest().deploy(new ConnectorJson(connector.name() + "-wrong", bad));
                    // created after all (e.g. a credential checked only later): its status and trace count too
                    await().atMost(TIMEOUT).until(() -> kafka.rest().status(connector.name() + "-wrong").isPresent());
                    answers.add(kafka.rest().get("connectors/" + connector.name() + "-wrong/status").toString());
                    kafka.rest().delete(connector.name() + "-wrong");
                } catch (ConnectRestClient.RestException refused) {
                    answers.add(refused.getMessage());
                }
            }
        }
        // the sources have read for a while meanwhile; the log holds their DEBUG lines
        for (ConnectorJson connector : connectors) {
            answers.add(kafka.rest().get("connectors/" + connector.name() + "/status").toString());
            kafka.rest().delete(connector.name());
        }
        assertFalse(secrets.isEmpty(), "the connectors have PASSWORD fields");
        String log = Files.readString(kafka.workerLog(), StandardCharsets.UTF_8);
        assertTrue(log.contains("DEBUG"), "the worker logged at DEBUG");
        for (String secret : secrets) {
            for (String form : forms(secret)) {
                assertFalse(log.contains(form), "the worker log " + kafka.workerLog() + " holds a secret of "
                    + describe(secret));
                for (String answer : answers) {
                    assertFalse(answer.contains(form), "a REST answer holds a secret of " + describe(secret) + ": "
                        + answer);
                }
            }
        }
        System.out.printf("[measure] secrets IT: %d connectors, %d secrets in %d forms, %d REST answers and %d log"
            + " bytes scanned%n", connectors.size(), secrets.size(), secrets.size() * 2, answers.size(),
            Files.size(kafka.workerLog()));
    }

    private static Map<String, String> with(Map<String, String> config, String key, String value) {
        Map<String, String> out = new LinkedHashMap<>(config);
        out.put(key, value);
        return out;
    }

    /** Names a secret without showing it. */
    private static String describe(String secret) {
        return secret.startsWith("WrongSecret-") ? secret : "length " + secret.length();
    }
}
