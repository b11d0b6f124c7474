package org.estimator.estimate;

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

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.estimator.common.ApiError;
import org.estimator.common.Bodies;
import org.estimator.common.Enums;
import org.estimator.group.EstimationGroup;
import org.estimator.group.GroupAccess;

/** A round over REST: estimate, review, reveal, lock, restart, timer. */
@Path("/rest/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
class EstimateResource {

    /** A card: a number ({@code 5}, {@code 0.5}) or a label ({@code "XL"}, {@code "?"}). */
    public record Value(@Schema(example = "8", description = "a number or a card label") JsonNode value,
            @Schema(example = "ANONYMOUS", description = "optional: the reveal style the voter was shown; "
                    + "409 if the round is no longer held in it") String revealMode) {
    }

    public record Own(String value) {
    }

    public record Timer(@Schema(example = "120", minimum = "1", maximum = "3600") Integer seconds) {
    }

    private final EstimateService estimates;
    private final GroupAccess access;

    EstimateResource(EstimateService estimates, GroupAccess access) {
        this.estimates = estimates;
        this.access = access;
    }

    @PUT
    @Path("/group/{name}/issues/{id}/estimate")
    public Response estimate(@PathParam("name") String name, @PathParam("id") long id, Value body) {
        Value v = Bodies.require(body);
        GroupAccess.Access a = access.member(name).requireVoter();
        EstimationGroup.RevealMode shown = v.revealMode() == null
                ? null
                : Enums.parse(EstimationGroup.RevealMode.class, "revealMode", v.revealMode(), null);
        estimates.estimate(a, id, a.group().deckCards().card(v.value()), shown);
        return Response.noContent().build();
    }

    @GET
    @Path("/group/{name}/issues/{id}/estimate")
    public Own own(@PathParam("name") String name, @PathParam("id") long id) {
        GroupAccess.Access a = access.member(name).requireVoter();
        return estimates.own(a, id).map(Own::new)
                .orElseThrow(() -> ApiError.notFound("You have not estimated this issue"));
    }

    @GET
    @Path("/group/{name}/issues/{id}/review")
    public Review review(@PathParam("name") String name, @PathParam("id") long id) {
        return estimates.review(access.member(name), id);
    }

    @POST
    @Path("/group/{name}/issues/{id}/reveal")
    public Response reveal(@PathParam("name") String name, @PathParam("id") long id) {
        estimates.reveal(access.member(name).requireOwner(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/group/{name}/issues/{id}/lock")
    public Response lock(@PathParam("name") String name, @PathParam("id") long id, Value body) {
        Value v = Bodies.require(body);
        GroupAccess.Access a = access.member(name).requireOwner();
        estimates.lock(a, id, a.group().deckCards().card(v.value()));
        return Response.noContent().build();
    }

    @POST
    @Path("/group/{name}/issues/{id}/restart")
    public Response restart(@PathParam("name") String name, @PathParam("id") long id) {
        estimates.restart(access.member(name).requireOwner(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/group/{name}/issues/{id}/timer")
    public Response startTimer(@PathParam("name") String name, @PathParam("id") long id, Timer body) {
        Timer t = Bodies.require(body);
        if (t.seconds() == null) {
            throw ApiError.invalid("seconds is required");
        }
        estimates.timer(access.member(name).requireOwner(), id, t.seconds());
        return Response.noContent().build();
    }

    @DELETE
    @Path("/group/{name}/issues/{id}/timer")
    public Response stopTimer(@PathParam("name") String name, @PathParam("id") long id) {
        estimates.timer(access.member(name).requireOwner(), id, null);
        return Response.noContent().build();
    }
}
