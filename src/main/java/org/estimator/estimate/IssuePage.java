package org.estimator.estimate;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.estimator.common.ApiError;
import org.estimator.group.Deck;
import org.estimator.group.EstimationGroup;
import org.estimator.group.GroupAccess;
import org.estimator.issue.Backlog;
import org.estimator.issue.IssueView;
import org.estimator.live.GroupEvents;
import org.estimator.tracker.TrackerService;
import org.estimator.web.Links;
import org.estimator.web.Page;
import org.estimator.web.Pages;

/** An issue's page: the deck for voters, live progress, and the review, lock and restart for the owner. */
@Path("/group/{name}/issues/{id}")
@Produces(MediaType.TEXT_HTML)
class IssuePage {

    public record Card(String label, boolean mine) {
    }

    /** One bar of the distribution chart: how many gave the card, against the most given card. */
    public record Bar(String label, int count, int max) {
    }

    /**
     * What the page shows. {@code review} is present when the caller may see it (the owner with at
     * least one estimate, everyone after the reveal); otherwise {@code reviewMessage} may say why not.
     */
    public record IssueModel(String group, String groupPath, IssueView issue, boolean isOwner, boolean votes,
            boolean numberInput, String deck, List<Card> cards, String mine, Review review,
            String reviewMessage, List<Bar> bars, List<Card> lockChoices, Long previous,
            Long next, long now, int reviewMinCards, TrackerService.WriteBackView writeBack, String nextAttempt) {

        /** Whether this round shows cards by name after the reveal (the voter is told before choosing). */
        public boolean openRound() {
            return issue.revealMode().equals(EstimationGroup.RevealMode.OPEN.name());
        }

        public boolean open() {
            return issue.open();
        }

        public boolean locked() {
            return issue.locked();
        }

        public boolean revealed() {
            return issue.revealed();
        }
    }

    @CheckedTemplate(basePath = "estimate")
    static class Templates {

        static native TemplateInstance issue(Page page, IssueModel m, long since);

        static native TemplateInstance issue$live(IssueModel m);
    }

    private final GroupAccess access;
    private final Backlog backlog;
    private final EstimateService estimates;
    private final org.estimator.issue.IssueService issues;
    private final GroupEvents eventLog;
    private final Pages pages;
    private final TrackerService trackers;

    IssuePage(GroupAccess access, Backlog backlog, EstimateService estimates, org.estimator.issue.IssueService issues,
            GroupEvents eventLog, Pages pages, TrackerService trackers) {
        this.trackers = trackers;
        this.access = access;
        this.backlog = backlog;
        this.estimates = estimates;
        this.issues = issues;
        this.eventLog = eventLog;
        this.pages = pages;
    }

    @GET
    public TemplateInstance issue(@PathParam("name") String name, @PathParam("id") long id,
            @QueryParam("fragment") String fragment) {
        GroupAccess.Access a = access.member(name);
        if ("live".equals(fragment)) {
            return Templates.issue$live(model(a, id));
        }
        long since = eventLog.head(a.groupId()); // before the data: the stream starts where the page stands
        IssueModel m = model(a, id);
        return Templates.issue(pages.page(m.issue().storyRef() + " · " + m.group()), m, since);
    }

    private IssueModel model(GroupAccess.Access a, long id) {
        IssueView issue = backlog.view(a.group(), id);
        EstimationGroup group = a.group();
        Deck deck = group.deckCards();
        boolean votes = a.membership().role().votes();
        String mine = votes ? estimates.own(a, id).orElse(null) : null;
        Review review = null;
        String reviewMessage = null;
        if (a.isOwner() || issue.revealed()) {
            try {
                review = estimates.review(a, id);
            } catch (ApiError e) {
                reviewMessage = e.getMessage(); // "More estimates are required", or locked
            }
        }
        List<Bar> bars = review == null ? List.of() : bars(review.distribution());
        String preselect = review != null && review.suggested() != null ? review.suggested() : issue.finalEstimate();
        List<Long> order = issues.list(a.groupId()).stream().map(org.estimator.issue.Issue::id).toList();
        // The owner follows the final estimate's way to the tracker it came from.
        TrackerService.WriteBackView writeBack = a.isOwner() && issue.locked()
                ? trackers.writeBack(a, id).orElse(null)
                : null;
        int at = order.indexOf(id);
        return new IssueModel(group.name(), Links.segment(group.name()), issue, a.isOwner(), votes,
                deck.kind() == Deck.Kind.INTEGERS, deck.describe(),
                // The whole-number deck has 100 cards: a number field, and its Fibonacci scale as quick picks.
                (deck.kind() == Deck.Kind.INTEGERS ? deck.suggestionScale() : deck.cards()).stream()
                        .map(c -> new Card(c.label(), c.label().equals(mine))).toList(),
                mine, review, reviewMessage, bars,
                deck.labels().stream().map(l -> new Card(l, l.equals(preselect))).toList(),
                at > 0 ? order.get(at - 1) : null, at >= 0 && at < order.size() - 1 ? order.get(at + 1) : null,
                System.currentTimeMillis(), group.reviewMinCards(), writeBack,
                writeBack == null || writeBack.nextAttemptAt() == null || writeBack.attempts() == 0
                        ? null
                        : pages.dateTime(writeBack.nextAttemptAt()));
    }

    private static List<Bar> bars(Map<String, Integer> distribution) {
        int max = distribution.isEmpty() ? 1 : Collections.max(distribution.values());
        return distribution.entrySet().stream().map(e -> new Bar(e.getKey(), e.getValue(), max)).toList();
    }
}
