package org.estimator.tracker;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One tracker's REST API, for one connection: check it, find the issues its query names, and write
 * a final estimate back. Every call goes through {@link Outbound}; an answer that is not a success
 * becomes a {@link TrackerFailure} saying what went wrong in the tracker's words where it gives some.
 */
abstract class TrackerApi {

    /** An issue as the tracker has it. {@code key} is what a write-back names it by there. */
    record Remote(String key, String storyRef, String title, String body, String url, boolean estimated) {
    }

    /** What a query found, up to the number asked for; {@code more} when the tracker has more. */
    record Found(List<Remote> issues, boolean more) {
    }

    /** Issues asked for per page. */
    static final int PAGE = 100;

    final Connection connection;
    final String token;
    final Outbound out;

    TrackerApi(Connection connection, String token, Outbound out) {
        this.connection = connection;
        this.token = token;
        this.out = out;
    }

    static TrackerApi of(Connection connection, String token, Outbound out) {
        return switch (connection.kind()) {
            case JIRA_CLOUD, JIRA_DATA_CENTER -> new JiraApi(connection, token, out);
            case GITHUB -> new GitHubApi(connection, token, out);
            case GITLAB -> new GitLabApi(connection, token, out);
        };
    }

    /** Checks the address, the token and the project; says what it reached. */
    abstract String test();

    /** Up to {@code max} issues the connection's query finds, in the tracker's order. */
    abstract Found find(int max);

    /** Writes the final estimate {@code card} to the issue {@code key}. */
    abstract void writeBack(String key, String card);

    /** The story points field this API looked up (Jira), for the connection to keep; null otherwise. */
    String foundPointsField() {
        return null;
    }

    String name() {
        return connection.kind().label;
    }

    /** Adds the tracker's authentication and content headers to a request. */
    abstract HttpRequest.Builder authorized(HttpRequest.Builder request);

    /** Calls {@code path} (with its query) on the connection's address; fails unless the answer is a success. */
    Outbound.Reply call(String method, String path, Object body, String what) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(connection.baseUrl() + path))
                .header("Accept", "application/json").header("User-Agent", "Estimator");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(json(body)));
        }
        Outbound.Reply reply = out.send(name(), authorized(request));
        if (!reply.ok()) {
            throw failure(reply, what);
        }
        return reply;
    }

    /** What an answer that is not a success means for the owner. */
    TrackerFailure failure(Outbound.Reply reply, String what) {
        String said = said(reply);
        String detail = said == null ? "" : ": " + said;
        int status = reply.status();
        if (status == 401) {
            return TrackerFailure.permanent(name() + " refused the token (401): check it and that it has not expired");
        }
        if (status == 403) {
            return TrackerFailure.permanent(name() + " does not let this token " + what + " (403)" + detail);
        }
        if (status == 404) {
            return TrackerFailure.permanent(name() + " found nothing to " + what + " (404): check the project"
                    + (connection.kind().jira() ? ", the query" : "") + " and the token's access" + detail);
        }
        if (status >= 500 || status == 408) {
            return TrackerFailure.temporary(name() + " answered " + status + " when asked to " + what + detail);
        }
        return TrackerFailure.permanent(name() + " refused to " + what + " (" + status + ")" + detail);
    }

    /** The tracker's own error message, cut short and on one line; null when it gives none. */
    private static String said(Outbound.Reply reply) {
        JsonNode node;
        try {
            node = Outbound.JSON.readTree(reply.body());
        } catch (JsonProcessingException e) {
            return null;
        }
        if (node == null) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode m : node.path("errorMessages")) { // Jira
            text.append(m.asText()).append(' ');
        }
        node.path("errors").fields().forEachRemaining(e -> text.append(e.getKey()).append(": ")
                .append(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()).append(' '));
        for (String field : List.of("message", "error", "error_description")) { // GitHub, GitLab
            if (node.path(field).isTextual()) {
                text.append(node.path(field).asText()).append(' ');
            }
        }
        String one = text.toString().replaceAll("\\p{Cntrl}+", " ").strip();
        if (one.isEmpty()) {
            return null;
        }
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }

    static String json(Object body) {
        try {
            return Outbound.JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A card as a number (½ is 0.5), or null when it is not one (XL, ?, coffee). */
    static BigDecimal number(String card) {
        String text = card.strip().replace("½", "0.5");
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? "" : value.asText();
    }
}
