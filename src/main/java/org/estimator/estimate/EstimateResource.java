package org.estimator.estimate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletionStage;

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
import org.estimator.account.CurrentUser;
import org.estimator.common.ApiError;
import org.estimator.common.Bodies;
import org.estimator.group.GroupAccess;
import org.estimator.issue.Backlog;
import org.estimator.issue.IssueView;

/** A round over REST: estimate, review, reveal, lock, restart, timer, deadline. */
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

    public record Deadline(
            @Schema(example = "2026-12-08T17:00:00+01:00", description = "ISO-8601 date and time with its offset, "
                    + "at most 90 days ahead") String closesAt) {
    }

    private final EstimateService estimates;
    private final GroupAccess access;
    private final Backlog backlog;
    private final CurrentUser caller;

    EstimateResource(EstimateService estimates, GroupAccess access, Backlog backlog, CurrentUser caller) {
        this.estimates = estimates;
        this.caller = caller;
        this.access = access;
        this.backlog = backlog;
    }

    /** Runs on the event loop (it returns a stage): the checks and the write run where they may block. */
    @PUT
    @Path("/group/{name}/issues/{id}/estimate")
    public CompletionStage<Response> estimate(@PathParam("name") String name, @PathParam("id") long id, Value body) {
        Value v = Bodies.require(body);
        return estimates.estimate(caller.requireLater(), name, id, v.value(), v.revealMode())
                .thenApply(done -> Response.noContent().build());
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

    /**
     * Gives the open round a deadline: members estimate until then (asynchronously, without a meeting),
     * and at the deadline the round closes and is revealed by itself.
     */
    @PUT
    @Path("/group/{name}/issues/{id}/deadline")
    public IssueView setDeadline(@PathParam("name") String name, @PathParam("id") long id, Deadline body) {
        Deadline d = Bodies.require(body);
        if (d.closesAt() == null || d.closesAt().isBlank()) {
            throw ApiError.invalid("closesAt is required");
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(d.closesAt().strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiError.invalid("closesAt must be an ISO-8601 date and time with its offset, like "
                    + "2026-12-08T17:00:00+01:00 or 2026-12-08T16:00:00Z");
        }
        GroupAccess.Access a = access.member(name).requireOwner();
        estimates.deadline(a, id, at);
        return backlog.view(a.group(), id);
    }

    @DELETE
    @Path("/group/{name}/issues/{id}/deadline")
    public Response removeDeadline(@PathParam("name") String name, @PathParam("id") long id) {
        estimates.deadline(access.member(name).requireOwner(), id, null);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/group/{name}/issues/{id}/timer")
    public Response stopTimer(@PathParam("name") String name, @PathParam("id") long id) {
        estimates.timer(access.member(name).requireOwner(), id, null);
        return Response.noContent().build();
    }
}
