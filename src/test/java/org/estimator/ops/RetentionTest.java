package org.estimator.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.estimator.support.Api.addIssue;
import static org.estimator.support.Api.anonymous;
import static org.estimator.support.Api.createGroup;
import static org.estimator.support.Api.estimate;
import static org.estimator.support.Api.group;
import static org.estimator.support.Api.member;
import static org.estimator.support.Api.register;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import org.estimator.db.Database;
import org.estimator.support.Api.User;
import org.estimator.support.Rows;
import org.junit.jupiter.api.Test;

/** Old inactive groups disappear with every row in them; active ones stay; a dry run changes nothing. */
@QuarkusTest
class RetentionTest {

    static final List<String> CHILD_TABLES = List.of("membership", "invitation", "issue", "auth_token");

    @Inject
    Retention retention;

    @Inject
    Database db;

    private long groupId(String name) {
        return Rows.value(db, Long.class, "select id from estimation_group where name = ?", name);
    }

    private long rows(String table, long groupId) {
        return Rows.count(db, table, "group_id", groupId);
    }

    /** Moves one row's time back, as if it had been written that long ago. */
    private void age(String table, String column, String idColumn, long id, long millisAgo) {
        Rows.update(db, "update " + table + " set " + column + " = ? where " + idColumn + " = ?",
                System.currentTimeMillis() - millisAgo, id);
    }

    @Test
    void oldInactiveGroupsGoWithEveryRowInThemAndActiveOnesStay() {
        User owner = register("Keeper");
        String old = createGroup(owner);
        User guestly = member(owner, old, "Member");
        long issue = addIssue(owner, old, "OLD-1");
        estimate(guestly, old, issue, 5).then().statusCode(204);
        owner.req().body("{}").post(group(old) + "/invitations").then().statusCode(201);
        long oldId = groupId(old);
        age("estimation_group", "last_activity_at", "id", oldId, Duration.ofDays(100).toMillis());

        String fresh = createGroup(owner);
        long freshIssue = addIssue(owner, fresh, "NEW-1");
        estimate(owner, fresh, freshIssue, 3).then().statusCode(204);

        Retention.Report dry = retention.purge(Duration.ofDays(90), Duration.ZERO, true);
        assertThat(dry.groups()).isGreaterThanOrEqualTo(1);
        anonymous().get(group(old)).then().statusCode(200);
        assertThat(rows("issue", oldId)).isEqualTo(1);

        Retention.Report report = retention.purge(Duration.ofDays(90), Duration.ZERO, false);

        assertThat(report.groups()).isEqualTo(dry.groups());
        anonymous().get(group(old)).then().statusCode(404);
        for (String table : CHILD_TABLES) {
            assertThat(rows(table, oldId)).as(table).isZero();
        }
        long estimates = Rows.count(db, "estimate", "issue_id", issue);
        assertThat(estimates).isZero();
        anonymous().get(group(fresh)).then().statusCode(200);
        owner.req().get(group(fresh) + "/issues/" + freshIssue).then().statusCode(200);
    }

    @Test
    void staleEstimatesGoButLockedResultsStay() {
        User owner = register("Archivist");
        String name = createGroup(owner);
        long locked = addIssue(owner, name, "DONE-1");
        owner.req().body("{\"value\": 8}").post(group(name) + "/issues/" + locked + "/lock").then().statusCode(204);
        long pending = addIssue(owner, name, "PENDING-1");
        estimate(owner, name, pending, 5).then().statusCode(204);
        age("estimate", "updated_at", "issue_id", pending, Duration.ofDays(40).toMillis());

        assertThat(retention.purge(Duration.ZERO, Duration.ofDays(30), true).estimates()).isGreaterThanOrEqualTo(1);
        owner.req().get(group(name) + "/issues/" + pending).then().statusCode(200).body("estimates",
                org.hamcrest.Matchers.equalTo(1));

        retention.purge(Duration.ZERO, Duration.ofDays(30), false);

        owner.req().get(group(name) + "/issues/" + pending).then().body("estimates", org.hamcrest.Matchers.equalTo(0));
        owner.req().get(group(name) + "/issues/" + locked).then().body("finalEstimate",
                org.hamcrest.Matchers.equalTo("8"));
    }

    @Test
    void onlyOneInstanceHoldsTheLeaseAtATime() {
        Rows.update(db, "update job_lease set holder = 'another-instance', expires_at = ? where name = 'retention'",
                System.currentTimeMillis() + 60_000);
        assertThat(retention.lease(Duration.ofMinutes(10))).isFalse();
        Rows.update(db, "update job_lease set expires_at = 0 where name = 'retention'");
        assertThat(retention.lease(Duration.ofMinutes(10))).isTrue();
        assertThat(retention.lease(Duration.ofMinutes(10))).as("the holder renews its own lease").isTrue();
    }
}
