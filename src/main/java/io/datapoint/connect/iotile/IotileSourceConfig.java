package io.datapoint.connect.iotile;

import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.source.SourceEngineSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of {@link IotileSourceConnector}. */
public final class IotileSourceConfig extends AbstractConfig {

    static final String STREAMS_GROUP = SourceCommonConfig.STREAMS_GROUP;
    static final String DELIVERY = SourceCommonConfig.DELIVERY_GROUP;
    static final String FORMAT = SourceCommonConfig.FORMAT_GROUP;

    public static final String STREAMS = "iotile.streams";
    public static final String PROJECTS = "iotile.projects";
    public static final String DEVICES = "iotile.devices";
    public static final String START_POSITION = "start.position";
    public static final String SETTLE_MS = "iotile.settle.ms";
    public static final String OUTPUT_UNITS = "iotile.output.units";

    static final List<String> TOPIC_PLACEHOLDERS = List.of("stream", "project", "device", "variable");

    public static final ConfigDef CONFIG_DEF = define();

    public IotileSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef define() {
        ConfigDef def = IotileConnection.define(new ConfigDef());
        int s = 0;
        def.define(STREAMS, Type.LIST, "", slugValidator("a list of stream slugs", IotileSlug::stream), Importance.HIGH,
                "Stream slugs to read, e.g. s--0000-0005--0000-0000-0000-000a--5001 (short forms such as"
                    + " s--5--a--5001 are padded). Combined with iotile.projects and iotile.devices; at least one of"
                    + " the three must be set.", STREAMS_GROUP, ++s, Width.LONG, "Stream slugs")
            .define(PROJECTS, Type.LIST, "", slugValidator("a list of project slugs", IotileSlug::project), Importance.HIGH,
                "Read every stream of these projects (p--0000-0005), as IOTile lists them (streams of active"
                    + " devices and project-level streams). Listed again on the discovery interval.",
                STREAMS_GROUP, ++s, Width.LONG, "Project slugs")
            .define(DEVICES, Type.LIST, "", slugValidator("a list of device slugs", IotileSlug::device), Importance.HIGH,
                "Read every stream of these devices (d--0000-0000-0000-000a). Listed again on the discovery"
                    + " interval.", STREAMS_GROUP, ++s, Width.LONG, "Device slugs");
        SourceCommonConfig.defineDiscoveryInterval(def, STREAMS_GROUP, ++s, "How often projects and devices are"
            + " listed again; new streams start flowing and removed ones stop without a restart.");
        int d = 0;
        def.define(START_POSITION, Type.STRING, "earliest", ConfigDef.ValidString.in("earliest", "latest"),
                Importance.HIGH,
                "Where a stream with no stored offset starts: earliest (every reading) or latest (device readings"
                    + " with higher ids than now and API-written readings from now on).", DELIVERY, ++d,
                Width.SHORT, "Start position")
            .define(SETTLE_MS, Type.LONG, 5_000L, Range.between(0, 3_600_000), Importance.LOW,
                "Readings written through the API are read up to a whole second this far behind now, so that a"
                    + " second still being written is not cut in half (the API returns whole seconds).",
                DELIVERY, ++d, Width.SHORT, "Settle time (ms)");
        SourceCommonConfig.definePollInterval(def, DELIVERY, ++d, 10_000L, "How often a caught-up stream is read"
            + " again.");
        SourceCommonConfig.definePollIdleMax(def, DELIVERY, ++d);
        def.define(SourceCommonConfig.BATCH_SIZE, Type.INT, 1_000, Range.between(1, IotileClient.MAX_DATA_PAGE),
            Importance.LOW, "Most readings asked for in one read (a page of /api/v1/data/; the server allows 10000).",
            DELIVERY, ++d, Width.SHORT, "Batch size");
        SourceCommonConfig.defineBufferMaxRecords(def, DELIVERY, ++d);
        int f = 0;
        SourceCommonConfig.defineTopicTemplate(def, FORMAT, ++f, "iotile.${stream}", TOPIC_PLACEHOLDERS,
            "The topic of each stream, with placeholders ${stream}, ${project}, ${device} and ${variable} (slugs);"
                + " characters Kafka does not allow become '_'.");
        def.define(OUTPUT_UNITS, Type.BOOLEAN, false, Importance.MEDIUM,
            "Convert value to the stream's output unit (as IOTile's output_value) and name the unit in the record;"
                + " else value is in the variable type's internal units.", FORMAT, ++f, Width.SHORT,
            "Output units");
        return SourceCommonConfig.defineTaskStreams(def);
    }

    private static ConfigDef.Validator slugValidator(String description, UnaryOperator<String> parse) {
        return Validators.described(description, value -> ((List<?>) value).forEach(v -> parse.apply(v.toString())));
    }

    /** The configured slugs of one list, normalised. */
    List<String> slugs(String key, UnaryOperator<String> parse) {
        List<String> out = new ArrayList<>();
        getList(key).forEach(v -> out.add(parse.apply(v)));
        return out;
    }

    boolean selectsNothing() {
        return getList(STREAMS).isEmpty() && getList(PROJECTS).isEmpty() && getList(DEVICES).isEmpty();
    }

    SourceEngineSettings engineSettings() {
        return SourceCommonConfig.engineSettings(this, Duration.ofSeconds(30));
    }
}
