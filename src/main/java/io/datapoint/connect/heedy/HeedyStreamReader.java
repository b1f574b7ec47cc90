package io.datapoint.connect.heedy;

import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.source.ReadBatch;
import io.datapoint.connect.core.source.ReadItem;
import io.datapoint.connect.core.source.RecordContent;
import io.datapoint.connect.core.source.StreamReader;
import io.datapoint.connect.core.source.StreamUnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Reads one heedy timeseries after a {@link HeedyCursor}, in pages of {@code t1 = last t} (inclusive, the repeat
 * dropped), and re-reads windows behind the cursor when heedy reports a back-fill.
 *
 * <p>It remembers a bounded window of the datapoints it delivered (timestamp and content), so a late or reordered
 * write event about a point already delivered does not deliver it twice, while a point that was really back-filled or
 * overwritten with a new value is delivered.
 */
final class HeedyStreamReader implements StreamReader<HeedyCursor> {

    /** How many delivered datapoints are remembered per object to tell back-fills from late events. */
    static final int REMEMBERED = 20_000;

    private final HeedyClient client;
    private final HeedyObject object;
    private final HeedyRecords records;
    private final StartPosition start;
    private final String label;
    private final TreeMap<Double, Integer> delivered = new TreeMap<>();
    private boolean primed;

    HeedyStreamReader(String label, HeedyClient client, HeedyObject object, HeedyRecords records,
                      StartPosition start) {
        this.label = label;
        this.client = client;
        this.object = object;
        this.records = records;
        this.start = start;
    }

    @Override
    public String streamId() {
        return object.id();
    }

    @Override
    public HeedyCursor initialCursor() throws IOException {
        return switch (start.kind()) {
            case EARLIEST -> HeedyCursor.beginning();
            case TIME -> HeedyCursor.from(start.time());
            case LATEST -> call(() -> client.last(object.id()))
                .map(p -> HeedyCursor.after(p.t())).orElse(HeedyCursor.beginning());
        };
    }

    @Override
    public ReadBatch<HeedyCursor> readAfter(HeedyCursor cursor, int maxRecords) throws IOException {
        Map<String, String> query = cursor.readQuery(maxRecords);
        int asked = Integer.parseInt(query.get("limit"));
        List<HeedyPoint> points = call(() -> client.read(object.id(), query));
        List<ReadItem<HeedyCursor>> items = new ArrayList<>(points.size());
        double last = cursor.afterT() == null ? Double.NEGATIVE_INFINITY : cursor.afterT();
        for (HeedyPoint p : points) {
            if (!cursor.admits(p.t()) || p.t() <= last) {
                continue; // the repeat of the cursor (t1 is inclusive)
            }
            last = p.t();
            remember(p);
            items.add(new ReadItem<>(HeedyCursor.after(p.t()), records.content(p)));
        }
        return new ReadBatch<>(items, points.size() >= asked);
    }

    /**
     * The datapoints in {@code [t1, t2]} that were not delivered before with the same content, in pages. heedy's
     * {@code t2} is exclusive, and servers up to 0.5.1 can return points past it, so the bound is also applied here.
     */
    List<RecordContent> window(double t1, double t2, int pageSize) throws IOException {
        return window(t1, t2, pageSize, true);
    }

    /**
     * Re-reads the trailing {@code seconds} behind the cursor and returns what is new or changed there: back-fills
     * whose write events were lost (while the websocket was down, or dropped). The first call after the task started
     * only learns what the window holds, since nothing was remembered yet; the window is also clamped to what is
     * remembered, so a dense window never delivers old points again.
     */
    List<RecordContent> reconcile(HeedyCursor cursor, double seconds, int pageSize) throws IOException {
        if (cursor == null || cursor.afterT() == null) {
            return List.of();
        }
        double upTo = cursor.afterT();
        double from = upTo - seconds;
        if (!primed) {
            window(from, upTo, pageSize, false);
            primed = true;
            return List.of();
        }
        if (delivered.size() >= REMEMBERED && !delivered.isEmpty()) {
            from = Math.max(from, delivered.firstKey());
        }
        return window(from, upTo, pageSize, true);
    }

    private List<RecordContent> window(double t1, double t2, int pageSize, boolean deliver) throws IOException {
        List<RecordContent> out = new ArrayList<>();
        double from = t1;
        boolean first = true;
        String upper = HeedyClient.seconds(Math.nextUp(t2));
        while (true) {
            Map<String, String> q = HeedyClient.query("t1", HeedyClient.seconds(from), "t2", upper,
                "limit", Integer.toString(pageSize + 1));
            List<HeedyPoint> page = call(() -> client.read(object.id(), q));
            for (HeedyPoint p : page) {
                if (p.t() > t2 || (!first && p.t() <= from)) {
                    continue;
                }
                if (!alreadyDelivered(p)) {
                    remember(p);
                    if (deliver) {
                        out.add(records.content(p));
                    }
                }
            }
            if (page.size() < pageSize + 1) {
                return out;
            }
            double lastT = page.get(page.size() - 1).t();
            if (lastT <= from) {
                return out;
            }
            from = lastT;
            first = false;
        }
    }

    private boolean alreadyDelivered(HeedyPoint p) {
        Integer hash = delivered.get(p.t());
        return hash != null && hash == contentHash(p);
    }

    private void remember(HeedyPoint p) {
        delivered.put(p.t(), contentHash(p));
        while (delivered.size() > REMEMBERED) {
            delivered.pollFirstEntry();
        }
    }

    private static int contentHash(HeedyPoint p) {
        return Objects.hash(p.dt(), p.d());
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T call(Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (HttpStatusException e) {
            String what = HeedyClient.describe(e);
            if (e.status() == 401) {
                throw new ConnectException(label + ": heedy rejected the app token (" + what + "). Check"
                    + " heedy.token: the app must exist, be enabled, and its token be current.", e);
            }
            if (e.status() == 403 || (e.status() == 400 && what.startsWith("not_found"))) {
                throw new StreamUnavailableException("heedy object '" + object.name() + "' (" + object.id()
                    + ") cannot be read: " + what + ". It may have been deleted, or the app lost read access.", e);
            }
            if (e.status() == 400) {
                throw new ConnectException(label + ": heedy refused the read of object " + object.id() + ": "
                    + what, e);
            }
            throw e;
        }
    }
}
