package io.datapoint.connect.hexoskin;

/**
 * An annotation or range bound for Hexoskin. Its identity, for the check before a write, is all of its fields: the
 * API has no idempotency key.
 *
 * @param start    start tick
 * @param end      end tick (ranges), null for annotations
 * @param datatype the datatype an annotation is attached to, null for none
 * @param text     the annotation text, or the range name
 */
record HexoskinSinkPoint(long start, Long end, Integer datatype, String text) {
}
