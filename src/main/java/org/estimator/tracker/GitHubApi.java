package org.estimator.tracker;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * GitHub's REST API (github.com, or GitHub Enterprise Server at {@code https://host/api/v3}) with a
 * fine-grained token: a repository's open issues, optionally with labels and a milestone (pull
 * requests, which the issues list includes, are left out). The final estimate becomes the label
 * {@code estimate: <value>}, replacing an older one, and, if the connection says so, a comment.
 */
final class GitHubApi extends TrackerApi {

    static final String LABEL = "estimate: ";

    GitHubApi(Connection connection, String token, Outbound out) {
        super(connection, token, out);
    }

    @Override
    HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + token).header("X-GitHub-Api-Version", "2022-11-28")
                .setHeader("Accept", "application/vnd.github+json");
    }

    private String repo() {
        return "/repos/" + connection.project();
    }

    @Override
    String test() {
        JsonNode repo = call("GET", repo(), null, "read the repository " + connection.project()).json();
        String milestone = milestone();
        return "Connected to GitHub: " + text(repo, "full_name")
                + (repo.path("has_issues").asBoolean(true) ? "" : " (its issues are switched off)")
                + (milestone == null ? "" : ", milestone " + milestone);
    }

    /** The milestone's number: the connection names it by number or by title. */
    private String milestone() {
        String wanted = connection.milestone();
        if (wanted == null || wanted.isBlank()) {
            return null;
        }
        if (wanted.strip().matches("\\d+")) {
            return wanted.strip();
        }
        for (int page = 1; page <= 10; page++) {
            JsonNode list = call("GET", repo() + "/milestones?state=all&per_page=" + PAGE + "&page=" + page, null,
                    "list the milestones").json();
            for (JsonNode m : list) {
                if (text(m, "title").equalsIgnoreCase(wanted.strip())) {
                    return m.path("number").asText();
                }
            }
            if (list.size() < PAGE) {
                break;
            }
        }
        throw TrackerFailure.permanent("GitHub has no milestone " + wanted.strip() + " in " + connection.project());
    }

    @Override
    Found find(int max) {
        String filter = "";
        if (connection.query() != null && !connection.query().isBlank()) {
            filter += "&labels=" + encode(connection.query());
        }
        String milestone = milestone();
        if (milestone != null) {
            filter += "&milestone=" + milestone;
        }
        List<Remote> found = new ArrayList<>();
        for (int page = 1;; page++) {
            JsonNode list = call("GET", repo() + "/issues?state=open&per_page=" + PAGE + "&page=" + page + filter, null,
                    "list the issues").json();
            for (JsonNode issue : list) {
                if (issue.has("pull_request")) {
                    continue;
                }
                if (found.size() == max) {
                    return new Found(found, true);
                }
                String number = issue.path("number").asText();
                boolean estimated = false;
                for (JsonNode label : issue.path("labels")) {
                    estimated |= text(label, "name").toLowerCase(Locale.ROOT).startsWith(LABEL);
                }
                found.add(new Remote(number, "#" + number, text(issue, "title"), text(issue, "body"),
                        text(issue, "html_url"), estimated));
            }
            if (list.size() < PAGE) {
                return new Found(found, false);
            }
        }
    }

    @Override
    void writeBack(String key, String card) {
        String issue = repo() + "/issues/" + key;
        String wanted = LABEL + card;
        boolean present = false;
        for (JsonNode label : call("GET", issue + "/labels?per_page=" + PAGE, null, "read the labels of #" + key)
                .json()) {
            String name = text(label, "name");
            if (name.equals(wanted)) {
                present = true;
            } else if (name.toLowerCase(Locale.ROOT).startsWith(LABEL)) {
                call("DELETE", issue + "/labels/" + encode(name), null, "remove the label " + name + " from #" + key);
            }
        }
        if (!present) {
            call("POST", issue + "/labels", Map.of("labels", List.of(wanted)), "label #" + key);
        }
        if (connection.comment()) {
            call("POST", issue + "/comments", Map.of("body", "Final estimate agreed in Estimator: **" + card + "**"),
                    "comment on #" + key);
        }
    }
}
