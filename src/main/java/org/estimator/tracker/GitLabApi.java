package org.estimator.tracker;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * GitLab's REST API v4 (gitlab.com or a self-managed instance) with a project or personal access
 * token: a project's open issues, optionally with labels, paged by {@code X-Next-Page}. The final
 * estimate becomes the issue's weight, which GitLab takes as a whole number only.
 */
final class GitLabApi extends TrackerApi {

    GitLabApi(Connection connection, String token, Outbound out) {
        super(connection, token, out);
    }

    @Override
    HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return request.header("PRIVATE-TOKEN", token);
    }

    /** The project by its path ({@code group/project}, encoded as one segment) or its number. */
    private String project() {
        return "/api/v4/projects/" + encode(connection.project());
    }

    @Override
    String test() {
        JsonNode project = call("GET", project(), null, "read the project " + connection.project()).json();
        return "Connected to GitLab: " + text(project, "path_with_namespace");
    }

    @Override
    Found find(int max) {
        String labels = connection.query() == null || connection.query().isBlank()
                ? ""
                : "&labels=" + encode(connection.query());
        List<Remote> found = new ArrayList<>();
        String page = "1";
        while (true) {
            Outbound.Reply reply = call("GET", project() + "/issues?state=opened&order_by=created_at&sort=asc&per_page="
                    + PAGE + "&page=" + page + labels, null, "list the issues");
            for (JsonNode issue : reply.json()) {
                if (found.size() == max) {
                    return new Found(found, true);
                }
                String iid = issue.path("iid").asText();
                found.add(new Remote(iid, "#" + iid, text(issue, "title"), text(issue, "description"),
                        text(issue, "web_url"), issue.path("weight").isNumber()));
            }
            String next = reply.header("X-Next-Page");
            if (next == null || !next.strip().matches("\\d+")) {
                return new Found(found, false);
            }
            page = next.strip();
        }
    }

    @Override
    void writeBack(String key, String card) {
        BigDecimal weight = number(card);
        if (weight == null || weight.signum() < 0 || weight.stripTrailingZeros().scale() > 0) {
            throw TrackerFailure.permanent(
                    "The final estimate " + card
                            + " is not a whole number, and GitLab's weight takes whole numbers only");
        }
        call("PUT", project() + "/issues/" + encode(key), Map.of("weight", weight.intValueExact()),
                "set the weight of #" + key);
    }
}
