package io.datapoint.connect.flowthings;

import io.datapoint.connect.core.http.HttpStatusException;
import io.datapoint.connect.core.metrics.ConnectorMetrics;
import io.datapoint.connect.core.source.ReadBatch;
import io.datapoint.connect.core.source.ReadItem;
import io.datapoint.connect.core.source.StreamReader;
import io.datapoint.connect.core.source.StreamUnavailableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one flow: drops pushed on the websocket are emitted at once, and a REST catch-up pass reads the flow in
 * ascending creationDate order from the cursor's watermark after every (re)connect, every poll interval, and a
 * little after pushes (so the watermark moves and a drop the websocket missed is still delivered). The cursor
 * ({@link FlowthingsCursor}) decides what was emitted, so push and catch-up never deliver a drop twice.
 *
 * <p>Paging is a keyset on creationDate: each page asks for {@code filter=creationDate >= <last creationDate of the
 * page before>}, re-reading the drops of that millisecond (the cursor knows them), so drops sharing one millisecond
 * across a page boundary are neither lost nor repeated and an eviction between pages shifts nothing past the task.
 * Only when a whole page lies in one millisecond does the next page count on with {@code start}. The watermark
 * follows the pass but stays {@code lagMs} behind the pass's start, because the server may show a drop to a find
 * up to about a second after creating it.
 *
 * <p>The engine calls {@link #readAfter} from one thread; the push side ({@link #offer}, {@link #requestCatchUp})
 * is thread-safe.
 */
final class FlowthingsStreamReader implements StreamReader<FlowthingsCursor> {

    private static final Logger log = LoggerFactory.getLogger(FlowthingsStreamReader.class);
    static final int INBOX_CAPACITY = 10_000;
    private static final int PAGES_PER_READ = 20;

    /** Paging and timing of the catch-up. */
    record Settings(int pageSize, long lagMs, long pollIntervalMs, long startTs) {
    }

    private final String label;
    private final FlowthingsClient client;
    private final String flowId;
    private final String path;
    private final FlowthingsRecords records;
    private final Settings settings;
    private final ConnectorMetrics.StreamMetrics metrics;
    private final Queue<FlowthingsDrop> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inboxSize = new AtomicInteger();
    private final AtomicBoolean catchUpRequested = new AtomicBoolean(true);

    // fetch thread only
    private FlowthingsCursor state;
    private FlowthingsCursor lastReturned;
    private Pass pass;
    private long lastPassStartNanos;

    /** A catch-up pass in progress: the next query is {@code creationDate >= from} skipping {@code skip}. */
    private record Pass(long startedAtMillis, long from, int skip, String firstId) {
    }

    FlowthingsStreamReader(String label, FlowthingsClient client, String flowId, String path,
                           FlowthingsRecords records, Settings settings, ConnectorMetrics.StreamMetrics metrics) {
        this.label = label;
        this.client = client;
        this.flowId = flowId;
        this.path = path;
        this.records = records;
        this.settings = settings;
        this.metrics = metrics;
        this.lastPassStartNanos = System.nanoTime();
    }

    @Override
    public String streamId() {
        return flowId;
    }

    String path() {
        return path;
    }

    @Override
    public FlowthingsCursor initialCursor() {
        return FlowthingsCursor.start(settings.startTs() < 0 ? System.currentTimeMillis() : settings.startTs());
    }

    /**
     * Hands over a pushed drop (any thread).
     *
     * @return false when the inbox is full: the drop is left to the catch-up, which is requested
     */
    boolean offer(FlowthingsDrop drop) {
        if (inboxSize.incrementAndGet() > INBOX_CAPACITY) {
            inboxSize.decrementAndGet();
            catchUpRequested.set(true);
            return false;
        }
        inbox.add(drop);
        return true;
    }

    /** Asks for a catch-up pass in the next read (any thread): after a reconnect, or to move the watermark. */
    void requestCatchUp() {
        catchUpRequested.set(true);
    }

    @Override
    public ReadBatch<FlowthingsCursor> readAfter(FlowthingsCursor cursor, int maxRecords) throws IOException {
        // the engine only keeps the cursor of the last emitted record; the reader keeps what it learned since
        FlowthingsCursor c = cursor == lastReturned && state != null ? state : cursor;
        if (c != state) {
            pass = null;
        }
        List<ReadItem<FlowthingsCursor>> items = new ArrayList<>();
        boolean pushed = false;
        FlowthingsDrop d;
        while (items.size() < maxRecords && (d = inbox.poll()) != null) {
            inboxSize.decrementAndGet();
            pushed = true;
            if (!c.emitted(d.id(), d.creationDate())) {
                c = c.with(d.id(), d.creationDate());
                items.add(new ReadItem<>(c, records.content(d)));
            }
        }
        boolean due = catchUpRequested.getAndSet(false) || !pushed
            || System.nanoTime() - lastPassStartNanos >= TimeUnit.MILLISECONDS.toNanos(settings.pollIntervalMs());
        if (pass == null && due) {
            pass = new Pass(System.currentTimeMillis(), c.ts(), 0, null);
            lastPassStartNanos = System.nanoTime();
        }
        for (int pages = 0; pass != null && items.size() < maxRecords && pages < PAGES_PER_READ; pages++) {
            if (pages > 0 && inboxSize.get() > 0) {
                break; // a drop was pushed meanwhile: the next read, due at once, emits it before paging on
            }
            c = readPage(c, items);
        }
        state = c;
        if (!items.isEmpty()) {
            lastReturned = items.get(items.size() - 1).cursor();
        } else if (lastReturned == null) {
            lastReturned = cursor;
        }
        return new ReadBatch<>(items, pass != null || inboxSize.get() > 0);
    }

    private FlowthingsCursor readPage(FlowthingsCursor cursor, List<ReadItem<FlowthingsCursor>> items)
        throws IOException {
        FlowthingsCursor c = cursor;
        List<FlowthingsDrop> page;
        try {
            page = client.findDrops(flowId, "creationDate >= " + pass.from(), pass.skip(), settings.pageSize());
        } catch (HttpStatusException e) {
            pass = null;
            throw failure(e);
        }
        if (pass.skip() == 0) {
            checkGap(c, page);
        }
        if (page.isEmpty()) {
            pass = null;
            return c;
        }
        if (pass.skip() > 0 && page.get(0).id().equals(pass.firstId())) {
            // the same page again although start moved on: this server ignores start, and the drops of this
            // millisecond beyond one page cannot be reached; go on after it rather than loop
            log.warn("{}: flow {} ({}): the server ignored start while paging inside creationDate {}; drops of that"
                + " millisecond beyond the first {} may be missed. Raise page.size.", label, path, flowId,
                pass.from(), settings.pageSize());
            pass = new Pass(pass.startedAtMillis(), pass.from() + 1, 0, null);
            return c;
        }
        long safe = pass.startedAtMillis() - settings.lagMs();
        long last = Long.MIN_VALUE;
        for (FlowthingsDrop drop : page) {
            last = Math.max(last, drop.creationDate());
            if (!c.emitted(drop.id(), drop.creationDate())) {
                c = c.with(drop.id(), drop.creationDate());
                // everything before this drop was seen in this pass, up to the visibility lag
                c = c.advanceTo(Math.min(drop.creationDate(), safe));
                items.add(new ReadItem<>(c, records.content(drop)));
            } else {
                c = c.advanceTo(Math.min(drop.creationDate(), safe));
            }
        }
        // the next page starts at the last millisecond again and re-reads its (known) drops, so that an eviction
        // between the pages shifts nothing past us; only a page entirely inside one millisecond moves on with start
        int skip = last == pass.from() ? pass.skip() + page.size() : 0;
        pass = new Pass(pass.startedAtMillis(), last, skip, page.get(0).id());
        return c;
    }

    /**
     * A page read from a known position holds none of the drops emitted at or after the watermark although they
     * would sort first: the flow's capacity evicted them (or someone deleted them), and maybe unread drops after
     * them too.
     */
    private void checkGap(FlowthingsCursor c, List<FlowthingsDrop> page) {
        if (!c.knowsAny() || page.isEmpty() || page.get(0).creationDate() <= c.newestKnown()) {
            return;
        }
        for (FlowthingsDrop drop : page) {
            if (c.knows(drop.id())) {
                return;
            }
        }
        metrics.recordGap();
        log.warn("{}: flow {} ({}): the drops this task read last (up to creationDate {}) are no longer stored;"
                + " the flow's capacity evicted them (or they were deleted). Drops created after them and before {}"
                + " that the task had not read yet, if any, were evicted too and are lost. Continuing from the oldest"
                + " drop still stored. Raise the flow's capacity or read more often to avoid this.", label, path,
            flowId, c.newestKnown(), page.get(0).creationDate());
    }

    private IOException failure(HttpStatusException e) {
        String what = FlowthingsClient.describe(e);
        if (e.status() == 403) {
            // 403 is also how the server answers bad credentials; a flow-specific 403 is a lost permission
            return new StreamUnavailableException(label + ": flowthings refused to read flow " + path + " (" + flowId
                + "): " + what + ". Check flowthings.token (dropRead on this flow).", e);
        }
        if (e.status() == 404) {
            return new StreamUnavailableException(label + ": flow " + path + " (" + flowId + ") was not found: "
                + what, e);
        }
        if (e.status() == 400) {
            throw new ConnectException(label + ": flowthings rejected the catch-up query of flow " + path + " ("
                + flowId + "): " + what + ". The server may not support a creationDate filter.", e);
        }
        return e;
    }
}
