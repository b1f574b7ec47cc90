package io.datapoint.connect.core.source;

import org.apache.kafka.connect.header.ConnectHeaders;

/** The headers every source record carries, whatever its platform: which platform and which stream it came from. */
public final class RecordHeaders {

    public static final String PLATFORM = "datapoint.platform";
    public static final String STREAM = "datapoint.stream";

    private RecordHeaders() {
    }

    /** New headers naming the platform and the stream; a platform adds its own after these. */
    public static ConnectHeaders of(String platform, String stream) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(PLATFORM, platform);
        headers.addString(STREAM, stream);
        return headers;
    }
}
