package org.estimator.group;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.estimator.account.CurrentUser;
import org.estimator.account.Principal;
import org.estimator.account.Tokens;
import org.estimator.common.ApiError;
import org.estimator.web.Links;
import org.estimator.web.Page;
import org.estimator.web.Pages;
import org.estimator.web.WebCookies;
import org.jboss.resteasy.reactive.RestForm;

/** Home, a group's page (the owner's and the members' views) and the invitation page. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
class GroupPages {

    /** One of the caller's groups on the home page. */
    public record MyGroup(String name, String path, String role) {
    }

    @CheckedTemplate(basePath = "group")
    static class Templates {

        static native TemplateInstance home(Page page, List<MyGroup> owned, List<MyGroup> joined,
                List<OpenRounds.Round> rounds, String name, String error);

        static native TemplateInstance join(Page page, String group, String path, String code, String next,
                String state, boolean guests, String error, org.estimator.account.SingleSignOn.View sso);
    }

    private final GroupService groups;
    private final GroupAccess access;
    private final Joining joining;
    private final CurrentUser caller;
    private final Tokens tokens;
    private final Pages pages;
    private final WebCookies cookies;
    private final OpenRounds openRounds;
    private final org.estimator.account.SingleSignOn sso;

    GroupPages(GroupService groups, GroupAccess access, Joining joining, CurrentUser caller, Tokens tokens, Pages pages,
            WebCookies cookies, OpenRounds openRounds, org.estimator.account.SingleSignOn sso) {
        this.openRounds = openRounds;
        this.sso = sso;
        this.groups = groups;
        this.access = access;
        this.joining = joining;
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
        List<OpenRounds.Round> rounds = caller.optional().map(p -> openRounds.of(p.userId())).orElse(List.of());
        return Templates.home(
                pages.page(caller.optional().isPresent() ? pages.msg().yourGroups() : pages.msg().titleWelcome()),
                owned, joined,
                rounds, name, error);
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
        } else if (access.membership(group, p).isPresent()) {
            state = "member";
        } else if (!p.mayActIn(group.id())) {
            state = "guest-elsewhere";
        } else {
            state = "join";
        }
        String path = Links.segment(group.name());
        String next = "/join/" + path + "?code="
                + java.net.URLEncoder.encode(code, java.nio.charset.StandardCharsets.UTF_8);
        return Templates.join(pages.page(pages.msg().titleJoin(group.name())), group.name(), path, code, next, state,
                joining.guestsAllowed(), error, sso.view());
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
