package io.datapoint.connect.iotile.sim;

/** A project: UUID primary key, p-- slug, owner. */
final class SimProject {
    final String uuid;
    final String slug;
    final String name;
    final SimUser owner;

    SimProject(String uuid, String slug, String name, SimUser owner) {
        this.uuid = uuid;
        this.slug = slug;
        this.name = name;
        this.owner = owner;
    }
}
