package io.datapoint.connect.hexoskin;

import io.datapoint.connect.core.sink.RejectedBatchException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The records Hexoskin refused in a batch, kept for the writes of its parts. A refused batch is bisected by the
 * engine until each refused record stands alone; the parts are written again, and without this memory each part
 * holding a refused record would send it again (a bulk request, then one request per object). A part is recognised
 * by being contained in the refused batch; any other batch ends the memory. Only refusals of content (4xx) are
 * kept: the same object is refused again.
 */
final class HexoskinRefusals {

    private final Map<HexoskinSinkPoint, Integer> batch;
    private final Map<HexoskinSinkPoint, RejectedBatchException> refused;

    private HexoskinRefusals(Map<HexoskinSinkPoint, Integer> batch,
                             Map<HexoskinSinkPoint, RejectedBatchException> refused) {
        this.batch = batch;
        this.refused = Map.copyOf(refused);
    }

    /** The refusals found while writing {@code batch}. */
    static HexoskinRefusals of(List<HexoskinSinkPoint> batch,
                               Map<HexoskinSinkPoint, RejectedBatchException> refused) {
        return new HexoskinRefusals(counts(batch), refused);
    }

    /** True when every point (counted with repetitions) is part of the refused batch. */
    boolean covers(List<HexoskinSinkPoint> points) {
        Map<HexoskinSinkPoint, Integer> c = counts(points);
        for (Map.Entry<HexoskinSinkPoint, Integer> e : c.entrySet()) {
            if (batch.getOrDefault(e.getKey(), 0) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Why the point was refused, or null when it was not. */
    RejectedBatchException refusal(HexoskinSinkPoint point) {
        return refused.get(point);
    }

    /** This memory with more refusals found while writing one of its parts. */
    HexoskinRefusals with(Map<HexoskinSinkPoint, RejectedBatchException> more) {
        Map<HexoskinSinkPoint, RejectedBatchException> all = new HashMap<>(refused);
        all.putAll(more);
        return new HexoskinRefusals(batch, all);
    }

    static Map<HexoskinSinkPoint, Integer> counts(List<HexoskinSinkPoint> points) {
        Map<HexoskinSinkPoint, Integer> c = new HashMap<>();
        points.forEach(p -> c.merge(p, 1, Integer::sum));
        return c;
    }
}
