package org.estimator.estimate;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.estimator.account.User;
import org.estimator.group.Deck;
import org.estimator.group.EstimationGroup;
import org.estimator.group.GroupAccess;
import org.estimator.group.GroupService;
import org.estimator.group.Membership;
import org.estimator.issue.Backlog;
import org.estimator.issue.IssueView;
import org.estimator.live.GroupEvents;
import org.estimator.live.Presence;
import org.estimator.tracker.TrackerService;
import org.estimator.web.Links;
import org.estimator.web.Page;
import org.estimator.web.Pages;

/**
 * A group's page: its backlog with the round of each issue, its members with who is online, and
 * the owner's settings and invitations. It sits here, beside the issue's page, because it shows
 * every feature below it (groups, issues, estimates, presence); group/ keeps the pages that
 * belong to groups alone (home, joining).
 */
@Path("/group/{name}")
@Produces(MediaType.TEXT_HTML)
class GroupPage {

    public record MemberRow(long userId, String nickname, String role, boolean guest, boolean online, boolean me) {

        public String roleName() {
            return role.toLowerCase(java.util.Locale.ROOT);
        }

        public boolean observer() {
            return !Membership.Role.valueOf(role).votes();
        }
    }

    public record InvitationRow(long id, String created, String expires) {
    }

    /**
     * An issue in the group's list: {@code text} is its description cut to a line, and {@code up} and
     * {@code down} the positions it moves to (null at either end). A row holds no more than that, so
     * the page grows by a few hundred bytes per issue, whatever the backlog's size.
     */
    public record IssueRow(IssueView issue, String text, Integer up, Integer down) {
    }

    /** How much of a description the list shows; the issue's page shows all of it. */
    static final int LIST_TEXT = 90;

    /** One choice of a setting: its value (the page names it through the message bundle's {@code choice}). */
    public record Choice(String value, boolean selected) {
    }

    /** A decided issue in the group's history: how long its estimating took ({@code null}: no card was given). */
    public record HistoryRow(IssueView issue, Took took, String lockedAt) {
    }

    /** A time span in the units the page shows it in. */
    public record Took(long days, long hours, long minutes, long seconds) {

        static Took of(Long seconds) {
            if (seconds == null) {
                return null;
            }
            long s = Math.max(0, seconds);
            return new Took(s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60);
        }
    }

    /** Everything a group's page shows; {@code live} is the part the event stream refreshes. */
    public record GroupModel(String name, String path, String owner, String role, boolean isOwner, boolean mayAddIssues,
            List<MemberRow> members, int voters, boolean fewVoters, List<IssueRow> issues,
            List<InvitationRow> invitations, List<Choice> decks, String customCards,
            List<Choice> revealModes, List<Choice> issuePolicies, List<MemberRow> successors,
            int reviewMinCards, boolean autoReveal, List<HistoryRow> history, String total) {
    }

    @CheckedTemplate(basePath = "group")
    static class Templates {

        /** {@code tracker}: for the owner, the group's tracker connection ("GitHub: owner/repo"), or null. */
        static native TemplateInstance group(Page page, GroupModel g, long since, String tracker);

        static native TemplateInstance group$live(GroupModel g);
    }

    private final GroupService groups;
    private final GroupAccess access;
    private final Backlog backlog;
    private final Presence presence;
    private final GroupEvents eventLog;
    private final Pages pages;
    private final TrackerService trackers;

    GroupPage(GroupService groups, GroupAccess access, Backlog backlog, Presence presence, GroupEvents eventLog,
            Pages pages, TrackerService trackers) {
        this.trackers = trackers;
        this.groups = groups;
        this.access = access;
        this.backlog = backlog;
        this.presence = presence;
        this.eventLog = eventLog;
        this.pages = pages;
    }

    @GET
    public TemplateInstance group(@PathParam("name") String name, @QueryParam("fragment") String fragment) {
        GroupAccess.Access a = access.member(name);
        if ("live".equals(fragment)) {
            return Templates.group$live(model(a));
        }
        long since = eventLog.head(a.groupId()); // before the data: the stream starts where the page stands
        GroupModel g = model(a);
        String tracker = a.isOwner() ? trackers.view(a).map(t -> t.tracker() + ": " + t.project()).orElse(null) : null;
        return Templates.group(pages.page(g.name()), g, since, tracker);
    }

    private GroupModel model(GroupAccess.Access a) {
        EstimationGroup group = a.group();
        Set<Long> online = presence.onlineUsers(a.groupId());
        List<Membership> memberships = groups.members(a.groupId());
        List<MemberRow> members = memberships.stream()
                .map(m -> new MemberRow(m.user().id(), m.user().nickname(), m.role().name(),
                        m.user().kind() == User.Kind.GUEST, online.contains(m.user().id()),
                        m.user().id() == a.userId()))
                .toList();
        int voters = (int) members.stream().filter(m -> !m.observer()).count();
        List<IssueView> views = backlog.viewsFor(group, memberships);
        long now = System.currentTimeMillis();
        List<InvitationRow> invitations = !a.isOwner()
                ? List.of()
                : groups.invitations(a.groupId()).stream()
                        .filter(i -> i.usable(now))
                        .map(i -> new InvitationRow(i.id(), pages.dateTime(i.createdAt()),
                                i.expiresAt() == null ? pages.msg().never() : pages.dateTime(i.expiresAt())))
                        .toList();
        return new GroupModel(group.name(), Links.segment(group.name()), group.ownerNickname(),
                a.membership().role().name(), a.isOwner(),
                a.isOwner() || group.issuePolicy() == EstimationGroup.IssuePolicy.MEMBERS,
                members, voters, Membership.fewVoters(voters), rows(views),
                invitations,
                choices(Deck.Kind.values(), group.deck()),
                group.customDeck() == null ? "" : group.customDeck().replace(",", ", "),
                choices(EstimationGroup.RevealMode.values(), group.revealMode().name()),
                choices(EstimationGroup.IssuePolicy.values(), group.issuePolicy().name()),
                members.stream().filter(m -> !m.me() && !m.guest()).toList(), group.reviewMinCards(),
                group.autoReveal(), history(views), total(views, group.deckCards()));
    }

    /** The locked issues, in backlog order: what was decided, in how many rounds, how long it took. */
    private static List<HistoryRow> history(List<IssueView> views) {
        return views.stream().filter(IssueView::locked)
                .map(i -> new HistoryRow(i, Took.of(i.estimatingSeconds()), i.lockedAt())).toList();
    }

    /** The sum of the final estimates, for a deck of numbers (T-shirt sizes have no sum); null otherwise. */
    static String total(List<IssueView> views, Deck deck) {
        if (deck.kind() == Deck.Kind.TSHIRT) {
            return null;
        }
        java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
        boolean any = false;
        for (IssueView i : views) {
            if (i.locked() && i.finalEstimate() != null) {
                Double value = deck.byLabel(i.finalEstimate()).map(Deck.Card::value).orElse(null);
                if (value != null) {
                    sum = sum.add(java.math.BigDecimal.valueOf(value));
                    any = true;
                }
            }
        }
        return any ? sum.stripTrailingZeros().toPlainString() : null;
    }

    private static List<IssueRow> rows(List<IssueView> issues) {
        List<IssueRow> rows = new java.util.ArrayList<>(issues.size());
        for (int i = 0; i < issues.size(); i++) {
            IssueView issue = issues.get(i);
            rows.add(new IssueRow(issue, line(issue.description()), i == 0 ? null : i,
                    i == issues.size() - 1 ? null : i + 2));
        }
        return rows;
    }

    /** The first line of a text, cut to {@value #LIST_TEXT} characters (code points). */
    private static String line(String text) {
        String first = text.lines().findFirst().orElse("");
        if (first.codePointCount(0, first.length()) <= LIST_TEXT && first.length() == text.length()) {
            return text;
        }
        int end = first.offsetByCodePoints(0, Math.min(LIST_TEXT, first.codePointCount(0, first.length())));
        return first.substring(0, end) + "…";
    }

    private static List<Choice> choices(Enum<?>[] values, String selected) {
        return Arrays.stream(values).map(v -> new Choice(v.name(), v.name().equals(selected))).toList();
    }
}
