package io.datapoint.connect.connectordb.sim;

/** The device a request acts as; ConnectorDB's anonymous operator is {@link #NOBODY}. */
record Actor(String user, String device) {
    static final Actor NOBODY = new Actor(null, null);

    boolean isNobody() {
        return user == null;
    }

    String path() {
        return isNobody() ? "nobody" : user + "/" + device;
    }
}
