package org.estimator.tracker;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.estimator.common.ApiError;
import org.estimator.common.Enums;
import org.estimator.common.Texts;
import org.estimator.config.Settings;
import org.estimator.db.Database;
import org.estimator.group.GroupAccess;
import org.estimator.issue.Issue;
import org.estimator.issue.IssueService;
import org.estimator.live.GroupEvents;

/**
 * A group's connection to its tracker: saving it (the token sealed, the address checked), testing
 * it, previewing and importing what its query finds, and the state of the final estimates written
 * back. Only the group's owner does any of it, and only with a connection that owner saved: a token
 * is its saver's, so after a hand-over the new owner saves their own.
 */
@ApplicationScoped
public class TrackerService {

    /** A connection as the owner sends it; the token may be left out to keep the saved one (same tracker and address). */
    public record Draft(
            @Schema(enumeration = {
                    "JIRA_CLOUD", "JIRA_DATA_CENTER", "GITHUB", "GITLAB"}) String kind,
            @Schema(example = "https://example.atlassian.net", description = "the tracker's address; GitHub and GitLab default to github.com and gitlab.com") String baseUrl,
            @Schema(example = "SHOP", description = "Jira: the project key; GitHub: owner/repository; GitLab: the project's path or id") String project,
            @Schema(description = "Jira: a JQL query (default: the project's unfinished issues in backlog order); GitHub, GitLab: labels, comma-separated") String query,
            @Schema(description = "GitHub: a milestone's title or number") String milestone,
            @Schema(description = "Jira Cloud: the email of the account the API token belongs to") String email,
            @Schema(description = "the token; never returned") String token,
            @Schema(example = "customfield_10016", description = "Jira: the story points field (default: the field named Story point estimate or Story Points)") String pointsField,
            @Schema(description = "GitHub: also comment the final estimate on the issue") Boolean comment){
    }

    /** A connection as the owner sees it: never its token. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(String kind, String tracker, String baseUrl, String project, String query, String milestone,
            String email, String pointsField, boolean comment, long savedAt, boolean usable, String problem) {
    }

    /** An issue a query found; {@code known}: the group has its story reference already. */
    public record Found(String storyRef, String title, String description, String link, boolean estimated,
            boolean known) {
    }

    /** What an import through the connection would bring; {@code more} when the tracker has more than was read. */
    public record Preview(List<Found> issues, boolean more) {
    }

    /** A final estimate written back, or being written. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WriteBackView(String tracker, String finalEstimate, String state, int attempts, Long nextAttemptAt,
            String message, long updatedAt) {
    }

    /** At most this many issues come in with one import (the group's limit also applies). */
    static final int MAX_IMPORT = 500;

    private final Database db;
    private final GroupEvents events;
    private final IssueService issues;
    private final SecretBox secrets;
    private final Outbound out;
    private final WriteBacks writeBacks;
    private final int issuesPerGroup;

    TrackerService(Database db, GroupEvents events, IssueService issues, SecretBox secrets, Outbound out,
            WriteBacks writeBacks, Settings settings) {
        this.db = db;
        this.events = events;
        this.issues = issues;
        this.secrets = secrets;
        this.out = out;
        this.writeBacks = writeBacks;
        this.issuesPerGroup = settings.limits().issuesPerGroup();
    }

    /** The group's connection, if it has one. */
    public Optional<View> view(GroupAccess.Access owner) {
        return connection(owner.groupId()).map(c -> view(c, owner));
    }

    private View view(Connection c, GroupAccess.Access owner) {
        String problem = problem(c, owner);
        return new View(c.kind().name(), c.kind().label, c.baseUrl(), c.project(), c.query(), c.milestone(), c.email(),
                c.pointsField(), c.comment(), c.savedAt(), problem == null, problem);
    }

    /** Why the connection cannot be used by this owner now, or null. */
    private static String problem(Connection c, GroupAccess.Access owner) {
        return c.savedBy() == owner.userId()
                ? null
                : "This connection was saved by a former owner of the group, with their token: save it again with "
                        + "yours to use it";
    }

    Optional<Connection> connection(long groupId) {
        return db.read(q -> TrackerStore.find(q, groupId));
    }

    /**
     * Saves the group's connection. Its address, project and token are checked here, not by calling
     * the tracker (use {@link #test}). A connection to another tracker, address or project replaces
     * the old one (its issues are no longer written back); otherwise the issues stay linked.
     */
    View save(GroupAccess.Access owner, Draft draft) {
        Connection.Kind kind = Enums.parse(Connection.Kind.class, "kind", required("kind", draft.kind()), null);
        String base = draft.baseUrl() == null || draft.baseUrl().isBlank() ? kind.defaultUrl : draft.baseUrl();
        if (base == null) {
            throw ApiError
                    .invalid("baseUrl is required for Jira: your site's address, e.g. https://example.atlassian.net");
        }
        base = out.baseUrl("baseUrl", Texts.check("baseUrl", base, 1, 500, false));
        String project = project(kind, required("project", draft.project()));
        String query = optional("query", draft.query(), 1000);
        String milestone = kind == Connection.Kind.GITHUB ? optional("milestone", draft.milestone(), 100) : null;
        String email = null;
        if (kind == Connection.Kind.JIRA_CLOUD) {
            email = Texts.check("email", required("email", draft.email()), 3, 254, false);
            if (!email.matches("[^@\\s]+@[^@\\s]+")) {
                throw ApiError.invalid("email must be the email address of the Jira account");
            }
        }
        String points = kind.jira() ? optional("pointsField", draft.pointsField(), 64) : null;
        if (points != null && !points.matches("customfield_\\d{1,12}")) {
            throw ApiError.invalid("pointsField must be a Jira field id like customfield_10016");
        }
        boolean comment = kind == Connection.Kind.GITHUB && Boolean.TRUE.equals(draft.comment());
        String token = draft.token() == null || draft.token().isBlank() ? null : draft.token().strip();
        if (token != null && (token.length() > 1000 || !token.matches("\\S+"))) {
            throw ApiError.invalid("token must be one word of at most 1,000 characters");
        }
        if (!secrets.available()) {
            throw ApiError.conflict("Tracker connections need the server's key: the operator sets ESTIMATOR_SECRET_KEY "
                    + "(the same on every instance) or ESTIMATOR_SECRET_KEY_FILE");
        }
        String baseUrl = base;
        String sealed = token == null ? null : secrets.seal(token, Connection.context(owner.groupId()));
        String finalEmail = email;
        Connection saved = db.write(tx -> {
            events.lock(tx, owner.groupId());
            GroupAccess.confirm(tx, owner);
            Optional<Connection> old = TrackerStore.find(tx.dsl(), owner.groupId());
            boolean same = old.isPresent() && old.get().kind() == kind && old.get().baseUrl().equals(baseUrl)
                    && old.get().project().equals(project);
            // The saved token may be kept only by the owner who saved it, for the same tracker: a token is never
            // sent to an address it was not given for, nor used by someone it was not given to.
            boolean keepToken = same && old.get().savedBy() == owner.userId()
                    && (kind != Connection.Kind.JIRA_CLOUD || old.get().email().equals(finalEmail));
            if (sealed == null && !keepToken) {
                throw ApiError.invalid("token is required");
            }
            long now = System.currentTimeMillis();
            Connection c = new Connection(same ? old.get().id() : 0, owner.groupId(), kind, baseUrl, project, query,
                    milestone, finalEmail, sealed == null ? old.get().tokenSecret() : sealed,
                    points != null ? points : same ? old.get().pointsField() : null, comment, owner.userId(), now);
            if (same) {
                TrackerStore.update(tx, c);
                return c;
            }
            TrackerStore.delete(tx, owner.groupId());
            return new Connection(TrackerStore.insert(tx, c), c.groupId(), kind, baseUrl, project, query, milestone,
                    finalEmail, c.tokenSecret(), c.pointsField(), comment, owner.userId(), now);
        });
        return view(saved, owner);
    }

    void delete(GroupAccess.Access owner) {
        boolean deleted = db.write(tx -> {
            events.lock(tx, owner.groupId());
            GroupAccess.confirm(tx, owner);
            return TrackerStore.delete(tx, owner.groupId());
        });
        if (!deleted) {
            throw noConnection();
        }
    }

    /** Calls the tracker with the connection: address, token, project; says what it reached. */
    String test(GroupAccess.Access owner) {
        return withApi(owner, TrackerApi::test);
    }

    /** What an import would bring now (nothing is added). */
    Preview preview(GroupAccess.Access owner) {
        Set<String> known = Set.copyOf(issues.list(owner.groupId()).stream().map(Issue::storyRef).toList());
        TrackerApi.Found found = withApi(owner, api -> api.find(MAX_IMPORT));
        return new Preview(found.issues().stream().map(r -> {
            IssueService.Draft d = draft(r);
            return new Found(d.storyRef(), r.title(), d.description(), d.link(), r.estimated(),
                    known.contains(d.storyRef()));
        }).toList(), found.more());
    }

    /**
     * Adds what the connection's query finds (up to {@value #MAX_IMPORT} and the group's room), each
     * issue linked to the connection so that its final estimate is written back; issues the group has
     * already are left out, and those the tracker has an estimate for when asked.
     */
    IssueService.Imported importIssues(GroupAccess.Access owner, boolean skipEstimated) {
        int max = issuesPerGroup > 0 ? Math.min(MAX_IMPORT, issuesPerGroup) : MAX_IMPORT;
        long[] trackerId = new long[1];
        TrackerApi.Found found = withApi(owner, api -> {
            trackerId[0] = api.connection.id();
            return api.find(max);
        });
        List<IssueService.Incoming> incoming = found.issues().stream()
                .map(r -> new IssueService.Incoming(draft(r), r.estimated(), r.key())).toList();
        return issues.importIssues(owner, incoming, skipEstimated, trackerId[0]);
    }

    private static IssueService.Draft draft(TrackerApi.Remote r) {
        return IssueService.Draft.of(r.storyRef(), r.title(), r.body(), r.url());
    }

    /** The final estimate's write-back of an issue, if it came through a connection and was locked. */
    public Optional<WriteBackView> writeBack(GroupAccess.Access owner, long issueId) {
        issues.require(owner.groupId(), issueId);
        return writeBacks.view(issueId);
    }

    /** Tries a write-back again now, from its first attempt (after a failure, or to write it once more). */
    void retry(GroupAccess.Access owner, long issueId) {
        issues.require(owner.groupId(), issueId);
        if (!writeBacks.retry(issueId)) {
            throw noWriteBack();
        }
    }

    /** Runs {@code call} with the API of the group's connection, usable by this owner; tracker failures become 502-504. */
    private <T> T withApi(GroupAccess.Access owner, java.util.function.Function<TrackerApi, T> call) {
        Connection c = connection(owner.groupId()).orElseThrow(TrackerService::noConnection);
        String problem = problem(c, owner);
        if (problem != null) {
            throw ApiError.conflict(problem);
        }
        TrackerApi api = TrackerApi.of(c, secrets.open(c.tokenSecret(), Connection.context(c.groupId())), out);
        try {
            return call.apply(api);
        } catch (TrackerFailure e) {
            throw e.toApi();
        } finally {
            writeBacks.keepPointsField(api);
        }
    }

    static ApiError noWriteBack() {
        return ApiError.notFound("This issue has no final estimate to write back: it was not imported through the "
                + "group's tracker connection, or it is not locked");
    }

    static ApiError noConnection() {
        return ApiError.notFound("The group has no tracker connection");
    }

    private static String project(Connection.Kind kind, String value) {
        String p = value.strip();
        boolean fine = switch (kind) {
            case JIRA_CLOUD, JIRA_DATA_CENTER -> p.matches("[A-Za-z][A-Za-z0-9_]{0,99}");
            case GITHUB -> p.matches("[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}");
            case GITLAB -> p.matches("\\d{1,18}|[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+){1,20}") && p.length() <= 200;
        };
        if (!fine) {
            throw ApiError.invalid(switch (kind) {
                case JIRA_CLOUD, JIRA_DATA_CENTER -> "project must be a Jira project key, like SHOP";
                case GITHUB -> "project must be a GitHub repository as owner/name";
                case GITLAB -> "project must be a GitLab project's path (group/project) or its id";
            });
        }
        return kind.jira() ? p.toUpperCase(java.util.Locale.ROOT) : p;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiError.invalid(field + " is required");
        }
        return value;
    }

    private static String optional(String field, String value, int max) {
        return value == null || value.isBlank() ? null : Texts.check(field, value, 1, max, false);
    }
}
