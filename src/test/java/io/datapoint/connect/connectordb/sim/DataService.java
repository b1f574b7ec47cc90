package io.datapoint.connect.connectordb.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The insert pipeline shared by REST, the websocket and the simulator's Java API, in the server's order: find the
 * stream, pick the target (downlink for non-owners of a downlink stream) and set {@code o}, check permission, fill
 * zero timestamps with now, check the schema, check order within the batch, then append (or restamp) atomically
 * unless the stream is ephemeral, then publish the batch as sent (pre-restamp) to subscribers.
 */
final class DataService {
    static final String SCHEMA_MISMATCH = "At least one datapoint did not conform to the stream's schema";
    static final String NOT_ORDERED = "Timestamps are not ordered!";

    private final Registry registry;
    private final Access access;
    private final WebsocketHub hub;
    private final DoubleSupplier clock;

    DataService(Registry registry, Access access, WebsocketHub hub, DoubleSupplier clock) {
        this.registry = registry;
        this.access = access;
        this.hub = hub;
        this.clock = clock;
    }

    void insert(Actor actor, String user, String device, String stream, List<Datapoint> points, boolean restamp) {
        SimStream s = registry.requireStream(user, device, stream);
        Access.Target target = access.writeTarget(actor, s);
        boolean owner = actor.path().equals(s.devicePath());
        insertInto(s, target == Access.Target.DOWNLINK, points, owner ? null : actor.path(), restamp);
    }

    /** Runs the checks and the append for an already chosen target; {@code origin} is the {@code o} to set. */
    void insertInto(SimStream s, boolean downlink, List<Datapoint> points, String origin, boolean restamp) {
        double now = clock.getAsDouble();
        List<Datapoint> batch = new ArrayList<>(points.size());
        for (Datapoint p : points) {
            batch.add(new Datapoint(p.t() == 0 ? now : p.t(), p.d(), origin));
        }
        StreamSchema schema = s.schema();
        for (Datapoint p : batch) {
            if (!schema.accepts(p.d())) {
                throw SimError.op(SCHEMA_MISMATCH);
            }
        }
        for (int i = 1; i < batch.size(); i++) {
            if (batch.get(i).t() < batch.get(i - 1).t()) {
                throw SimError.op(NOT_ORDERED);
            }
        }
        if (!s.ephemeral()) {
            s.log(downlink).append(batch, restamp);
        }
        hub.publish(downlink ? s.path() + "/downlink" : s.path(), batch);
    }
}
