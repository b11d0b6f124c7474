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
import org.estimator.account.User;
import org.estimator.issue.Backlog;
import org.estimator.issue.IssueResource.IssueView;
import org.estimator.live.EventStore;
import org.estimator.live.Presence;
import org.estimator.web.ApiError;
import org.estimator.web.Csrf;
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
     * An issue in the group's list; {@code up} and {@code down} are the whole backlog's order (ids,
     * comma-separated) with this issue moved one place, or null at either end.
     */
    public record IssueRow(IssueView issue, String up, String down) {
    }

    public record Choice(String value, String label, boolean selected) {
    }

    /** Everything a group's page shows; {@code live} is the part the event stream refreshes. */
    public record GroupModel(String name, String path, String owner, String role, boolean isOwner, boolean mayAddIssues,
                             List<MemberRow> members, int voters, boolean fewVoters, List<IssueRow> issues,
                             List<InvitationRow> invitations, List<Choice> decks, String customCards,
                             List<Choice> revealModes, List<Choice> issuePolicies, List<MemberRow> successors) {
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
    private final Pages pages;
    private final WebCookies cookies;

    GroupPages(GroupService groups, GroupAccess access, Joining joining, Backlog backlog, Presence presence,
               EventStore eventLog, CurrentUser caller, Pages pages, WebCookies cookies) {
        this.groups = groups;
        this.access = access;
        this.joining = joining;
        this.backlog = backlog;
        this.presence = presence;
        this.eventLog = eventLog;
        this.caller = caller;
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
                        .map(m -> new MyGroup(m.group().name(), Links.segment(m.group().name()),
                                m.role().name().toLowerCase(java.util.Locale.ROOT)))
                        .toList())
                .orElse(List.of());
        List<MyGroup> owned = mine.stream().filter(g -> g.role().equals("owner")).toList();
        List<MyGroup> joined = mine.stream().filter(g -> !g.role().equals("owner")).toList();
        return Templates.home(pages.page(caller.optional().isPresent() ? "Your groups" : "Welcome"), owned, joined,
                name, error);
    }

    /** Creates a group owned by the signed-in user (on the web a group always has a person as owner). */
    @POST
    @Path("groups")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String csrf, @RestForm String name) {
        Csrf.requireForm(pages.routing(), csrf);
        Principal p = caller.require();
        if (p.isGuest()) {
            throw ApiError.forbidden("Guests cannot create groups; register to create your own");
        }
        String n = name == null ? "" : name.strip();
        try {
            groups.create(n, p.userId());
        } catch (ApiError e) {
            if (e.status() == 429) {
                throw e;
            }
            return Response.status(e.status()).entity(home(n, e.getMessage()).render()).build();
        }
        return Pages.see("/group/" + Links.segment(n));
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
        int voters = (int) members.stream().filter(m -> !m.role().equals(Membership.Role.OBSERVER.name())).count();
        long now = System.currentTimeMillis();
        List<InvitationRow> invitations = !a.isOwner() ? List.of() : groups.invitations(a.groupId()).stream()
                .filter(i -> i.usable(now))
                .map(i -> new InvitationRow(i.id, WHEN.format(Instant.ofEpochMilli(i.createdAt)),
                        i.expiresAt == null ? "never" : WHEN.format(Instant.ofEpochMilli(i.expiresAt))))
                .toList();
        return new GroupModel(group.name(), Links.segment(group.name()), group.owner().nickname(),
                a.membership().role().name(), a.isOwner(),
                a.isOwner() || group.issuePolicy() == EstimationGroup.IssuePolicy.MEMBERS,
                members, voters, voters < 3, rows(backlog.viewsFor(a.groupId(), memberships)), invitations,
                choices(Deck.Kind.values(), group.deck()),
                group.customDeck() == null ? "" : group.customDeck().replace(",", ", "),
                choices(EstimationGroup.RevealMode.values(), group.revealMode().name()),
                choices(EstimationGroup.IssuePolicy.values(), group.issuePolicy().name()),
                members.stream().filter(m -> !m.me() && !m.guest()).toList());
    }

    private static List<IssueRow> rows(List<IssueView> issues) {
        List<Long> ids = issues.stream().map(IssueView::id).toList();
        List<IssueRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < issues.size(); i++) {
            rows.add(new IssueRow(issues.get(i), i == 0 ? null : swapped(ids, i - 1, i),
                    i == ids.size() - 1 ? null : swapped(ids, i, i + 1)));
        }
        return rows;
    }

    private static String swapped(List<Long> ids, int a, int b) {
        List<Long> order = new java.util.ArrayList<>(ids);
        java.util.Collections.swap(order, a, b);
        return order.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
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
            case "OPEN" -> "Open: cards by name after the reveal";
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
        Csrf.requireForm(pages.routing(), csrf);
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
        Csrf.requireForm(pages.routing(), csrf);
        EstimationGroup group = joining.invitedTo(name, code);
        Joining.Guest guest;
        try {
            guest = joining.joinAsGuest(nickname, code, caller.clientAddress());
        } catch (ApiError e) {
            if (e.status() != 400) {
                throw e;
            }
            return Response.status(400).entity(joinPage(group, code, e.getMessage()).render()).build();
        }
        cookies.signIn(pages.routing(), guest.token().token(), guest.token().expiresAt());
        return Pages.see("/group/" + Links.segment(group.name()));
    }
}
