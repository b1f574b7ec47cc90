package io.datapoint.connect.flowthings;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A drop bound for flowthings: the create body ({@code elems}, optional {@code location} and {@code fhash}) and a
 * description of its record for error messages.
 */
record FlowthingsSinkPoint(ObjectNode body, String record) {
}
