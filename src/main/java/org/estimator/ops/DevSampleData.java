package org.estimator.ops;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.estimator.account.Accounts;
import org.estimator.account.User;
import org.estimator.db.Database;
import org.estimator.group.EstimationGroup;
import org.estimator.group.GroupService;
import org.estimator.issue.Issue;
import org.jboss.logging.Logger;

/**
 * Development mode only: on first start, a user, TestGroup with an issue, and GroupAlreadyExists,
 * so that a newcomer has something to look at (the seed document's development mode).
 */
@IfBuildProfile("dev")
@ApplicationScoped
class DevSampleData {

    static final String EMAIL = "dev@estimator.test";
    static final String PASSWORD = "estimator-dev-password";
    private static final Logger LOG = Logger.getLogger(DevSampleData.class);

    void seed(@Observes StartupEvent event, Accounts accounts, GroupService groups, Database db) {
        boolean seeded = QuarkusTransaction.requiringNew().call(() -> groups.find("TestGroup").isPresent());
        if (seeded) {
            return;
        }
        User dev = accounts.register("Dev", EMAIL, PASSWORD);
        groups.create("TestGroup", dev.id());
        groups.create("GroupAlreadyExists", dev.id());
        db.write(() -> {
            EstimationGroup group = groups.find("TestGroup").orElseThrow();
            db.session().persist(new Issue(group, "EST-1", "Estimate this sample story", 1, System.currentTimeMillis()));
        });
        LOG.infof("Development sample data created: sign in as %s / %s", EMAIL, PASSWORD);
    }
}
