package io.datapoint.connect.connectordb.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users, devices and streams, and the API key index. Lookups are lock-free; structural changes (create, delete,
 * key reset) are serialized on this object.
 */
final class Registry {
    private final ConcurrentHashMap<String, SimUser> users = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SimDevice> byApiKey = new ConcurrentHashMap<>();

    /** ConnectorDB names may not be empty or contain {@code /}, {@code \}, a space or {@code ?}. */
    static boolean validName(String name) {
        return name != null && !name.isEmpty() && name.chars().noneMatch(c -> c == '/' || c == '\\' || c == ' ' || c == '?');
    }

    static void requireValidName(String name) {
        if (!validName(name)) {
            throw SimError.badRequest("The given name is invalid");
        }
    }

    /** Creates a user with its implicit devices {@code user} (role user) and {@code meta}. */
    synchronized SimUser createUser(String name, String email, String password) {
        requireValidName(name);
        if (users.containsKey(name)) {
            throw SimError.op("User with this name already exists");
        }
        SimUser u = new SimUser(name, email, password);
        users.put(name, u);
        addDevice(u, "user", "user");
        addDevice(u, "meta", "none");
        return u;
    }

    synchronized SimDevice createDevice(String user, String name, String role) {
        requireValidName(name);
        SimUser u = requireUser(user);
        if (u.devices.containsKey(name)) {
            throw SimError.op("Device with this name already exists");
        }
        return addDevice(u, name, role);
    }

    /** Creates a stream; {@code init} sets its fields before it becomes visible and may veto it by throwing. */
    synchronized SimStream createStream(String user, String device, String name,
                                        java.util.function.Consumer<SimStream> init) {
        requireValidName(name);
        SimDevice d = requireDevice(user, device);
        if (d.streams.containsKey(name)) {
            throw SimError.op("Stream with this name already exists");
        }
        SimStream s = new SimStream(user, device, name);
        init.accept(s);
        d.streams.put(name, s);
        return s;
    }

    synchronized void deleteUser(String name) {
        SimUser u = requireUser(name);
        u.devices.values().forEach(d -> byApiKey.remove(d.apiKey()));
        users.remove(name);
    }

    synchronized void deleteDevice(String user, String name) {
        SimDevice d = requireDevice(user, name);
        byApiKey.remove(d.apiKey());
        users.get(user).devices.remove(name);
    }

    synchronized void deleteStream(String user, String device, String name) {
        requireStream(user, device, name);
        users.get(user).devices.get(device).streams.remove(name);
    }

    synchronized String resetApiKey(SimDevice d) {
        byApiKey.remove(d.apiKey());
        String key = UUID.randomUUID().toString();
        d.apiKey(key);
        byApiKey.put(key, d);
        return key;
    }

    SimUser user(String name) {
        return users.get(name);
    }

    SimUser userByNameOrEmail(String nameOrEmail) {
        SimUser u = users.get(nameOrEmail);
        if (u != null) {
            return u;
        }
        return users.values().stream().filter(x -> nameOrEmail.equals(x.email())).findFirst().orElse(null);
    }

    SimDevice device(String user, String device) {
        SimUser u = users.get(user);
        return u == null ? null : u.devices.get(device);
    }

    SimStream stream(String user, String device, String stream) {
        SimDevice d = device(user, device);
        return d == null ? null : d.streams.get(stream);
    }

    SimDevice deviceByApiKey(String key) {
        return byApiKey.get(key);
    }

    List<SimUser> users() {
        return new ArrayList<>(users.values());
    }

    SimUser requireUser(String name) {
        SimUser u = users.get(name);
        if (u == null) {
            throw SimError.op("The requested user was not found.");
        }
        return u;
    }

    SimDevice requireDevice(String user, String device) {
        SimDevice d = device(requireUser(user).name, device);
        if (d == null) {
            throw SimError.op("The requested device was not found.");
        }
        return d;
    }

    SimStream requireStream(String user, String device, String stream) {
        SimStream s = requireDevice(user, device).streams.get(stream);
        if (s == null) {
            throw SimError.op("The requested stream was not found.");
        }
        return s;
    }

    private SimDevice addDevice(SimUser u, String name, String role) {
        String key = UUID.randomUUID().toString();
        SimDevice d = new SimDevice(u.name, name, key, role);
        u.devices.put(name, d);
        byApiKey.put(key, d);
        return d;
    }
}
