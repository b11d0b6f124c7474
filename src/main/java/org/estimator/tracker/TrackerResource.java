package org.estimator.tracker;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.estimator.common.Bodies;
import org.estimator.group.GroupAccess;
import org.estimator.issue.IssueService;

/**
 * A group's tracker connection over REST (the owner's alone): save, read (never the token), remove,
 * test, preview, import; and each issue's write-back of its final estimate. A failure of the tracker
 * itself answers 502 (it refused or failed), 503 with Retry-After (it asks to wait) or 504 (it did not
 * answer in time), with the tracker's reason in the message.
 */
@Path("/rest/v1")
@Produces(MediaType.APPLICATION_JSON)
class TrackerResource {

    public record Tested(@Schema(example = "Connected to GitHub: example-org/example-app") String message) {
    }

    private final TrackerService trackers;
    private final GroupAccess access;

    TrackerResource(TrackerService trackers, GroupAccess access) {
        this.trackers = trackers;
        this.access = access;
    }

    @GET
    @Path("/group/{name}/tracker")
    public TrackerService.View read(@PathParam("name") String name) {
        return trackers.view(owner(name)).orElseThrow(TrackerService::noConnection);
    }

    @PUT
    @Path("/group/{name}/tracker")
    @Consumes(MediaType.APPLICATION_JSON)
    public TrackerService.View save(@PathParam("name") String name, TrackerService.Draft body) {
        TrackerService.Draft draft = Bodies.require(body);
        return trackers.save(owner(name), draft);
    }

    @DELETE
    @Path("/group/{name}/tracker")
    public Response delete(@PathParam("name") String name) {
        trackers.delete(owner(name));
        return Response.noContent().build();
    }

    @POST
    @Path("/group/{name}/tracker/test")
    public Tested test(@PathParam("name") String name) {
        return new Tested(trackers.test(owner(name)));
    }

    @POST
    @Path("/group/{name}/tracker/preview")
    public TrackerService.Preview preview(@PathParam("name") String name) {
        return trackers.preview(owner(name));
    }

    /** Adds what the connection's query finds; 201 when something was added, 200 when nothing was new. */
    @POST
    @Path("/group/{name}/tracker/import")
    public Response importIssues(@PathParam("name") String name,
            @QueryParam("skipEstimated") @Schema(description = "leave out issues the tracker has an estimate for") boolean skipEstimated) {
        IssueService.Imported imported = trackers.importIssues(owner(name), skipEstimated);
        return Response.status(imported.created() > 0 ? 201 : 200).entity(imported).build();
    }

    @GET
    @Path("/group/{name}/issues/{id}/tracker")
    public TrackerService.WriteBackView writeBack(@PathParam("name") String name, @PathParam("id") long id) {
        return trackers.writeBack(owner(name), id).orElseThrow(TrackerService::noWriteBack);
    }

    @POST
    @Path("/group/{name}/issues/{id}/tracker/retry")
    public Response retry(@PathParam("name") String name, @PathParam("id") long id) {
        trackers.retry(owner(name), id);
        return Response.noContent().build();
    }

    private GroupAccess.Access owner(String name) {
        return access.member(name).requireOwner();
    }
}
