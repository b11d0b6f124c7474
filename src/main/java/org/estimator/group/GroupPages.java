package org.estimator.group;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.estimator.account.CurrentUser;
import org.estimator.account.Principal;
import org.estimator.account.Tokens;
import org.estimator.account.User;
import org.estimator.issue.Backlog;
import org.estimator.issue.IssueResource.IssueView;
import org.estimator.live.EventStore;
import org.estimator.live.Presence;
import org.estimator.web.ApiError;
import org.estimator.web.Links;
import org.estimator.web.Page;
import org.estimator.web.Pages;
import org.estimator.web.WebCookies;
import org.jboss.resteasy.reactive.RestForm;

/** Home, a group's page (the owner's and the members' views) and the invitation page. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class GroupPages {

    /** One of the caller's groups on the home page. */
    public record MyGroup(String name, String path, String role) {
    }

    public record MemberRow(long userId, String nickname, String role, boolean guest, boolean online, boolean me) {

        public String roleName() {
            return role.toLowerCase(java.util.Locale.ROOT);
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

    public record Choice(String value, String label, boolean selected) {
    }

    /** Everything a group's page shows; {@code live} is the part the event stream refreshes. */
    public record GroupModel(String name, String path, String owner, String role, boolean isOwner, boolean mayAddIssues,
                             List<MemberRow> members, int voters, boolean fewVoters, List<IssueRow> issues,
                             List<InvitationRow> invitations, List<Choice> decks, String customCards,
                             List<Choice> revealModes, List<Choice> issuePolicies, List<MemberRow> successors,
                             int reviewMinCards) {
    }

    @CheckedTemplate(basePath = "group")
    static class Templates {
        static native TemplateInstance home(Page page, List<MyGroup> owned, List<MyGroup> joined, String name,
                                            String error);

        static native TemplateInstance group(Page page, GroupModel g, long since);

        static native TemplateInstance group$live(GroupModel g);

        static native TemplateInstance join(Page page, String group, String path, String code, String next,
                                            String state, boolean guests, String error);
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final GroupService groups;
    private final GroupAccess access;
    private final Joining joining;
    private final Backlog backlog;
    private final Presence presence;
    private final EventStore eventLog;
    private final CurrentUser caller;
    private final Tokens tokens;
    private final Pages pages;
    private final WebCookies cookies;

    GroupPages(GroupService groups, GroupAccess access, Joining joining, Backlog backlog, Presence presence,
               EventStore eventLog, CurrentUser caller, Tokens tokens, Pages pages, WebCookies cookies) {
        this.groups = groups;
        this.access = access;
        this.joining = joining;
        this.backlog = backlog;
        this.presence = presence;
        this.eventLog = eventLog;
        this.caller = caller;
        this.tokens = tokens;
        this.pages = pages;
        this.cookies = cookies;
    }

    @GET
    public TemplateInstance home() {
        return home(null, null);
    }

    private TemplateInstance home(String name, String error) {
        List<MyGroup> mine = caller.optional()
                .map(p -> groups.groupsOf(p.userId()).stream()
                        .map(m -> new MyGroup(m.groupName(), Links.segment(m.groupName()),
                                m.role().name().toLowerCase(java.util.Locale.ROOT)))
                        .toList())
                .orElse(List.of());
        List<MyGroup> owned = mine.stream().filter(g -> g.role().equals("owner")).toList();
        List<MyGroup> joined = mine.stream().filter(g -> !g.role().equals("owner")).toList();
        return Templates.home(pages.page(caller.optional().isPresent() ? "Your groups" : "Welcome"), owned, joined,
                name, error);
    }

    /**
     * Creates a group owned by the signed-in user (on the web a group always has a person as owner),
     * by the same rule as the API (see {@link GroupService#create(String, Principal, String)}).
     */
    @POST
    @Path("groups")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String csrf, @RestForm String name) {
        pages.requireForm(csrf);
        Principal p = caller.require();
        String n = name == null ? "" : name.strip();
        String created;
        try {
            created = groups.create(n, p, caller.clientAddress());
        } catch (ApiError e) {
            if (e.status() == 429 || e.status() == 403) {
                throw e;
            }
            return Response.status(e.status()).entity(home(n, e.getMessage()).render()).build();
        }
        return Pages.see("/group/" + Links.segment(created));
    }

    @GET
    @Path("group/{name}")
    public TemplateInstance group(@PathParam("name") String name, @QueryParam("fragment") String fragment) {
        GroupAccess.Access a = access.member(name);
        if ("live".equals(fragment)) {
            return Templates.group$live(model(a));
        }
        long since = eventLog.head(a.groupId()); // before the data: the stream starts where the page stands
        GroupModel g = model(a);
        return Templates.group(pages.page(g.name()), g, since);
    }

    private GroupModel model(GroupAccess.Access a) {
        EstimationGroup group = a.group();
        Set<Long> online = presence.onlineUsers(a.groupId());
        List<Membership> memberships = groups.members(a.groupId());
        List<MemberRow> members = memberships.stream()
                .map(m -> new MemberRow(m.user().id(), m.user().nickname(), m.role().name(),
                        m.user().kind() == User.Kind.GUEST, online.contains(m.user().id()), m.user().id() == a.userId()))
                .toList();
        int voters = (int) members.stream().filter(m -> Membership.Role.valueOf(m.role()).votes()).count();
        long now = System.currentTimeMillis();
        List<InvitationRow> invitations = !a.isOwner() ? List.of() : groups.invitations(a.groupId()).stream()
                .filter(i -> i.usable(now))
                .map(i -> new InvitationRow(i.id(), WHEN.format(Instant.ofEpochMilli(i.createdAt())),
                        i.expiresAt() == null ? "never" : WHEN.format(Instant.ofEpochMilli(i.expiresAt()))))
                .toList();
        return new GroupModel(group.name(), Links.segment(group.name()), group.ownerNickname(),
                a.membership().role().name(), a.isOwner(),
                a.isOwner() || group.issuePolicy() == EstimationGroup.IssuePolicy.MEMBERS,
                members, voters, voters < 3, rows(backlog.viewsFor(a.groupId(), memberships)), invitations,
                choices(Deck.Kind.values(), group.deck()),
                group.customDeck() == null ? "" : group.customDeck().replace(",", ", "),
                choices(EstimationGroup.RevealMode.values(), group.revealMode().name()),
                choices(EstimationGroup.IssuePolicy.values(), group.issuePolicy().name()),
                members.stream().filter(m -> !m.me() && !m.guest()).toList(), group.reviewMinCards());
    }

    private static List<IssueRow> rows(List<IssueView> issues) {
        List<IssueRow> rows = new java.util.ArrayList<>(issues.size());
        for (int i = 0; i < issues.size(); i++) {
            IssueView issue = issues.get(i);
            rows.add(new IssueRow(issue, line(issue.description()), i == 0 ? null : i, i == issues.size() - 1 ? null : i + 2));
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
        return Arrays.stream(values).map(v -> new Choice(v.name(), label(v.name()), v.name().equals(selected))).toList();
    }

    /** MODIFIED_FIBONACCI reads as "Modified Fibonacci". */
    private static String label(String constant) {
        String words = constant.replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        return switch (constant) {
            case "INTEGERS" -> "Whole numbers 1 to 100 (the original)";
            case "TSHIRT" -> "T-shirt sizes";
            case "ANONYMOUS" -> "Anonymous: the aggregate only";
            case "OPEN" -> "Open: cards by name after the reveal (for rounds not yet begun)";
            case "OWNER" -> "Only the owner adds issues";
            case "MEMBERS" -> "Every member may add issues";
            default -> Character.toUpperCase(words.charAt(0)) + words.substring(1);
        };
    }

    /** The invitation page: what the link leads to, and how to join from here. */
    @GET
    @Path("join/{name}")
    public TemplateInstance invitation(@PathParam("name") String name, @QueryParam("code") String code) {
        EstimationGroup group = joining.invitedTo(name, code);
        return joinPage(group, code, null);
    }

    private TemplateInstance joinPage(EstimationGroup group, String code, String error) {
        Principal p = caller.optional().orElse(null);
        String state;
        if (p == null) {
            state = "visitor";
        } else if (groups.membership(group.id(), p.userId()).isPresent() && p.mayActIn(group.id())) {
            state = "member";
        } else if (!p.mayActIn(group.id())) {
            state = "guest-elsewhere";
        } else {
            state = "join";
        }
        String path = Links.segment(group.name());
        String next = "/join/" + path + "?code=" + java.net.URLEncoder.encode(code, java.nio.charset.StandardCharsets.UTF_8);
        return Templates.join(pages.page("Join " + group.name()), group.name(), path, code, next, state,
                joining.guestsAllowed(), error);
    }

    @POST
    @Path("join/{name}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response join(@PathParam("name") String name, @RestForm String csrf, @RestForm String code) {
        pages.requireForm(csrf);
        Principal p = caller.require();
        try {
            joining.join(name, p, code, caller.clientAddress());
        } catch (ApiError e) {
            if (e.status() != 409) {
                throw e;
            }
            return Response.status(409).entity(joinPage(groups.require(name), code, e.getMessage()).render()).build();
        }
        return Pages.see("/group/" + Links.segment(name));
    }

    @POST
    @Path("join/{name}/guest")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response joinAsGuest(@PathParam("name") String name, @RestForm String csrf, @RestForm String code,
                                @RestForm String nickname) {
        pages.requireForm(csrf);
        EstimationGroup group = joining.invitedTo(name, code);
        Joining.Guest guest;
        try {
            guest = joining.joinAsGuest(nickname, code, caller.clientAddress());
        } catch (ApiError e) {
            if (e.status() != 400 && e.status() != 409) {
                throw e;
            }
            return Response.status(e.status()).entity(joinPage(group, code, e.getMessage()).render()).build();
        }
        caller.quietly().ifPresent(tokens::replaced); // the browser's earlier sign-in ends
        cookies.signIn(pages.routing(), guest.token().token(), guest.token().expiresAt());
        return Pages.see("/group/" + Links.segment(group.name()));
    }
}
