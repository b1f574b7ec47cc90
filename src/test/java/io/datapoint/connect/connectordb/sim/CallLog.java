package io.datapoint.connect.connectordb.sim;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A bounded log of received calls: the oldest entries fall off so a long-running simulator stays small. */
final class CallLog {
    private final int capacity;
    private final ArrayDeque<RecordedCall> calls = new ArrayDeque<>();
    private long handled;

    CallLog(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(String method, String path, String query, String actor, int status, String fault,
                          String body) {
        handled++;
        if (calls.size() == capacity) {
            calls.removeFirst();
        }
        String cut = body == null || body.length() <= ConnectorDbSimulator.LOGGED_BODY_CHARS
                ? body : body.substring(0, ConnectorDbSimulator.LOGGED_BODY_CHARS);
        calls.addLast(new RecordedCall(Instant.now(), method, path, query, actor, status, fault, cut));
    }

    synchronized List<RecordedCall> snapshot() {
        return new ArrayList<>(calls);
    }

    synchronized long handled() {
        return handled;
    }

    synchronized void clear() {
        calls.clear();
    }
}
