package io.datapoint.connect.iotile.sim;

/** An account: e-mail login, DRF token key. */
final class SimUser {
    final int id;
    final String email;
    final String username;
    final String password;
    final String drfToken;
    volatile boolean active = true;

    SimUser(int id, String email, String password, String drfToken) {
        this.id = id;
        this.email = email;
        this.username = email.substring(0, email.indexOf('@')).replaceAll("[^a-z0-9]", "");
        this.password = password;
        this.drfToken = drfToken;
    }
}
