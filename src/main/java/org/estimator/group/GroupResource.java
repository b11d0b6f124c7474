package org.estimator.group;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.estimator.account.CurrentUser;
import org.estimator.common.ApiError;
import org.estimator.common.Bodies;
import org.estimator.common.Enums;
import org.estimator.web.Clients;
import org.estimator.web.Links;

/** The seed contract (create and read a group by name), and the group's own settings. */
@Path("/rest/v1")
@Produces(MediaType.APPLICATION_JSON)
class GroupResource {

    /**
     * What GET answers: everyone gets {@code groupname} (the seed contract); members also get the
     * group's settings and their own role.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GroupView(String groupname, String owner, Integer members, Integer voters,
            @JsonUnwrapped GroupSettings settings, String role) {

        static GroupView seed(String name) {
            return new GroupView(name, null, null, null, null, null);
        }
    }

    public record Settings(@Schema(example = "MODIFIED_FIBONACCI") String deck,
            @Schema(example = "[\"S\", \"M\", \"L\"]") List<String> cards,
            @Schema(example = "ANONYMOUS") String revealMode, @Schema(example = "OWNER") String issuePolicy,
            @Schema(example = "3", minimum = "1", maximum = "100", description = "the review is shown only from this many cards in an anonymous round") Integer reviewMinCards,
            @Schema(description = "reveal a round by itself when every voter has given a card") Boolean autoReveal) {
    }

    public record NewOwner(Long userId) {
    }

    private final GroupService groups;
    private final GroupAccess access;
    private final CurrentUser caller;
    private final Clients clients;

    GroupResource(GroupService groups, GroupAccess access, CurrentUser caller, Clients clients) {
        this.groups = groups;
        this.access = access;
        this.caller = caller;
        this.clients = clients;
    }

    @POST
    @Path("/group/{name}")
    public Response create(@PathParam("name") String name, @Context HttpServerRequest request) {
        String created = groups.create(name, caller.optional().orElse(null), caller.clientAddress());
        return Response.created(Links.group(clients.base(request), created)).entity(Map.of()).build();
    }

    @GET
    @Path("/group/{name}")
    public GroupView read(@PathParam("name") String name, @HeaderParam("Authorization") String authorization) {
        if (authorization == null) {
            // Anonymous callers get the seed contract only: answer it without loading the group.
            if (!groups.exists(name)) {
                throw GroupService.notFound();
            }
            return GroupView.seed(name);
        }
        return details(name);
    }

    /** The group as the caller may see it: members get its settings and their role. */
    private GroupView details(String name) {
        EstimationGroup group = groups.require(name);
        Membership me = caller.optional().flatMap(p -> access.membership(group, p)).orElse(null);
        if (me == null) {
            return GroupView.seed(group.name());
        }
        List<Membership> members = groups.members(group.id());
        int voters = (int) members.stream().filter(m -> m.role().votes()).count();
        return new GroupView(group.name(), group.ownerNickname(), members.size(), voters, GroupSettings.of(group),
                me.role().name());
    }

    @DELETE
    @Path("/group/{name}")
    public Response delete(@PathParam("name") String name) {
        groups.delete(access.member(name).requireOwner());
        return Response.noContent().build();
    }

    @PUT
    @Path("/group/{name}/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public GroupView updateSettings(@PathParam("name") String name, Settings body) {
        Settings s = Bodies.require(body);
        GroupAccess.Access a = access.member(name).requireOwner();
        EstimationGroup g = a.group();
        String deck = s.deck() == null ? g.deck() : s.deck().strip().toUpperCase(Locale.ROOT);
        String custom = s.deck() == null && s.cards() == null ? g.customDeck() : Deck.checkChoice(deck, s.cards());
        groups.updateSettings(a, deck, custom,
                Enums.parse(EstimationGroup.RevealMode.class, "revealMode", s.revealMode(), g.revealMode()),
                Enums.parse(EstimationGroup.IssuePolicy.class, "issuePolicy", s.issuePolicy(), g.issuePolicy()),
                s.reviewMinCards() == null ? g.reviewMinCards() : s.reviewMinCards(),
                s.autoReveal() == null ? g.autoReveal() : s.autoReveal());
        return details(name);
    }

    @POST
    @Path("/group/{name}/owner")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response handOver(@PathParam("name") String name, NewOwner body) {
        NewOwner o = Bodies.require(body);
        if (o.userId() == null) {
            throw ApiError.invalid("userId is required");
        }
        GroupAccess.Access a = access.member(name).requireOwner();
        groups.handOver(a, o.userId());
        return Response.noContent().build();
    }
}
