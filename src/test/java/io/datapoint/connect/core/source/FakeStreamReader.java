package io.datapoint.connect.core.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;

/**
 * An in-memory stream: datapoints {@code "<id>:<n>"} for n = 0, 1, ...; the cursor is the count of datapoints before
 * it (the position just after datapoint n is n + 1). Failures can be queued for the next reads.
 */
final class FakeStreamReader implements StreamReader<Long> {

    /** One readAfter call, in the order the engine made them across every reader sharing the log. */
    record Call(String stream, long cursor, int maxRecords) {
    }

    private final String id;
    private final List<String> values = new CopyOnWriteArrayList<>();
    private final List<Call> log;
    private final Map<Integer, Exception> failAt = new ConcurrentHashMap<>();
    private volatile Exception failAlways;
    private volatile long initial;
    private volatile int pageLimit = Integer.MAX_VALUE;
    final AtomicInteger initialCalls = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();

    FakeStreamReader(String id, int count, List<Call> sharedLog) {
        this.id = id;
        this.log = sharedLog;
        append(count);
    }

    FakeStreamReader(String id, int count) {
        this(id, count, new CopyOnWriteArrayList<>());
    }

    /** Adds datapoints to the end of the stream. */
    FakeStreamReader append(int count) {
        int start = values.size();
        for (int i = 0; i < count; i++) {
            values.add(id + ":" + (start + i));
        }
        return this;
    }

    FakeStreamReader initialCursor(long cursor) {
        this.initial = cursor;
        return this;
    }

    /** Pages hold at most this many datapoints whatever the engine asks for. */
    FakeStreamReader pageLimit(int limit) {
        this.pageLimit = limit;
        return this;
    }

    /** The read with this number (1 for the first) throws {@code e}. */
    FakeStreamReader failOnRead(int read, Exception e) {
        failAt.put(read, e);
        return this;
    }

    /** Every read throws {@code e}. */
    FakeStreamReader failAlways(Exception e) {
        failAlways = e;
        return this;
    }

    List<Call> calls() {
        return log.stream().filter(c -> c.stream().equals(id)).toList();
    }

    @Override
    public String streamId() {
        return id;
    }

    @Override
    public Long initialCursor() {
        initialCalls.incrementAndGet();
        return initial;
    }

    @Override
    public ReadBatch<Long> readAfter(Long cursor, int maxRecords) throws IOException {
        log.add(new Call(id, cursor, maxRecords));
        int read = reads.incrementAndGet();
        Exception failure = failAlways != null ? failAlways : failAt.remove(read);
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        int limit = Math.min(maxRecords, pageLimit);
        List<ReadItem<Long>> items = new ArrayList<>();
        int n = cursor.intValue();
        while (n < values.size() && items.size() < limit) {
            items.add(new ReadItem<>((long) n + 1, content(id, values.get(n), n)));
            n++;
        }
        return new ReadBatch<>(items, n < values.size());
    }

    static RecordContent content(String stream, String value, long eventTime) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("stream", stream);
        return new RecordContent("topic-" + stream, Schema.STRING_SCHEMA, stream, Schema.STRING_SCHEMA, value,
            1_000L + eventTime, headers, eventTime);
    }

    /** The offset codec of this fake: {@code {"pos": <long>}}, version 3. */
    static final class Codec implements OffsetCodec<Long> {
        final AtomicInteger decodes = new AtomicInteger();

        @Override
        public int version() {
            return 3;
        }

        @Override
        public java.util.Map<String, Object> encode(Long cursor) {
            return java.util.Map.of("pos", cursor);
        }

        @Override
        public Long decode(java.util.Map<String, ?> offset) {
            decodes.incrementAndGet();
            if (!(offset.get("pos") instanceof Number n)) {
                throw new IllegalArgumentException("field 'pos' must be a number but was " + offset.get("pos"));
            }
            return n.longValue();
        }
    }
}
