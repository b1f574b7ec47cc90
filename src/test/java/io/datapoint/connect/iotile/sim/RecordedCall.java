package io.datapoint.connect.iotile.sim;

/**
 * One handled request.
 *
 * @param auth   the Authorization scheme word sent, or null
 * @param status the answer's status, -1 when the connection was cut
 * @param fault  the injected fault, or null
 */
public record RecordedCall(String method, String path, String query, String auth, int status, String fault,
                           String body) {
}
