package io.datapoint.connect.hexoskin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

/** The request signature against a vector computed here from a hand-built string, not by the signer. */
class HexoskinSignerTest {

    /** Runs a request through the signer and captures what would go on the wire. */
    private static Request signed(HttpUrl url) throws Exception {
        return signed(new Request.Builder().url(url).build());
    }

    private static Request signed(Request request) throws Exception {
        AtomicReference<Request> seen = new AtomicReference<>();
        OkHttpClient client = new OkHttpClient.Builder()
            .addInterceptor(new HexoskinSigner("pubkey-123", new Password("s3cr3t"), "ann@example.com",
                new Password("pa:ss"), () -> 1_714_557_600L))
            .addInterceptor(chain -> {
                seen.set(chain.request());
                return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(200)
                    .message("OK").body(ResponseBody.create(new byte[0], null)).build();
            }).build();
        client.newCall(request).execute().close();
        return seen.get();
    }

    private static String sha1Hex(String s) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (byte b : d) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }

    @Test
    void changeFeedRequestIsSignedOverTheExactUrlAsSent() throws Exception {
        // the URL the client builds for a feed query, encoded as Python's urlencode does (the official client):
        // ':', '+' and ',' percent-encoded; the signature covers this encoded form
        HttpUrl url = HttpUrl.get("https://api.hexoskin.com/").resolve("api/record/").newBuilder()
            .addQueryParameter("user", "1511").addQueryParameter("last_modified__gte", "2024-05-01T10:00:00+00:00")
            .addQueryParameter("order_by", "last_modified,id").addQueryParameter("limit", "100").build();
        String wire = "https://api.hexoskin.com/api/record/?user=1511&last_modified__gte=2024-05-01T10%3A00%3A00%2B00%3A00"
            + "&order_by=last_modified%2Cid&limit=100";
        Request r = signed(url);
        assertEquals(wire, r.url().toString());
        assertEquals("1714557600", r.header("X-HEXOTIMESTAMP"));
        assertEquals("pubkey-123", r.header("X-HEXOAPIKEY"));
        assertEquals(sha1Hex("s3cr3t" + "1714557600" + wire), r.header("X-HEXOAPISIGNATURE"));
        assertEquals(40, r.header("X-HEXOAPISIGNATURE").length());
        // user:password, Base64 by hand: "ann@example.com:pa:ss"
        assertEquals("Basic YW5uQGV4YW1wbGUuY29tOnBhOnNz", r.header("Authorization"));
    }

    @Test
    void aBulkPatchIsSignedOverItsUrlAndItsBodyGoesOutUntouched() throws Exception {
        // the signature covers the URL only (not the method, not the body): a PATCH signs like a GET of its URL
        HttpUrl url = HttpUrl.get("https://api.hexoskin.com/api/annotation/");
        byte[] body = "{\"objects\":[{\"user\":\"/api/user/1511/\",\"start\":1}]}"
            .getBytes(StandardCharsets.UTF_8);
        Request r = signed(new Request.Builder().url(url).patch(RequestBody.create(body,
            MediaType.get("application/json"))).build());
        assertEquals("PATCH", r.method());
        assertEquals(sha1Hex("s3cr3t" + "1714557600" + "https://api.hexoskin.com/api/annotation/"),
            r.header("X-HEXOAPISIGNATURE"));
        Buffer sent = new Buffer();
        r.body().writeTo(sent);
        assertArrayEquals(body, sent.readByteArray());
    }

    @Test
    void aKnownVectorStaysPinned() throws Exception {
        Request r = signed(HttpUrl.get("https://api.hexoskin.com/api/data/?user=1511&datatype=19&record=37700"
            + "&start=439006873600&end=439006889984"));
        // sha1("s3cr3t1714557600https://api.hexoskin.com/api/data/?user=1511&datatype=19&record=37700&start=439006873600&end=439006889984")
        String expected = sha1Hex("s3cr3t1714557600https://api.hexoskin.com/api/data/?user=1511&datatype=19"
            + "&record=37700&start=439006873600&end=439006889984");
        assertEquals(expected, r.header("X-HEXOAPISIGNATURE"));
        assertFalse(new HexoskinSigner("k", new Password("s3cr3t"), "u", new Password("p")).toString()
            .contains("s3cr3t"), "the secret never shows in toString");
    }
}
