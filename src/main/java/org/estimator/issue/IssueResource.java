package org.estimator.issue;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.estimator.common.ApiError;
import org.estimator.common.Bodies;
import org.estimator.group.GroupAccess;
import org.estimator.web.Clients;
import org.estimator.web.Links;

/** The backlog over REST: list, read, add, edit, delete, reorder, import (CSV, trackers' exports) and export (CSV, JSON). */
@Path("/rest/v1")
@Produces(MediaType.APPLICATION_JSON)
class IssueResource {

    public record Order(List<Long> ids) {
    }

    public record Position(
            @Schema(example = "1", description = "the issue's new place, 1 being the top") Integer position) {
    }

    /** A result: the issue, its final estimate and how it was reached (rounds, time from first card to lock). */
    public record ExportRow(String storyRef, String description, String state, String finalEstimate, String link,
            int rounds, Long estimatingSeconds, String lockedAt) {
    }

    public record Quick(
            @Schema(example = "Login bug", maxLength = 32, description = "optional; a time stamp otherwise") String storyRef) {
    }

    private final IssueService issues;
    private final GroupAccess access;
    private final Backlog backlog;
    private final Clients clients;

    IssueResource(IssueService issues, GroupAccess access, Backlog backlog, Clients clients) {
        this.issues = issues;
        this.access = access;
        this.backlog = backlog;
        this.clients = clients;
    }

    @GET
    @Path("/group/{name}/issues")
    public List<IssueView> list(@PathParam("name") String name) {
        GroupAccess.Access a = access.member(name);
        return views(a, issues.list(a.groupId()));
    }

    @GET
    @Path("/group/{name}/issues/{id}")
    public IssueView read(@PathParam("name") String name, @PathParam("id") long id) {
        GroupAccess.Access a = access.member(name);
        return views(a, List.of(issues.require(a.groupId(), id))).get(0);
    }

    @POST
    @Path("/group/{name}/issues")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(@PathParam("name") String name, IssueService.Draft body, @Context HttpServerRequest request) {
        IssueService.Draft draft = Bodies.require(body);
        GroupAccess.Access a = mayAdd(access.member(name));
        Issue issue = issues.add(a, List.of(draft)).get(0);
        URI location = URI.create(Links.group(clients.base(request), a.group().name()) + "/issues/" + issue.id());
        return Response.created(location).entity(views(a, List.of(issue)).get(0)).build();
    }

    /**
     * A quick round: an issue to size what is being discussed, without a story (a time stamp names it
     * unless a story reference is given). It is an issue like any other afterwards.
     */
    @POST
    @Path("/group/{name}/issues/quick")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response quick(@PathParam("name") String name, Quick body, @Context HttpServerRequest request) {
        GroupAccess.Access a = mayAdd(access.member(name));
        Issue issue = issues.quick(a, body == null ? null : body.storyRef());
        URI location = URI.create(Links.group(clients.base(request), a.group().name()) + "/issues/" + issue.id());
        return Response.created(location).entity(views(a, List.of(issue)).get(0)).build();
    }

    @PUT
    @Path("/group/{name}/issues/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public IssueView edit(@PathParam("name") String name, @PathParam("id") long id, IssueService.Draft body) {
        IssueService.Draft draft = Bodies.require(body);
        GroupAccess.Access a = access.member(name).requireOwner();
        issues.edit(a, id, draft);
        return read(name, id);
    }

    @DELETE
    @Path("/group/{name}/issues/{id}")
    public Response delete(@PathParam("name") String name, @PathParam("id") long id) {
        GroupAccess.Access a = access.member(name).requireOwner();
        issues.delete(a, id);
        return Response.noContent().build();
    }

    @PUT
    @Path("/group/{name}/issues/order")
    @Consumes(MediaType.APPLICATION_JSON)
    public List<IssueView> reorder(@PathParam("name") String name, Order body) {
        Order order = Bodies.require(body);
        if (order.ids() == null || order.ids().contains(null)) {
            throw ApiError.invalid("ids is required");
        }
        GroupAccess.Access a = access.member(name).requireOwner();
        issues.reorder(a, order.ids());
        return views(a, issues.list(a.groupId()));
    }

    /** Moves one issue to another place in the backlog; the others keep their order. */
    @PUT
    @Path("/group/{name}/issues/{id}/position")
    @Consumes(MediaType.APPLICATION_JSON)
    public IssueView move(@PathParam("name") String name, @PathParam("id") long id, Position body) {
        Position p = Bodies.require(body);
        if (p.position() == null) {
            throw ApiError.invalid("position is required");
        }
        GroupAccess.Access a = access.member(name).requireOwner();
        return views(a, List.of(issues.move(a, id, p.position()))).get(0);
    }

    /**
     * A file of issues: Estimator's CSV (header {@code storyRef,description}, optionally {@code link}),
     * a Jira CSV export, a GitHub issue list (JSON) or a GitLab CSV export, told from the file unless
     * {@code format} names one. One bad row refuses the whole file, naming the row; issues whose story
     * reference the group already has are left out and counted, and so are, with
     * {@code skipEstimated}, those the tracker has an estimate for. The text is UTF-8 unless the
     * Content-Type names another charset; bytes that are not valid in it are refused (naming their
     * row) rather than stored as replacement characters.
     */
    @POST
    @Path("/group/{name}/issues/import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    public Response importFile(@PathParam("name") String name, byte[] body, @HeaderParam("Content-Type") String type,
            @QueryParam("format") @Schema(enumeration = {"auto", "estimator", "jira", "github",
                    "gitlab"}, defaultValue = "auto") String format,
            @QueryParam("site") @Schema(example = "https://example.atlassian.net", description = "a Jira site's address, to link each issue to its original") String site,
            @QueryParam("skipEstimated") @Schema(description = "leave out issues the tracker has an estimate for (story points, a weight, an estimate label)") boolean skipEstimated) {
        ImportFile.Format f = ImportFile.Format.of(format);
        GroupAccess.Access a = mayAdd(access.member(name));
        String text = Csv.decode(body == null ? new byte[0] : body, type);
        IssueService.Imported imported = issues.importIssues(a, ImportFile.read(text, f, site), skipEstimated, null);
        return Response.status(imported.created() > 0 ? 201 : 200).entity(imported).build();
    }

    /** The group's results: CSV ({@code ?format=csv}) or JSON (the default). */
    @GET
    @Path("/group/{name}/issues/export")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response export(@PathParam("name") String name, @QueryParam("format") String format) {
        GroupAccess.Access a = access.member(name);
        List<ExportRow> rows = views(a, issues.list(a.groupId())).stream()
                .map(i -> new ExportRow(i.storyRef(), i.description(), i.state(), i.finalEstimate(), i.link(),
                        i.round(), i.estimatingSeconds(), i.lockedAt()))
                .toList();
        String f = format == null ? "json" : format.toLowerCase(Locale.ROOT);
        String file = fileName(a.group().name());
        if (f.equals("csv")) {
            StringBuilder csv = new StringBuilder(
                    "storyRef,description,state,finalEstimate,link,rounds,estimatingSeconds,lockedAt\r\n");
            for (ExportRow r : rows) {
                csv.append(Csv.field(r.storyRef())).append(',').append(Csv.field(r.description())).append(',')
                        .append(r.state()).append(',').append(Csv.field(r.finalEstimate())).append(',')
                        .append(Csv.field(r.link())).append(',').append(r.rounds()).append(',')
                        .append(r.estimatingSeconds() == null ? "" : r.estimatingSeconds()).append(',')
                        .append(r.lockedAt() == null ? "" : r.lockedAt()).append("\r\n");
            }
            return Response.ok(csv.toString(), "text/csv; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"" + file + ".csv\"").build();
        }
        if (!f.equals("json")) {
            throw ApiError.invalid("format must be csv or json");
        }
        return Response.ok(rows, MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; filename=\"" + file + ".json\"").build();
    }

    /** "estimates-" and the group's name in plain ASCII letters and digits: no internal id, nothing to escape. */
    static String fileName(String groupName) {
        String slug = groupName.replaceAll("[^A-Za-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40);
        }
        return slug.isEmpty() ? "estimates" : "estimates-" + slug;
    }

    private GroupAccess.Access mayAdd(GroupAccess.Access a) {
        if (!IssueService.mayAdd(a.isOwner(), a.group())) {
            throw ApiError.forbidden("Only the group's owner may add issues");
        }
        return a;
    }

    private List<IssueView> views(GroupAccess.Access a, List<Issue> list) {
        return backlog.views(a.group(), list);
    }
}
