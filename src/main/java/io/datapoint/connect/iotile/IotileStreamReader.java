package io.datapoint.connect.iotile;

import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.source.ReadBatch;
import io.datapoint.connect.core.source.ReadItem;
import io.datapoint.connect.core.source.StreamReader;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Reads one IOTile stream after an {@link IotileCursor} from {@code GET /api/v1/data/?filter=<slug>}, in two parts:
 * <ol>
 *   <li>readings written through the API ({@code streamer_id_max=0}), which the server orders by time:
 *   {@code start} = the cursor's second (inclusive: the wire hides sub-second parts, so a later reading can share
 *   that second), {@code end} = a whole second a little behind now (exclusive), so a second still being written is
 *   not cut in half. Rows whose id the cursor holds at its second are skipped; pages are followed through
 *   {@code next}, so a second with more readings than a page is read whole;</li>
 *   <li>device readings ({@code streamer_id_min} = the cursor's reading id + 1), which the server orders by reading
 *   id; a late upload gets new, higher ids, so it is read although its timestamps are old.</li>
 * </ol>
 * Unknown slugs are answered 200 with no rows, so a stream that does not exist (yet) reads as empty.
 */
final class IotileStreamReader implements StreamReader<IotileCursor> {

    private final String label;
    private final IotileClient client;
    private final String slug;
    private final IotileRecords records;
    private final boolean startLatest;
    private final long lagSeconds;
    private final Clock clock;

    /**
     * @param lagSeconds how far behind now the time window of API-written readings ends
     */
    IotileStreamReader(String label, IotileClient client, String slug, IotileRecords records, boolean startLatest,
                       long lagSeconds, Clock clock) {
        this.label = label;
        this.client = client;
        this.slug = slug;
        this.records = records;
        this.startLatest = startLatest;
        this.lagSeconds = lagSeconds;
        this.clock = clock;
    }

    @Override
    public String streamId() {
        return slug;
    }

    @Override
    public IotileCursor initialCursor() throws IOException {
        if (!startLatest) {
            return IotileCursor.beginning();
        }
        // the newest device reading: the last of the readings ordered by id, found through the page count
        HttpUrl.Builder q = client.dataQuery(slug).addQueryParameter("streamer_id_min", "1")
            .addQueryParameter("page_size", "1");
        IotileClient.Page first = call(() -> client.data(q.build()));
        long highest = 0;
        if (first.count() > 0) {
            IotileClient.Page last = call(() -> client.data(q.addQueryParameter("page",
                Long.toString(first.count())).build()));
            for (IotileReading r : last.results()) {
                highest = Math.max(highest, r.streamerId());
            }
        }
        return new IotileCursor(highest, endSecond(), IotileIdRanges.EMPTY);
    }

    private long endSecond() {
        return clock.instant().getEpochSecond() - lagSeconds;
    }

    @Override
    public ReadBatch<IotileCursor> readAfter(IotileCursor cursor, int maxRecords) throws IOException {
        int pageSize = Math.min(maxRecords, IotileClient.MAX_DATA_PAGE);
        List<ReadItem<IotileCursor>> items = new ArrayList<>();
        IotileCursor c = cursor;
        long end = endSecond();

        // API-written readings, by time
        HttpUrl.Builder q = client.dataQuery(slug).addQueryParameter("streamer_id_max", "0");
        if (c.second() != null) {
            q.addQueryParameter("start", IotileClient.isoSecond(c.second()));
        }
        HttpUrl url = q.addQueryParameter("end", IotileClient.isoSecond(end))
            .addQueryParameter("page_size", Integer.toString(pageSize)).build();
        boolean firstPage = true;
        while (url != null) {
            IotileClient.Page page;
            try {
                page = call(client::data, url);
            } catch (HttpStatusException e) {
                if (firstPage || e.status() != 404) {
                    throw e;
                }
                // "Invalid page.": the window shrank while its pages were walked; the next read starts again
                return new ReadBatch<>(items, true);
            }
            firstPage = false;
            for (IotileReading r : page.results()) {
                if (r.streamerId() != 0 || r.second() >= end || c.delivered(r.second(), r.id())) {
                    continue;
                }
                if (items.size() >= maxRecords) {
                    return new ReadBatch<>(items, true);
                }
                c = c.afterApiReading(r.second(), r.id());
                items.add(new ReadItem<>(c, records.content(r)));
            }
            url = page.next();
            if (url != null && items.size() >= maxRecords) {
                return new ReadBatch<>(items, true);
            }
        }

        // device readings, by reading id
        int room = maxRecords - items.size();
        if (room <= 0) {
            return new ReadBatch<>(items, true);
        }
        HttpUrl devices = client.dataQuery(slug)
            .addQueryParameter("streamer_id_min", Long.toString(c.streamerId() + 1))
            .addQueryParameter("page_size", Integer.toString(Math.min(room, IotileClient.MAX_DATA_PAGE))).build();
        IotileClient.Page page = call(client::data, devices);
        for (IotileReading r : page.results()) {
            if (r.streamerId() <= c.streamerId()) {
                continue;
            }
            c = c.afterDeviceReading(r.streamerId());
            items.add(new ReadItem<>(c, records.content(r)));
        }
        return new ReadBatch<>(items, page.next() != null);
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    private interface PageCall {
        IotileClient.Page run(HttpUrl url) throws IOException;
    }

    private IotileClient.Page call(PageCall call, HttpUrl url) throws IOException {
        return call(() -> call.run(url));
    }

    private <T> T call(Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (HttpStatusException e) {
            String what = IotileClient.describe(e);
            if (e.status() == 401 || e.status() == 403) {
                throw new ConnectException(label + ": IOTile Cloud refused the credential reading stream " + slug
                    + " (" + what + "). Check iotile.email and iotile.password, or iotile.token.", e);
            }
            if (e.status() == 400) {
                throw new ConnectException(label + ": IOTile Cloud refused the read of stream " + slug + ": " + what,
                    e);
            }
            throw e;
        }
    }
}
