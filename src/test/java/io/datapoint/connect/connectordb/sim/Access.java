package io.datapoint.connect.connectordb.sim;

import java.util.Set;

/**
 * A small model of ConnectorDB's default permissions ({@code config/permissions/default.go}): a device with role
 * {@code none} reaches only itself and its own streams; {@code reader}, {@code writer} and {@code user} (the
 * {@code <user>/user} device) reach all of the owner's devices; {@code admin} reaches everything. Only the owning
 * device writes a stream's data; other devices' writes go to the downlink substream when the stream has
 * {@code downlink=true} (roles user and writer), and {@code writer} may also write other devices' plain streams.
 */
final class Access {
    static final String DENIED = "Can't access this resource.";
    static final String WRITE_DENIED = "Write access to stream data denied.";
    static final String DOWNLINK_WRITE_DENIED = "Write access to stream downlink denied.";

    private static final Set<String> BROAD_ROLES = Set.of("user", "reader", "writer", "admin");

    private final Registry registry;

    Access(Registry registry) {
        this.registry = registry;
    }

    /** Where a write by {@code actor} lands: the stream itself or its downlink substream. */
    enum Target { MAIN, DOWNLINK }

    String role(Actor a) {
        if (a.isNobody()) {
            return null;
        }
        SimDevice d = registry.device(a.user(), a.device());
        return d == null ? null : d.role();
    }

    boolean isAdmin(Actor a) {
        return "admin".equals(role(a));
    }

    boolean canReadUser(Actor a, String user) {
        return isAdmin(a) || (!a.isNobody() && a.user().equals(user));
    }

    boolean canReadDevice(Actor a, String user, String device) {
        if (isAdmin(a)) {
            return true;
        }
        if (a.isNobody() || !a.user().equals(user)) {
            return false;
        }
        return a.device().equals(device) || BROAD_ROLES.contains(role(a));
    }

    boolean canReadStream(Actor a, SimStream s) {
        return canReadDevice(a, s.user, s.device);
    }

    /** Creating, changing and deleting devices (and the user itself) needs the user device or admin. */
    boolean canManageUser(Actor a, String user) {
        return isAdmin(a) || (!a.isNobody() && a.user().equals(user) && "user".equals(role(a)));
    }

    /** Creating, changing and deleting a device's streams: the device itself, its user device, or admin. */
    boolean canManageStreams(Actor a, String user, String device) {
        return canManageUser(a, user) || (!a.isNobody() && a.user().equals(user) && a.device().equals(device));
    }

    Target writeTarget(Actor a, SimStream s) {
        if (!a.isNobody() && a.user().equals(s.user) && a.device().equals(s.device)) {
            return Target.MAIN;
        }
        String role = role(a);
        boolean sameUser = !a.isNobody() && a.user().equals(s.user);
        if (s.downlink()) {
            if (isAdmin(a) || (sameUser && ("user".equals(role) || "writer".equals(role)))) {
                return Target.DOWNLINK;
            }
            throw SimError.op(DOWNLINK_WRITE_DENIED);
        }
        if (isAdmin(a) || (sameUser && "writer".equals(role))) {
            return Target.MAIN;
        }
        throw SimError.op(WRITE_DENIED);
    }
}
