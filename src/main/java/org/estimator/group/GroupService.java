package org.estimator.group;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.micrometer.core.annotation.Counted;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.PersistenceException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.estimator.account.Principal;
import org.estimator.account.Tokens;
import org.estimator.account.User;
import org.estimator.account.Users;
import org.estimator.db.Constraints;
import org.estimator.db.Database;
import org.estimator.db.QueryWarmup;
import org.estimator.live.GroupEvents;
import org.estimator.web.ApiError;
import org.estimator.web.RateLimiter;
import org.estimator.web.Secrets;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * Groups, their members and invitations. Every write runs in one transaction that takes the group's
 * lock, then confirms the caller's membership and role ({@link GroupAccess#confirm}) before acting.
 */
@ApplicationScoped
public class GroupService {

    /** A new invitation: the clear code exists only in this answer. */
    public record NewInvitation(long id, String code, Long expiresAt) {
    }

    /** A guest who just joined: the group and the token that is their session. */
    record NewGuest(long groupId, Tokens.Issued token) {
    }

    private static final Table<Record> GROUP = table(name("estimation_group"));
    private static final Field<Long> G_ID = field(name("id"), SQLDataType.BIGINT.identity(true));
    private static final Field<String> G_NAME = field(name("name"), SQLDataType.VARCHAR);
    private static final Field<Long> G_OWNER = field(name("owner_id"), SQLDataType.BIGINT);
    private static final Field<String> G_DECK = field(name("deck"), SQLDataType.VARCHAR);
    private static final Field<String> G_REVEAL_MODE = field(name("reveal_mode"), SQLDataType.VARCHAR);
    private static final Field<String> G_ISSUE_POLICY = field(name("issue_policy"), SQLDataType.VARCHAR);
    private static final Field<Long> G_CREATED_AT = field(name("created_at"), SQLDataType.BIGINT);
    private static final Field<Long> G_LAST_ACTIVITY_AT = field(name("last_activity_at"), SQLDataType.BIGINT);
    private static final Table<Record> MEMBER = table(name("membership"));
    private static final Field<Long> M_GROUP = field(name("group_id"), SQLDataType.BIGINT);
    private static final Field<Long> M_USER = field(name("user_id"), SQLDataType.BIGINT);
    private static final Field<String> M_ROLE = field(name("role"), SQLDataType.VARCHAR);
    private static final Field<Long> M_JOINED_AT = field(name("joined_at"), SQLDataType.BIGINT);

    private final Database db;
    private final Users users;
    private final Tokens tokens;
    private final Event<GroupChange> changes;
    private final GroupEvents events;
    private final RateLimiter limiter;
    private final int membersPerGroup;
    private final boolean anonymousCreate;
    private final int groupsPerClient;

    GroupService(Database db, Users users, Tokens tokens, Event<GroupChange> changes, GroupEvents events,
                 RateLimiter limiter,
                 @ConfigProperty(name = "estimator.limits.members-per-group") int membersPerGroup,
                 @ConfigProperty(name = "estimator.groups.anonymous-create") boolean anonymousCreate,
                 @ConfigProperty(name = "estimator.limits.groups-per-client") int groupsPerClient) {
        this.db = db;
        this.users = users;
        this.tokens = tokens;
        this.changes = changes;
        this.events = events;
        this.limiter = limiter;
        this.membersPerGroup = membersPerGroup;
        this.anonymousCreate = anonymousCreate;
        this.groupsPerClient = groupsPerClient;
    }

    /** Who an event is about: a member who left or was removed, or the group's new owner. */
    public record Who(long userId, String nickname) {
    }

    /**
     * The one rule for creating a group, for the API and the page alike: without an account only if
     * the server allows it (401), never as a guest (403), and within the client's hourly limit (429).
     * Returns the name as stored.
     */
    String create(String name, Principal principal, String client) {
        if (principal == null && !anonymousCreate) {
            throw ApiError.unauthorized("Sign in to create a group");
        }
        if (principal != null && principal.isGuest()) {
            throw ApiError.forbidden("Guests cannot create groups; register to create your own");
        }
        String checked = GroupNames.check(name);
        limiter.hit("create-group:" + client, groupsPerClient, Duration.ofHours(1).toMillis(),
                "Too many groups created from this address; try again later");
        create(checked, principal == null ? null : principal.userId());
        return checked;
    }

    /**
     * Creates a group owned by {@code ownerId}, or by the system account when null. The unique key on
     * the name decides races: of simultaneous creations exactly one succeeds.
     */
    @Counted(value = "estimator.groups.created", description = "group creations (tag exception: refused ones)")
    public void create(String name, Long ownerId) {
        String checked = GroupNames.check(name);
        long owner = ownerId != null ? ownerId : users.systemId();
        try {
            db.write(tx -> {
                long now = System.currentTimeMillis();
                var insert = tx.dsl().insertInto(GROUP).columns(G_NAME, G_OWNER, G_DECK, G_REVEAL_MODE, G_ISSUE_POLICY,
                        G_CREATED_AT, G_LAST_ACTIVITY_AT).values(checked, owner, EstimationGroup.DEFAULT_DECK,
                        EstimationGroup.RevealMode.ANONYMOUS.name(), EstimationGroup.IssuePolicy.OWNER.name(), now, now);
                if (ownerId == null) {
                    // Only an owned group needs its id (for the owner's membership); fetching the
                    // generated key costs SQLite a second statement.
                    insert.execute();
                    return null;
                }
                long id = insert.returningResult(G_ID).fetchOne(G_ID);
                tx.dsl().insertInto(MEMBER).columns(M_GROUP, M_USER, M_ROLE, M_JOINED_AT)
                        .values(id, ownerId, Membership.Role.OWNER.name(), now).execute();
                return null;
            });
        } catch (RuntimeException e) {
            if (Constraints.isViolation(e) && exists(checked)) {
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

    /**
     * Whether a group of that name exists: the seed's anonymous GET, the hottest read, done in plain
     * JDBC without a Hibernate session (measured in bench/RESULTS.md).
     */
    public boolean exists(String name) {
        String checked = GroupNames.check(name);
        return db.read(q -> q.fetchExists(GROUP, G_NAME.eq(checked)));
    }

    /** The group of that name, or 404. */
    public EstimationGroup require(String name) {
        return find(GroupNames.check(name)).orElseThrow(() -> ApiError.notFound("Group not found"));
    }

    public EstimationGroup find(long groupId) {
        return db.session().find(EstimationGroup.class, groupId);
    }

    /** Deletes the group with everything in it (the foreign keys cascade); its streams end. */
    void delete(GroupAccess.Access a) {
        db.write(() -> {
            events.lock(a.groupId());
            confirm(a);
            events.deleted(a.groupId());
            return db.session().createMutationQuery("delete from EstimationGroup where id = :id")
                    .setParameter("id", a.groupId()).executeUpdate();
        });
    }

    public List<Membership> members(long groupId) {
        return db.session().createSelectionQuery(
                        "from Membership m join fetch m.user where m.group.id = :group order by m.joinedAt, m.id",
                        Membership.class)
                .setParameter("group", groupId)
                .getResultList();
    }

    /** The user's memberships with their groups, by group name (for the home page). */
    List<Membership> groupsOf(long userId) {
        return db.session().createSelectionQuery(
                        "from Membership m join fetch m.group where m.user.id = :user order by m.group.name", Membership.class)
                .setParameter("user", userId)
                .getResultList();
    }

    NewInvitation invite(GroupAccess.Access a, Long expiresInHours) {
        if (expiresInHours != null && (expiresInHours < 1 || expiresInHours > 24 * 365)) {
            throw ApiError.invalid("expiresInHours must be between 1 and 8760");
        }
        String code = Secrets.newToken();
        long now = System.currentTimeMillis();
        Long expires = expiresInHours == null ? null : now + expiresInHours * 3_600_000L;
        Invitation saved = db.write(() -> {
            events.lock(a.groupId());
            confirm(a);
            Invitation invitation = new Invitation(db.session().getReference(EstimationGroup.class, a.groupId()),
                    Secrets.hash(code), now, expires);
            db.session().persist(invitation);
            return invitation;
        });
        return new NewInvitation(saved.id, code, expires);
    }

    List<Invitation> invitations(long groupId) {
        return db.session().createSelectionQuery("from Invitation where group.id = :group order by id", Invitation.class)
                .setParameter("group", groupId).getResultList();
    }

    void revokeInvitation(GroupAccess.Access a, long invitationId) {
        int updated = db.write(() -> {
            events.lock(a.groupId());
            confirm(a);
            return db.session().createMutationQuery(
                            "update Invitation set revokedAt = :now where id = :id and group.id = :group and revokedAt is null")
                    .setParameter("now", System.currentTimeMillis())
                    .setParameter("id", invitationId)
                    .setParameter("group", a.groupId())
                    .executeUpdate();
        });
        if (updated == 0) {
            throw ApiError.notFound("Invitation not found");
        }
    }

    /** The group a usable invitation code belongs to; 403 for a wrong, revoked or expired code. */
    EstimationGroup groupOfCode(String code) {
        if (code == null || code.isBlank() || code.length() > 128) {
            throw ApiError.forbidden("The invitation code is not valid");
        }
        Invitation invitation = db.session().createSelectionQuery(
                        "from Invitation i join fetch i.group where i.codeHash = :hash", Invitation.class)
                .setParameter("hash", Secrets.hash(code.strip()))
                .uniqueResultOptional()
                .filter(i -> i.usable(System.currentTimeMillis()))
                .orElseThrow(() -> ApiError.forbidden("The invitation code is not valid"));
        return invitation.group;
    }

    /** Adds the user as a voter; 409 if already a member or the group is full. */
    void join(long groupId, long userId) {
        try {
            db.write(() -> {
                addMember(groupId, db.session().find(User.class, userId));
            });
        } catch (PersistenceException e) {
            if (Constraints.isViolation(e)) {
                throw ApiError.conflict("Already a member of this group");
            }
            throw e;
        }
    }

    /**
     * Adds a new guest to the group, with the token that is their session, all in one transaction;
     * 409 when another member already uses the nickname (compared as people read it: ignoring case,
     * in NFC), or the group is full.
     */
    NewGuest joinAsGuest(long groupId, User guest) {
        return db.write(() -> {
            GroupEvents.Log log = events.lock(groupId);
            String nickname = Normalizer.normalize(guest.nickname(), Normalizer.Form.NFC);
            boolean taken = members(groupId).stream()
                    .anyMatch(m -> Normalizer.normalize(m.user().nickname(), Normalizer.Form.NFC).equalsIgnoreCase(nickname));
            if (taken) {
                throw ApiError.conflict("Someone in this group is already called " + guest.nickname() + "; choose another nickname");
            }
            db.session().persist(guest);
            db.session().flush();
            addMember(groupId, guest, log);
            return new NewGuest(groupId, tokens.issueGuestInTransaction(guest.id(), groupId));
        });
    }

    private void addMember(long groupId, User user) {
        addMember(groupId, user, events.lock(groupId));
    }

    private void addMember(long groupId, User user, GroupEvents.Log log) {
        long count = db.session().createSelectionQuery(
                        "select count(*) from Membership where group.id = :group", Long.class)
                .setParameter("group", groupId).getSingleResult();
        if (membersPerGroup > 0 && count >= membersPerGroup) {
            throw ApiError.conflict("The group is full (" + membersPerGroup + " members)");
        }
        Membership m = new Membership(db.session().getReference(EstimationGroup.class, groupId), user,
                Membership.Role.VOTER, System.currentTimeMillis());
        db.session().persist(m);
        db.session().flush();
        m.joinedSeq(log.add(GroupEvents.MEMBER_JOINED, MemberResource.MemberView.of(m)));
    }

    /**
     * Removes a member (leaving, or removed by the owner) with their guest tokens; their open streams
     * end with the event. Cards they gave stay in their rounds until those end (lock, restart): taking
     * them out would change the round's numbers in a way that tells what they were.
     */
    void removeMember(GroupAccess.Access a, long userId, boolean leaving) {
        db.write(() -> {
            GroupEvents.Log log = events.lock(a.groupId());
            confirm(a);
            Membership m = lockedMembership(a.groupId(), userId);
            if (m.role() == Membership.Role.OWNER) {
                throw ApiError.conflict("The owner cannot leave; hand the group over to another member first");
            }
            tokens.revokeGuestTokens(userId, a.groupId());
            db.session().remove(m);
            log.add(leaving ? GroupEvents.MEMBER_LEFT : GroupEvents.MEMBER_REMOVED, new Who(userId, m.user().nickname()));
        });
    }

    /** Makes a member a voter or an observer; cards they already gave stay in their rounds (see {@link #removeMember}). */
    void changeRole(GroupAccess.Access a, long userId, Membership.Role role) {
        if (role == Membership.Role.OWNER) {
            throw ApiError.invalid("Hand over ownership with POST .../owner");
        }
        db.write(() -> {
            GroupEvents.Log log = events.lock(a.groupId());
            confirm(a);
            Membership m = lockedMembership(a.groupId(), userId);
            if (m.role() == Membership.Role.OWNER) {
                throw ApiError.conflict("The owner's role changes only by handing over ownership");
            }
            m.role(role);
            log.add(GroupEvents.MEMBER_ROLE, MemberResource.MemberView.of(m));
        });
    }

    /**
     * Makes another member the owner; the previous owner stays as a voter. Of two hand-overs at the
     * same moment one wins; the other finds its caller no longer the owner and gets 409.
     */
    void handOver(GroupAccess.Access a, long toUserId) {
        if (a.userId() == toUserId) {
            throw ApiError.conflict("You already own this group");
        }
        db.write(() -> {
            GroupEvents.Log log = events.lock(a.groupId());
            Membership from = lockedMembership(a.groupId(), a.userId());
            if (from.role() != Membership.Role.OWNER) {
                throw ApiError.conflict("You no longer own this group");
            }
            Membership to = lockedMembership(a.groupId(), toUserId);
            if (to.user().kind() == User.Kind.GUEST) {
                throw ApiError.conflict("A guest cannot own a group");
            }
            from.role(Membership.Role.VOTER);
            to.role(Membership.Role.OWNER);
            db.session().find(EstimationGroup.class, a.groupId()).owner(to.user());
            log.add(GroupEvents.MEMBER_ROLE, MemberResource.MemberView.of(from));
            log.add(GroupEvents.MEMBER_ROLE, MemberResource.MemberView.of(to));
            log.add(GroupEvents.GROUP_OWNER, new Who(toUserId, to.user().nickname()));
        });
    }

    void updateSettings(GroupAccess.Access a, String deck, String customDeck, EstimationGroup.RevealMode revealMode,
                        EstimationGroup.IssuePolicy issuePolicy, int reviewMinCards) {
        if (reviewMinCards < 1 || reviewMinCards > EstimationGroup.MAX_REVIEW_MIN_CARDS) {
            throw ApiError.invalid("reviewMinCards must be between 1 and " + EstimationGroup.MAX_REVIEW_MIN_CARDS);
        }
        db.write(() -> {
            GroupEvents.Log log = events.lock(a.groupId());
            confirm(a);
            EstimationGroup group = db.session().find(EstimationGroup.class, a.groupId());
            boolean deckChanged = !group.deck().equals(deck) || !Objects.equals(group.customDeck(), customDeck);
            group.settings(deck, customDeck, revealMode, issuePolicy, reviewMinCards);
            log.add(GroupEvents.GROUP_SETTINGS, SettingsEvent.of(group));
            if (deckChanged) {
                changes.fire(new GroupChange.DeckChanged(a.groupId()));
            }
        });
    }

    record SettingsEvent(String deck, List<String> cards, String revealMode, String issuePolicy, int reviewMinCards) {

        static SettingsEvent of(EstimationGroup g) {
            return new SettingsEvent(g.deck(), g.deckCards().labels(), g.revealMode().name(), g.issuePolicy().name(),
                    g.reviewMinCards());
        }
    }

    /**
     * Confirms, in the current write transaction (after the group's lock), that the caller still has
     * the role the request was checked for (see {@link GroupAccess#confirm}).
     */
    public Membership.Role confirm(GroupAccess.Access a) {
        return db.write(tx -> GroupAccess.confirm(tx, a));
    }

    /** Parses the queries every request in a group runs, once at start (see Tokens#warmUp). */
    void warmUp(@Observes StartupEvent start) {
        QueryWarmup.run(() -> db.write(() -> {
            find("warm-up");
            membership(0, 0);
            return members(0);
        }));
    }

    /** The user's membership in the group, if any (with the user loaded). */
    Optional<Membership> membership(long groupId, long userId) {
        return db.session().createSelectionQuery(
                        "from Membership m join fetch m.user where m.group.id = :group and m.user.id = :user",
                        Membership.class)
                .setParameter("group", groupId)
                .setParameter("user", userId)
                .uniqueResultOptional();
    }

    private Membership lockedMembership(long groupId, long userId) {
        return membership(groupId, userId).orElseThrow(() -> ApiError.notFound("Member not found"));
    }
}
