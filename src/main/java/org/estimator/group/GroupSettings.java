package org.estimator.group;

import java.util.List;

/** A group's settings as its members see them: the group.settings event and the stream's snapshot. */
public record GroupSettings(String deck, List<String> cards, String revealMode, String issuePolicy,
        int reviewMinCards, boolean autoReveal) {

    public static GroupSettings of(EstimationGroup g) {
        return new GroupSettings(g.deck(), g.deckCards().labels(), g.revealMode().name(), g.issuePolicy().name(),
                g.reviewMinCards(), g.autoReveal());
    }
}
