package io.datapoint.connect.iotile.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 JSON Web Tokens as djangorestframework-jwt issues them: claims {@code user_id, username, email, exp,
 * orig_iat}.
 */
final class SimJwt {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final byte[] SECRET = "iotile-simulator-secret-key".getBytes(StandardCharsets.UTF_8);
    /** A counter in the claims so two tokens issued in the same second differ (the real ones may be equal). */
    private static long serial;

    private SimJwt() {
    }

    static synchronized String issue(SimUser user, long exp, long origIat) {
        ObjectNode claims = JSON.createObjectNode().put("user_id", user.id).put("username", user.username)
            .put("email", user.email).put("exp", exp).put("orig_iat", origIat).put("jti", ++serial);
        String head = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return head + "." + body + "." + B64.encodeToString(sign(head + "." + body));
    }

    /** The claims of a token with a valid signature, or null. Expiry is the caller's check. */
    static JsonNode verify(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            byte[] expected = sign(parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
                return null;
            }
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (Exception e) {
            return null;
        }
    }

    private static byte[] sign(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
