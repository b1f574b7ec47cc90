package io.datapoint.connect.hexoskin;

import io.datapoint.connect.core.config.Validators;
import io.datapoint.connect.core.http.HttpObserver;
import io.datapoint.connect.core.source.DiscoveringSourceConnector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Streams chosen Hexoskin datatypes of chosen users into Kafka: one stream per (user, datatype), read through the
 * record change feed so samples of records that sync late are delivered too, each exactly once with exactly-once
 * support on. The users (with {@code hexoskin.users=all}) are listed again on a schedule, and the streams are spread
 * over the tasks.
 */
public final class HexoskinSourceConnector extends DiscoveringSourceConnector {

    public HexoskinSourceConnector() {
        super(new Platform("Hexoskin", HexoskinRecords.PLATFORM, "streams", HexoskinSourceConfig.CONFIG_DEF,
            HexoskinSourceTask.class, new HexoskinOffsets()));
    }

    @Override
    protected Selection select(Map<String, String> props, String label) {
        HexoskinSourceConfig config = new HexoskinSourceConfig(props);
        HexoskinConnection.Transports transports = HexoskinConnection.transport(config, HttpObserver.NONE);
        HexoskinClient client = new HexoskinClient(config.getString(HexoskinConnection.URL), transports.api());
        return new Selection(() -> listStreams(config, client, label), e -> HexoskinClient.credentialProblem(e) != null
            ? HexoskinClient.credentialProblem(e) : HexoskinClient.describe(e), List.of(transports));
    }

    /** Every selected (user, datatype) as {@code user/datatype id}, sorted. */
    private static List<String> listStreams(HexoskinSourceConfig config, HexoskinClient client, String label)
        throws IOException {
        List<HexoskinDatatype> datatypes;
        try {
            datatypes = new HexoskinDatatypes(client.datatypes()).resolve(config.getList(HexoskinSourceConfig
                .DATATYPES));
        } catch (IllegalArgumentException e) {
            throw new ConnectException(label + ": " + e.getMessage() + " (hexoskin.datatypes)", e);
        }
        List<String> out = new ArrayList<>();
        for (long user : users(client, config.getList(HexoskinSourceConfig.USERS))) {
            for (HexoskinDatatype d : datatypes) {
                out.add(HexoskinRecords.streamId(user, d.id()));
            }
        }
        out.sort(null);
        return out;
    }

    /** The configured users as ids: the account's own, every visible user, or the listed ids. */
    static List<Long> users(HexoskinClient client, List<String> users) throws IOException {
        List<String> u = users.stream().map(String::trim).toList();
        if (u.equals(List.of(HexoskinSourceConfig.SELF))) {
            return List.of(client.accountId());
        }
        if (u.equals(List.of(HexoskinSourceConfig.ALL))) {
            return client.userIds();
        }
        return u.stream().map(Long::parseLong).distinct().toList();
    }

    /** Checks the credentials, then resolves the datatype names against the server's list (errors on the field). */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = HexoskinConnection.check(super.validate(connectorConfigs), connectorConfigs);
        if (!Validators.noErrors(config, HexoskinConnection.URL, HexoskinConnection.API_KEY,
            HexoskinConnection.API_SECRET, HexoskinConnection.USERNAME, HexoskinConnection.PASSWORD,
            HexoskinConnection.CLIENT_ID, HexoskinConnection.CLIENT_SECRET, HexoskinSourceConfig.DATATYPES)) {
            return config;
        }
        Validators.crossCheck(config, () -> {
            HexoskinSourceConfig parsed = new HexoskinSourceConfig(Validators.nonNull(connectorConfigs));
            try (HexoskinConnection.Transports t = HexoskinConnection.probeTransport(
                Validators.nonNull(connectorConfigs))) {
                new HexoskinDatatypes(new HexoskinClient(parsed.getString(HexoskinConnection.URL), t.api())
                    .datatypes()).resolve(parsed.getList(HexoskinSourceConfig.DATATYPES));
            } catch (IllegalArgumentException e) {
                Validators.addError(config, HexoskinSourceConfig.DATATYPES, e.getMessage());
            } catch (IOException e) {
                Validators.addError(config, HexoskinSourceConfig.DATATYPES, "Cannot list Hexoskin's datatypes to"
                    + " check the names: " + e.getMessage());
            }
        }, HexoskinSourceConfig.DATATYPES);
        return config;
    }

    @Override
    protected void checkStreamId(String streamId) {
        HexoskinSourceTask.parseStream(streamId);
    }
}
