package io.datapoint.connect.hexoskin;

import io.datapoint.connect.core.config.SourceCommonConfig;
import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.source.SourceEngineSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of {@link HexoskinSourceConnector}. */
public final class HexoskinSourceConfig extends AbstractConfig {

    static final String STREAMS_GROUP = SourceCommonConfig.STREAMS_GROUP;
    static final String DELIVERY = SourceCommonConfig.DELIVERY_GROUP;
    static final String FORMAT = SourceCommonConfig.FORMAT_GROUP;

    public static final String USERS = "hexoskin.users";
    public static final String DATATYPES = "hexoskin.datatypes";
    public static final String MAX_VALUES = "data.max.values";
    public static final String START_POSITION = "start.position";

    static final String SELF = "self";
    static final String ALL = "all";

    static final List<String> TOPIC_PLACEHOLDERS = List.of("user", "datatype", "datatype_id");

    public static final ConfigDef CONFIG_DEF = define();

    public HexoskinSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef define() {
        ConfigDef def = HexoskinConnection.define(new ConfigDef());
        int s = 0;
        def.define(USERS, Type.LIST, SELF, Validators.described("self, all, or a list of user ids",
                value -> users((List<?>) value)), Importance.HIGH,
                "Whose data to read: self (the account the credential logs in as), all (every user the account can"
                    + " see, e.g. a study's subjects; listed again on the discovery interval), or a list of user"
                    + " ids.", STREAMS_GROUP, ++s, Width.LONG, "Users")
            .define(DATATYPES, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Validators.described("a non-empty list of"
                    + " datatype ids or names", value -> {
                    if (((List<?>) value).isEmpty()) {
                        throw new IllegalArgumentException("list at least one datatype");
                    }
                }), Importance.HIGH,
                "The datatypes to read, by id (19) or name (heart_rate, breathing_rate, minute_ventilation,"
                    + " activity, cadence, ...); names are resolved against the server's datatype list. Each"
                    + " (user, datatype) is one stream with its own offset.", STREAMS_GROUP, ++s, Width.LONG,
                "Datatypes");
        SourceCommonConfig.defineDiscoveryInterval(def, STREAMS_GROUP, ++s, "How often the users are listed again"
            + " (with hexoskin.users=all).");
        int d = 0;
        def.define(START_POSITION, Type.STRING, "earliest", ConfigDef.ValidString.in("earliest", "latest"),
                Importance.HIGH,
                "Where a stream with no stored offset starts: earliest (every record of the user) or latest"
                    + " (records created or modified from now on, with all their samples).", DELIVERY, ++d,
                Width.SHORT, "Start position")
            .define(MAX_VALUES, Type.INT, 65_535, Range.atLeast(2), Importance.LOW,
                "The server's cap on values per datatype in one data answer; Hexoskin documents both 65536 and"
                    + " 65535, and the lower is the safe choice. Reads are windowed below it, and a window whose"
                    + " answer reaches it (it may have been subsampled) is split, so nothing is subsampled.",
                DELIVERY, ++d, Width.SHORT, "Values per answer cap");
        SourceCommonConfig.definePollInterval(def, DELIVERY, ++d, 60_000L, "How often the change feed (records"
            + " modified since the watermark) is read again once a stream is caught up.");
        SourceCommonConfig.definePollIdleMax(def, DELIVERY, ++d);
        SourceCommonConfig.defineBatchSize(def, DELIVERY, ++d, "Most samples gathered in one read of a stream (a"
            + " data window may overshoot it).");
        SourceCommonConfig.defineBufferMaxRecords(def, DELIVERY, ++d);
        int f = 0;
        SourceCommonConfig.defineTopicTemplate(def, FORMAT, ++f, "hexoskin.${user}.${datatype}", TOPIC_PLACEHOLDERS,
            "The topic of each stream, with placeholders ${user} (user id), ${datatype} (datatype name) and"
                + " ${datatype_id}; characters Kafka does not allow become '_'.");
        SourceCommonConfig.defineTaskStreams(def);
        return def;
    }

    /** Checks the users list: self, all, or ids. */
    static void users(List<?> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("set self, all or user ids");
        }
        for (Object u : users) {
            String s = u.toString().trim();
            if ((s.equals(SELF) || s.equals(ALL)) && users.size() > 1) {
                throw new IllegalArgumentException("'" + s + "' cannot be combined with other entries");
            }
            if (!s.equals(SELF) && !s.equals(ALL) && !s.matches("[0-9]+")) {
                throw new IllegalArgumentException("'" + s + "' is not a user id (digits), self or all");
            }
        }
    }

    SourceEngineSettings engineSettings() {
        return SourceCommonConfig.engineSettings(this, Duration.ofSeconds(60));
    }
}
