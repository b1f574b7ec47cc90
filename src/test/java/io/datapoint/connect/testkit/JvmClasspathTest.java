package io.datapoint.connect.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmClasspathTest {

    private static final Path ROOT = Path.of("/work/project");
    private static final String M2 = "/root/.m2/repository";

    @Test
    void keepsKafkaAndJacksonButDropsProjectOutputPluginLibrariesAndTestJars() {
        List<String> entries = List.of(
                "/work/project/target/test-classes",
                "/work/project/target/classes",
                "/work/project/target/kafka-connect-datapoint-0.1.0-SNAPSHOT.jar",
                M2 + "/org/apache/kafka/connect-runtime/4.3.1/connect-runtime-4.3.1.jar",
                M2 + "/org/apache/kafka/connect-runtime/4.3.1/connect-runtime-4.3.1-test.jar",
                M2 + "/com/fasterxml/jackson/core/jackson-databind/2.22.4/jackson-databind-2.22.4.jar",
                M2 + "/com/squareup/okhttp3/okhttp-jvm/5.5.1/okhttp-jvm-5.5.1.jar",
                M2 + "/com/squareup/okio/okio-jvm/3.18.1/okio-jvm-3.18.1.jar",
                M2 + "/org/jetbrains/kotlin/kotlin-stdlib/2.1.21/kotlin-stdlib-2.1.21.jar",
                M2 + "/dev/failsafe/failsafe/3.3.2/failsafe-3.3.2.jar",
                M2 + "/org/junit/jupiter/junit-jupiter-api/5.14.4/junit-jupiter-api-5.14.4.jar",
                M2 + "/org/slf4j/slf4j-simple/2.0.17/slf4j-simple-2.0.17.jar");

        List<String> kept = JvmClasspath.filter(entries, ROOT);

        assertEquals(List.of(
                M2 + "/org/apache/kafka/connect-runtime/4.3.1/connect-runtime-4.3.1.jar",
                M2 + "/com/fasterxml/jackson/core/jackson-databind/2.22.4/jackson-databind-2.22.4.jar",
                M2 + "/org/slf4j/slf4j-simple/2.0.17/slf4j-simple-2.0.17.jar"), kept);
    }

    @Test
    void theRunningTestJvmYieldsAClasspathWithTheBrokerAndWorkerMains() {
        String classpath = JvmClasspath.forChildJvm();

        assertEquals(true, classpath.contains("kafka_2.13-"), "broker jar");
        assertEquals(true, classpath.contains("connect-runtime-"), "worker jar");
        assertEquals(false, classpath.contains("okhttp"), "plugin library left out");
    }
}
