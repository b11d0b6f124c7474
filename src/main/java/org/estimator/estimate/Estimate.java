package org.estimator.estimate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.estimator.account.User;
import org.estimator.issue.Issue;

/** One member's secret card for one issue's current round. Deleted on lock and restart. */
@Entity
@Table(name = "estimate")
class Estimate {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "issue_id", nullable = false)
    Issue issue;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", nullable = false)
    User user;

    @Column(nullable = false, length = 16)
    String card;

    @Column(name = "created_at", nullable = false)
    long createdAt;

    @Column(name = "updated_at", nullable = false)
    long updatedAt;

    protected Estimate() {
    }

    Estimate(Issue issue, User user, String card, long now) {
        this.issue = issue;
        this.user = user;
        this.card = card;
        this.createdAt = now;
        this.updatedAt = now;
    }
}
