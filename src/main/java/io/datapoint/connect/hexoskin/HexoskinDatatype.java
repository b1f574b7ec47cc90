package io.datapoint.connect.hexoskin;

/**
 * A Hexoskin datatype (signal).
 *
 * @param id   the datatype id, e.g. 19
 * @param name the server's name, e.g. heart_rate
 * @param freq samples per second, null for asynchronous signals (RR intervals, steps)
 */
record HexoskinDatatype(int id, String name, Double freq) {
}
