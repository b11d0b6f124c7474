package org.estimator.tracker;

import java.util.Arrays;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.estimator.common.ApiError;
import org.estimator.group.GroupAccess;
import org.estimator.web.Links;
import org.estimator.web.Page;
import org.estimator.web.Pages;

/**
 * The owner's page for the group's tracker: connect (or change) it, test it, preview what its query
 * finds (rendered here, so the tracker's texts are escaped by the template) and import. Its forms
 * call the REST API like every page's.
 */
@Path("/group/{name}/tracker")
@Produces(MediaType.TEXT_HTML)
class TrackerPage {

    /** A tracker to choose (the page names it through the message bundle's {@code choice}). */
    public record Kind(String value, boolean selected) {
    }

    /**
     * What the page shows. {@code preview} is present when asked for and the tracker answered;
     * {@code previewError} says why not otherwise.
     */
    public record TrackerModel(String group, String path, TrackerService.View connection, String savedAt,
            List<Kind> kinds, TrackerService.Preview preview, String previewError) {

        public long newCount() {
            return preview == null ? 0 : preview.issues().stream().filter(i -> !i.known()).count();
        }
    }

    @CheckedTemplate(basePath = "tracker")
    static class Templates {

        static native TemplateInstance tracker(Page page, TrackerModel t);
    }

    private final TrackerService trackers;
    private final GroupAccess access;
    private final Pages pages;

    TrackerPage(TrackerService trackers, GroupAccess access, Pages pages) {
        this.trackers = trackers;
        this.access = access;
        this.pages = pages;
    }

    @GET
    public TemplateInstance page(@PathParam("name") String name, @QueryParam("preview") boolean preview) {
        GroupAccess.Access owner = access.member(name).requireOwner();
        TrackerService.View connection = trackers.view(owner).orElse(null);
        TrackerService.Preview found = null;
        String problem = null;
        if (preview && connection != null) {
            try {
                found = trackers.preview(owner);
            } catch (ApiError e) {
                problem = e.getMessage();
            }
        }
        String selected = connection == null ? Connection.Kind.JIRA_CLOUD.name() : connection.kind();
        List<Kind> kinds = Arrays.stream(Connection.Kind.values())
                .map(k -> new Kind(k.name(), k.name().equals(selected))).toList();
        TrackerModel model = new TrackerModel(owner.group().name(), Links.segment(owner.group().name()), connection,
                connection == null ? null : pages.dateTime(connection.savedAt()), kinds, found,
                problem);
        return Templates.tracker(pages.page(pages.msg().titleTracker(owner.group().name())), model);
    }
}
