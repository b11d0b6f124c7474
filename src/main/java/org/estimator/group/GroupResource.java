package org.estimator.group;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
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
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estimator.account.CurrentUser;
import org.estimator.account.Principal;
import org.estimator.web.ApiError;
import org.estimator.web.Bodies;
import org.estimator.web.Links;
import org.estimator.web.RateLimiter;

/** The seed contract (create and read a group by name), and the group's own settings. */
@Path("/rest/v1")
@Produces(MediaType.APPLICATION_JSON)
public class GroupResource {

    /**
     * What GET answers: everyone gets {@code groupname} (the seed contract); members also get the
     * group's settings and their own role.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GroupView(String groupname, String owner, Integer members, Integer voters, String deck,
                            List<String> cards, String revealMode, String issuePolicy, String role) {
    }

    public record Settings(@Schema(example = "MODIFIED_FIBONACCI") String deck, @Schema(example = "[\"S\", \"M\", \"L\"]") List<String> cards,
                           @Schema(example = "ANONYMOUS") String revealMode, @Schema(example = "OWNER") String issuePolicy) {
    }

    public record NewOwner(Long userId) {
    }

    private final GroupService groups;
    private final GroupAccess access;
    private final CurrentUser caller;
    private final RateLimiter limiter;
    private final boolean anonymousCreate;
    private final int groupsPerClient;

    GroupResource(GroupService groups, GroupAccess access, CurrentUser caller, RateLimiter limiter,
                  @ConfigProperty(name = "estimator.groups.anonymous-create") boolean anonymousCreate,
                  @ConfigProperty(name = "estimator.limits.groups-per-client") int groupsPerClient) {
        this.groups = groups;
        this.access = access;
        this.caller = caller;
        this.limiter = limiter;
        this.anonymousCreate = anonymousCreate;
        this.groupsPerClient = groupsPerClient;
    }

    @POST
    @Path("/group/{name}")
    public Response create(@PathParam("name") String name, @Context UriInfo uri) {
        Principal principal = caller.optional().orElse(null);
        if (principal == null && !anonymousCreate) {
            throw ApiError.unauthorized("Sign in to create a group");
        }
        if (principal != null && principal.isGuest()) {
            throw ApiError.forbidden("Guests cannot create groups");
        }
        limiter.hit("create-group:" + caller.clientAddress(), groupsPerClient, Duration.ofHours(1).toMillis(),
                "Too many groups created from this address; try again later");
        groups.create(name, principal == null ? null : principal.userId());
        return Response.created(Links.group(uri, name)).entity(Map.of()).build();
    }

    @GET
    @Path("/group/{name}")
    public GroupView read(@PathParam("name") String name, @HeaderParam("Authorization") String authorization) {
        if (authorization == null) {
            // Anonymous callers get the seed contract only: answer it without loading the group.
            if (!groups.exists(name)) {
                throw ApiError.notFound("Group not found");
            }
            return new GroupView(name, null, null, null, null, null, null, null, null);
        }
        return details(name);
    }

    /** The group as the caller may see it: members get its settings and their role. */
    private GroupView details(String name) {
        EstimationGroup group = groups.require(name);
        Membership me = caller.optional().flatMap(p -> access.membership(group, p)).orElse(null);
        if (me == null) {
            return new GroupView(group.name(), null, null, null, null, null, null, null, null);
        }
        List<Membership> members = groups.members(group.id());
        int voters = (int) members.stream().filter(m -> m.role().votes()).count();
        return new GroupView(group.name(), group.owner().nickname(), members.size(), voters, group.deck(),
                group.deckCards().labels(), group.revealMode().name(), group.issuePolicy().name(), me.role().name());
    }

    @DELETE
    @Path("/group/{name}")
    public Response delete(@PathParam("name") String name) {
        groups.delete(access.member(name).requireOwner().groupId());
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
        groups.updateSettings(a.groupId(), deck, custom,
                parse(EstimationGroup.RevealMode.class, "revealMode", s.revealMode(), g.revealMode()),
                parse(EstimationGroup.IssuePolicy.class, "issuePolicy", s.issuePolicy(), g.issuePolicy()));
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
        groups.handOver(a.groupId(), a.userId(), o.userId());
        return Response.noContent().build();
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String value, E current) {
        if (value == null) {
            return current;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(field + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
