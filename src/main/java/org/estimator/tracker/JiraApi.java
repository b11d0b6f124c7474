package org.estimator.tracker;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Jira's REST API: Jira Cloud (v3, an API token with the account's email, Basic authentication; the
 * enhanced JQL search, paged by {@code nextPageToken}; descriptions in Atlassian Document Format) and
 * Jira Data Center / Server (v2, a personal access token as Bearer; the JQL search paged by
 * {@code startAt}; descriptions as text). The final estimate goes to the story points field: the one
 * the connection names, or the field Jira calls "Story point estimate" or "Story Points".
 */
final class JiraApi extends TrackerApi {

    /** The names of the story points fields, the preferred first (team-managed, then company-managed projects). */
    private static final List<String> POINTS_NAMES = List.of("story point estimate", "story points");
    private static final Set<String> BLOCKS = Set.of("paragraph", "heading", "blockquote", "codeBlock", "rule",
            "tableRow", "mediaSingle", "panel");

    private final boolean cloud;
    private String pointsField;
    private boolean pointsLooked;

    JiraApi(Connection connection, String token, Outbound out) {
        super(connection, token, out);
        this.cloud = connection.kind() == Connection.Kind.JIRA_CLOUD;
        this.pointsField = connection.pointsField();
    }

    @Override
    HttpRequest.Builder authorized(HttpRequest.Builder request) {
        String auth = cloud
                ? "Basic " + Base64.getEncoder()
                        .encodeToString((connection.email() + ":" + token).getBytes(StandardCharsets.UTF_8))
                : "Bearer " + token;
        return request.header("Authorization", auth);
    }

    private String api() {
        return cloud ? "/rest/api/3" : "/rest/api/2";
    }

    @Override
    String test() {
        JsonNode me = call("GET", api() + "/myself", null, "read the account").json();
        JsonNode project = call("GET", api() + "/project/" + encode(connection.project()), null,
                "read the project " + connection.project()).json();
        String field = pointsField();
        return "Connected to Jira as " + text(me, "displayName") + ": project " + text(project, "key") + " ("
                + text(project, "name") + "), " + (field == null
                        ? "no story points field found (name its id to write estimates back)"
                        : "story points in " + field);
    }

    /** The JQL: the connection's own, or the project's unfinished issues in backlog order. */
    String jql() {
        String query = connection.query();
        if (query != null && !query.isBlank()) {
            return query;
        }
        return "project = \"" + connection.project().replace("\"", "")
                + "\" AND statusCategory != Done ORDER BY Rank ASC";
    }

    @Override
    Found find(int max) {
        String field = pointsField();
        String fields = "summary,description" + (field == null ? "" : "," + field);
        List<Remote> found = new ArrayList<>();
        String nextPageToken = null;
        int startAt = 0;
        while (true) {
            String path = cloud
                    ? "/rest/api/3/search/jql?jql=" + encode(jql()) + "&maxResults=" + PAGE + "&fields=" + fields
                            + (nextPageToken == null ? "" : "&nextPageToken=" + encode(nextPageToken))
                    : "/rest/api/2/search?jql=" + encode(jql()) + "&startAt=" + startAt + "&maxResults=" + PAGE
                            + "&fields=" + fields;
            JsonNode page = call("GET", path, null, "search with the query").json();
            JsonNode issues = page.path("issues");
            for (JsonNode issue : issues) {
                if (found.size() == max) {
                    return new Found(found, true);
                }
                found.add(remote(issue, field));
            }
            if (cloud) {
                nextPageToken = page.path("nextPageToken").isTextual() ? page.path("nextPageToken").asText() : null;
                if (nextPageToken == null || page.path("isLast").asBoolean(false) || issues.isEmpty()) {
                    return new Found(found, false);
                }
            } else {
                startAt += issues.size();
                if (issues.isEmpty() || startAt >= page.path("total").asInt(0)) {
                    return new Found(found, false);
                }
            }
        }
    }

    private Remote remote(JsonNode issue, String field) {
        String key = text(issue, "key");
        JsonNode fields = issue.path("fields");
        JsonNode description = fields.path("description");
        String body = description.isTextual() ? description.asText() : description.isObject() ? adf(description) : "";
        boolean estimated = field != null && !fields.path(field).isNull() && !fields.path(field).isMissingNode();
        return new Remote(key, key, text(fields, "summary"), body, connection.baseUrl() + "/browse/" + key, estimated);
    }

    @Override
    void writeBack(String key, String card) {
        BigDecimal points = number(card);
        if (points == null) {
            throw TrackerFailure.permanent(
                    "The final estimate " + card + " is not a number, and Jira's story points take numbers only");
        }
        String field = pointsField();
        if (field == null) {
            throw TrackerFailure.permanent("Jira has no field named Story Points or Story point estimate: name the "
                    + "story points field's id (customfield_…) in the connection");
        }
        call("PUT", api() + "/issue/" + encode(key), Map.of("fields", Map.of(field, points)),
                "set the story points of " + key);
    }

    @Override
    String foundPointsField() {
        return connection.pointsField() == null ? pointsField : null;
    }

    /** The story points field: the connection's, or found once among Jira's fields by its name. */
    String pointsField() {
        if (pointsField == null && !pointsLooked) {
            pointsLooked = true;
            JsonNode fields = call("GET", api() + "/field", null, "list its fields").json();
            for (String name : POINTS_NAMES) {
                for (JsonNode f : fields) {
                    if (text(f, "name").toLowerCase(Locale.ROOT).equals(name) && pointsField == null) {
                        pointsField = text(f, "id");
                    }
                }
            }
        }
        return pointsField;
    }

    /** Atlassian Document Format as plain text: paragraphs apart, list items on lines of their own. */
    static String adf(JsonNode doc) {
        StringBuilder out = new StringBuilder();
        walk(doc, out, false);
        return out.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }

    private static void walk(JsonNode node, StringBuilder out, boolean inList) {
        String type = text(node, "type");
        switch (type) {
            case "text" -> out.append(text(node, "text"));
            case "hardBreak" -> out.append('\n');
            case "mention", "emoji", "status", "date" -> out.append(text(node.path("attrs"), "text"));
            case "inlineCard", "blockCard" -> out.append(text(node.path("attrs"), "url"));
            case "listItem" -> out.append("- ");
            default -> {
                // containers: their content below
            }
        }
        boolean list = inList || type.equals("listItem");
        for (JsonNode child : node.path("content")) {
            walk(child, out, list);
        }
        if (BLOCKS.contains(type) || type.equals("listItem")) {
            if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                out.append('\n');
            }
            if (!list && !type.equals("tableRow")) {
                out.append('\n'); // a paragraph outside a list ends with a blank line
            }
        }
        if ((type.equals("bulletList") || type.equals("orderedList")) && !inList) {
            out.append('\n');
        }
    }
}
