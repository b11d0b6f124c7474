package org.estimator.group;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.estimator.account.CurrentUser;
import org.estimator.account.Principal;
import org.estimator.common.ApiError;
import org.estimator.common.Bodies;
import org.estimator.common.Enums;
import org.estimator.web.Clients;
import org.estimator.web.Links;
import org.estimator.web.SecretAnswer;

/** Invitations, joining (also as a guest), leaving, the member list and roles. */
@Path("/rest/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
class MemberResource {

    public record NewInvitationRequest(Long expiresInHours) {
    }

    public record InvitationView(long id, String code, String url, long createdAt, Long expiresAt, boolean revoked) {
    }

    public record Join(@Schema(example = "bq3V0y1x5n2VZ4c7c0yqG6R2mJt9hN8sQe1fK3wLpA0") String code) {
    }

    public record GuestJoin(@Schema(example = "Guest Gabi") String nickname,
            @Schema(example = "bq3V0y1x5n2VZ4c7c0yqG6R2mJt9hN8sQe1fK3wLpA0") String code) {
    }

    public record GuestSession(String token, long expiresAt, String groupname) {
    }

    public record RoleChange(@Schema(example = "OBSERVER", enumeration = {
            "VOTER", "OBSERVER"}) String role){
    }

    private final GroupService groups;
    private final GroupAccess access;
    private final CurrentUser caller;
    private final Joining joining;
    private final Clients clients;

    MemberResource(GroupService groups, GroupAccess access, CurrentUser caller, Joining joining, Clients clients) {
        this.groups = groups;
        this.access = access;
        this.caller = caller;
        this.joining = joining;
        this.clients = clients;
    }

    @POST
    @Path("/group/{name}/invitations")
    @SecretAnswer
    public Response invite(@PathParam("name") String name, NewInvitationRequest body) {
        GroupAccess.Access a = access.member(name).requireOwner();
        GroupService.NewInvitation inv = groups.invite(a, body == null ? null : body.expiresInHours());
        return Response.status(201).entity(new InvitationView(inv.id(), inv.code(),
                joinUrl(a.group().name(), inv.code()), System.currentTimeMillis(), inv.expiresAt(), false)).build();
    }

    @GET
    @Path("/group/{name}/invitations")
    public List<InvitationView> invitations(@PathParam("name") String name) {
        GroupAccess.Access a = access.member(name).requireOwner();
        return groups.invitations(a.groupId()).stream()
                .map(i -> new InvitationView(i.id(), null, null, i.createdAt(), i.expiresAt(), i.revokedAt() != null))
                .toList();
    }

    @DELETE
    @Path("/group/{name}/invitations/{id}")
    public Response revokeInvitation(@PathParam("name") String name, @PathParam("id") long id) {
        groups.revokeInvitation(access.member(name).requireOwner(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/group/{name}/members")
    public Response join(@PathParam("name") String name, Join body) {
        Join j = Bodies.require(body);
        Principal principal = caller.require();
        joining.join(name, principal, j.code(), caller.clientAddress());
        return Response.status(201).entity(new MemberView(principal.userId(), principal.nickname(),
                Membership.Role.VOTER.name(), principal.isGuest())).build();
    }

    /** Joins with an invitation code and a nickname only: a guest account limited to that group. */
    @POST
    @Path("/session/guest")
    @SecretAnswer
    public Response joinAsGuest(GuestJoin body) {
        GuestJoin g = Bodies.require(body);
        Joining.Guest guest = joining.joinAsGuest(g.nickname(), g.code(), caller.clientAddress());
        return Response.status(201).entity(new GuestSession(guest.token().token(), guest.token().expiresAt(),
                guest.group().name())).build();
    }

    @GET
    @Path("/group/{name}/members")
    public List<MemberView> members(@PathParam("name") String name) {
        GroupAccess.Access a = access.member(name);
        return groups.members(a.groupId()).stream()
                .map(MemberView::of)
                .toList();
    }

    @DELETE
    @Path("/group/{name}/members/me")
    public Response leave(@PathParam("name") String name) {
        GroupAccess.Access a = access.member(name);
        groups.removeMember(a, a.userId(), true);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/group/{name}/members/{userId}")
    public Response remove(@PathParam("name") String name, @PathParam("userId") long userId) {
        GroupAccess.Access a = access.member(name).requireOwner();
        groups.removeMember(a, userId, false);
        return Response.noContent().build();
    }

    @PUT
    @Path("/group/{name}/members/{userId}/role")
    public MemberView changeRole(@PathParam("name") String name, @PathParam("userId") long userId, RoleChange body) {
        RoleChange r = Bodies.require(body);
        GroupAccess.Access a = access.member(name).requireOwner();
        Membership.Role role = Enums.parse(Membership.Role.class, "role", r.role(), null);
        if (role == null) {
            throw ApiError.invalid("role is required");
        }
        groups.changeRole(a, userId, role);
        return groups.members(a.groupId()).stream().filter(m -> m.user().id() == userId)
                .map(MemberView::of)
                .findFirst().orElseThrow(() -> ApiError.notFound("Member not found"));
    }

    /**
     * The page a colleague opens to join (served by the web pages). It carries the code, so it is
     * built on ESTIMATOR_PUBLIC_URL only, never on the request's Host; without that setting it is
     * relative to the server the client called.
     */
    private String joinUrl(String name, String code) {
        return clients.secretBase() + "/join/" + Links.segment(name) + "?code=" + code;
    }
}
