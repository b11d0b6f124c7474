package org.estimator.tracker;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.estimator.support.Api;

/**
 * A tracker's REST API played on loopback by WireMock, as the vendors document it (no tracker can run
 * on these machines); the tests check what Estimator sends it and how it takes each answer. The
 * test profile allows 127.0.0.1 (ESTIMATOR_INTEGRATIONS_ALLOWED_HOSTS), over plain http.
 */
final class PlayedTracker {

    static final String TOKEN = "tracker-token-Zq81xv93mLwp";

    private PlayedTracker() {
    }

    static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return server;
    }

    static String url(WireMockServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    /** Saves the group's connection (kind, project and more as {@code fields}) to the played tracker. */
    static void connect(Api.User owner, String group, WireMockServer server, String kind, Object... fields) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", kind);
        body.put("baseUrl", url(server));
        body.put("token", TOKEN);
        for (int i = 0; i < fields.length; i += 2) {
            body.put((String) fields[i], fields[i + 1]);
        }
        owner.req().body(body).put(Api.group(group) + "/tracker").then().statusCode(200);
    }
}
