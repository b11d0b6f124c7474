package org.estimator.ops;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import org.estimator.account.Accounts;
import org.estimator.account.Principal;
import org.estimator.account.User;
import org.estimator.group.GroupAccess;
import org.estimator.group.GroupService;
import org.estimator.issue.IssueService;
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

    void seed(@Observes StartupEvent event, Accounts accounts, GroupService groups, GroupAccess access,
            IssueService issues) {
        if (groups.find("TestGroup").isPresent()) {
            return;
        }
        User dev = accounts.register("Dev", EMAIL, PASSWORD);
        groups.create("TestGroup", dev.id());
        groups.create("GroupAlreadyExists", dev.id());
        Principal owner = new Principal(dev.id(), dev.nickname(), dev.kind(), 0, null, false);
        issues.add(access.member("TestGroup", owner).requireOwner(),
                List.of(new IssueService.Draft("EST-1", "Estimate this sample story", null)));
        LOG.infof("Development sample data created: sign in as %s / %s", EMAIL, PASSWORD);
    }
}
