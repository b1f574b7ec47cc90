package io.datapoint.connect.iotile.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A StreamId: stream metadata with optional input and output units (MDO dicts). */
final class SimStream {
    final String uuid;
    final String slug;
    final SimProject project;
    final String device;
    final String label;
    volatile ObjectNode inputUnit;
    volatile ObjectNode outputUnit;

    SimStream(String uuid, String slug, SimProject project, String device, String label) {
        this.uuid = uuid;
        this.slug = slug;
        this.project = project;
        this.device = device;
        this.label = label;
    }
}
