package org.estimator.group;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.util.Optional;
import org.estimator.account.User;
import org.estimator.account.Users;
import org.estimator.db.Constraints;
import org.estimator.db.Database;
import org.estimator.web.ApiError;

/** Creating, finding and deleting groups. */
@ApplicationScoped
public class GroupService {

    private final Database db;
    private final Users users;

    GroupService(Database db, Users users) {
        this.db = db;
        this.users = users;
    }

    /**
     * Creates a group owned by {@code owner}, or by the system account when null. The unique key on
     * the name decides races: of simultaneous creations exactly one succeeds.
     */
    public void create(String name, User owner) {
        GroupNames.check(name);
        try {
            db.write(() -> {
                long now = System.currentTimeMillis();
                User realOwner = db.session().getReference(User.class, owner != null ? owner.id() : users.systemId());
                EstimationGroup group = new EstimationGroup(name, realOwner, now);
                db.session().persist(group);
                if (owner != null) {
                    db.session().persist(new Membership(group, realOwner, Membership.Role.OWNER, now));
                }
                db.session().flush();
            });
        } catch (PersistenceException e) {
            if (Constraints.isViolation(e) && find(name).isPresent()) {
                throw ApiError.invalid("Group already exists");
            }
            throw e;
        }
    }

    public Optional<EstimationGroup> find(String name) {
        return db.session().createSelectionQuery("from EstimationGroup where name = :name", EstimationGroup.class)
                .setParameter("name", name)
                .uniqueResultOptional();
    }

    /** The group of that name, or 404. */
    public EstimationGroup require(String name) {
        GroupNames.check(name);
        return find(name).orElseThrow(() -> ApiError.notFound("Group not found"));
    }
}
