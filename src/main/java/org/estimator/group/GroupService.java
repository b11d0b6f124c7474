package org.estimator.group;

import java.text.Normalizer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.micrometer.core.annotation.Counted;
import org.estimator.account.Principal;
import org.estimator.account.Tokens;
import org.estimator.account.User;
import org.estimator.account.Users;
import org.estimator.common.ApiError;
import org.estimator.common.Secrets;
import org.estimator.config.Settings;
import org.estimator.db.Constraints;
import org.estimator.db.Database;
import org.estimator.db.Tx;
import org.estimator.live.GroupEvents;
import org.estimator.web.RateLimiter;

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

    private final Database db;
    private final Users users;
    private final Tokens tokens;
    private final Event<GroupChange> changes;
    private final GroupEvents events;
    private final RateLimiter limiter;
    private final int membersPerGroup;
    private final boolean anonymousCreate;
    private final int groupsPerClient;

    GroupService(Database db,
            Users users,
            Tokens tokens,
            Event<GroupChange> changes,
            GroupEvents events,
            RateLimiter limiter,
            Settings settings) {
        this.db = db;
        this.users = users;
        this.tokens = tokens;
        this.changes = changes;
        this.events = events;
        this.limiter = limiter;
        this.membersPerGroup = settings.limits().membersPerGroup();
        this.anonymousCreate = settings.groups().anonymousCreate();
        this.groupsPerClient = settings.limits().groupsPerClient();
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
                // Only an owned group needs its id (for the owner's membership).
                Long id = GroupStore.insert(tx, checked, owner, ownerId != null);
                if (id != null) {
                    MemberStore.insert(tx, id, ownerId, Membership.Role.OWNER);
                }
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
        return db.read(q -> GroupStore.byName(q, name));
    }

    /** Whether a group of that name exists: the seed's anonymous GET, the hottest read. */
    public boolean exists(String name) {
        String checked = GroupNames.check(name);
        return db.read(q -> GroupStore.exists(q, checked));
    }

    /** The one answer for a group that does not exist (or is not the caller's to know of). */
    static ApiError notFound() {
        return ApiError.notFound("Group not found");
    }

    /** The group of that name, or 404. */
    public EstimationGroup require(String name) {
        return find(GroupNames.check(name)).orElseThrow(GroupService::notFound);
    }

    /** The group as it is now (inside a write: as that write sees it). */
    public EstimationGroup find(long groupId) {
        return db.read(q -> GroupStore.byId(q, groupId)).orElseThrow(GroupService::notFound);
    }

    /** Deletes the group with everything in it (the foreign keys cascade); its streams end. */
    void delete(GroupAccess.Access a) {
        db.write(tx -> {
            events.lock(tx, a.groupId()).deleted();
            GroupAccess.confirm(tx, a);
            GroupStore.delete(tx, a.groupId());
            return null;
        });
    }

    public List<Membership> members(long groupId) {
        return db.read(q -> MemberStore.list(q, groupId));
    }

    /** The user's groups with their role there, by group name (for the home page). */
    /** The groups the user belongs to, by name. */
    public List<GroupRole> groupsOf(long userId) {
        return db.read(q -> MemberStore.groupsOf(q, userId));
    }

    NewInvitation invite(GroupAccess.Access a, Long expiresInHours) {
        if (expiresInHours != null && (expiresInHours < 1 || expiresInHours > 24 * 365)) {
            throw ApiError.invalid("expiresInHours must be between 1 and 8760");
        }
        String code = Secrets.newToken();
        long now = System.currentTimeMillis();
        Long expires = expiresInHours == null ? null : now + expiresInHours * 3_600_000L;
        long id = db.write(tx -> {
            events.lock(tx, a.groupId());
            GroupAccess.confirm(tx, a);
            return InvitationStore.insert(tx, a.groupId(), Secrets.hash(code), now, expires);
        });
        return new NewInvitation(id, code, expires);
    }

    public List<Invitation> invitations(long groupId) {
        return db.read(q -> InvitationStore.list(q, groupId));
    }

    void revokeInvitation(GroupAccess.Access a, long invitationId) {
        int updated = db.write(tx -> {
            events.lock(tx, a.groupId());
            GroupAccess.confirm(tx, a);
            return InvitationStore.revoke(tx, a.groupId(), invitationId, System.currentTimeMillis());
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
        String hash = Secrets.hash(code.strip());
        Invitation invitation = db.read(q -> InvitationStore.byCodeHash(q, hash))
                .filter(i -> i.usable(System.currentTimeMillis()))
                .orElseThrow(() -> ApiError.forbidden("The invitation code is not valid"));
        return find(invitation.groupId());
    }

    /** Adds the user as a voter; 409 if already a member or the group is full. */
    void join(long groupId, long userId) {
        try {
            db.write(tx -> {
                User user = users.find(userId).orElseThrow(() -> ApiError.unauthorized("The account no longer exists"));
                addMember(tx, groupId, user);
                return null;
            });
        } catch (RuntimeException e) {
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
    NewGuest joinAsGuest(long groupId, String guestNickname) {
        String checked = Users.guestNickname(guestNickname);
        return db.write(tx -> {
            events.lock(tx, groupId);
            String nickname = Normalizer.normalize(checked, Normalizer.Form.NFC);
            boolean taken = members(groupId).stream()
                    .anyMatch(m -> Normalizer.normalize(m.user().nickname(), Normalizer.Form.NFC)
                            .equalsIgnoreCase(nickname));
            if (taken) {
                throw ApiError
                        .conflict("Someone in this group is already called " + checked + "; choose another nickname");
            }
            User guest = users.addGuest(tx, checked);
            addMember(tx, groupId, guest);
            return new NewGuest(groupId, tokens.issueGuest(tx, guest.id(), groupId));
        });
    }

    private void addMember(Tx tx, long groupId, User user) {
        GroupEvents.Log log = events.lock(tx, groupId);
        if (membersPerGroup > 0 && MemberStore.count(tx.dsl(), groupId) >= membersPerGroup) {
            throw ApiError.conflict("The group is full (" + membersPerGroup + " members)");
        }
        MemberStore.insert(tx, groupId, user.id(), Membership.Role.VOTER);
        long seq = log.add(GroupEvents.MEMBER_JOINED,
                MemberView.of(new Membership(groupId, user, Membership.Role.VOTER, 0)));
        MemberStore.joinedSeq(tx, groupId, user.id(), seq);
    }

    /**
     * Removes a member (leaving, or removed by the owner) with their guest tokens; their open streams
     * end with the event. Cards they gave stay in their rounds until those end (lock, restart): taking
     * them out would change the round's numbers in a way that tells what they were.
     */
    void removeMember(GroupAccess.Access a, long userId, boolean leaving) {
        db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, a.groupId());
            GroupAccess.confirm(tx, a);
            Membership m = lockedMembership(tx, a.groupId(), userId);
            if (m.role() == Membership.Role.OWNER) {
                throw ApiError.conflict("The owner cannot leave; hand the group over to another member first");
            }
            tokens.revokeGuestTokens(tx, userId, a.groupId());
            MemberStore.delete(tx, a.groupId(), userId);
            log.add(leaving ? GroupEvents.MEMBER_LEFT : GroupEvents.MEMBER_REMOVED,
                    new Who(userId, m.user().nickname()));
            return null;
        });
    }

    /** Makes a member a voter or an observer; cards they already gave stay in their rounds (see {@link #removeMember}). */
    void changeRole(GroupAccess.Access a, long userId, Membership.Role role) {
        if (role == Membership.Role.OWNER) {
            throw ApiError.invalid("Hand over ownership with POST .../owner");
        }
        db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, a.groupId());
            GroupAccess.confirm(tx, a);
            Membership m = lockedMembership(tx, a.groupId(), userId);
            if (m.role() == Membership.Role.OWNER) {
                throw ApiError.conflict("The owner's role changes only by handing over ownership");
            }
            MemberStore.role(tx, a.groupId(), userId, role);
            log.add(GroupEvents.MEMBER_ROLE, MemberView.of(m.withRole(role)));
            return null;
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
        db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, a.groupId());
            Membership from = lockedMembership(tx, a.groupId(), a.userId());
            if (from.role() != Membership.Role.OWNER) {
                throw ApiError.conflict("You no longer own this group");
            }
            Membership to = lockedMembership(tx, a.groupId(), toUserId);
            if (to.user().kind() == User.Kind.GUEST) {
                throw ApiError.conflict("A guest cannot own a group");
            }
            MemberStore.role(tx, a.groupId(), a.userId(), Membership.Role.VOTER);
            MemberStore.role(tx, a.groupId(), toUserId, Membership.Role.OWNER);
            GroupStore.owner(tx, a.groupId(), to.user());
            log.add(GroupEvents.MEMBER_ROLE, MemberView.of(from.withRole(Membership.Role.VOTER)));
            log.add(GroupEvents.MEMBER_ROLE, MemberView.of(to.withRole(Membership.Role.OWNER)));
            log.add(GroupEvents.GROUP_OWNER, new Who(toUserId, to.user().nickname()));
            return null;
        });
    }

    void updateSettings(GroupAccess.Access a, String deck, String customDeck, EstimationGroup.RevealMode revealMode,
            EstimationGroup.IssuePolicy issuePolicy, int reviewMinCards, boolean autoReveal) {
        if (reviewMinCards < 1 || reviewMinCards > EstimationGroup.MAX_REVIEW_MIN_CARDS) {
            throw ApiError.invalid("reviewMinCards must be between 1 and " + EstimationGroup.MAX_REVIEW_MIN_CARDS);
        }
        db.write(tx -> {
            GroupEvents.Log log = events.lock(tx, a.groupId());
            GroupAccess.confirm(tx, a);
            EstimationGroup group = find(a.groupId());
            boolean deckChanged = !group.deck().equals(deck) || !Objects.equals(group.customDeck(), customDeck);
            GroupStore.settings(tx, a.groupId(), deck, customDeck, revealMode, issuePolicy, reviewMinCards, autoReveal);
            log.add(GroupEvents.GROUP_SETTINGS, GroupSettings.of(
                    group.withSettings(deck, customDeck, revealMode, issuePolicy, reviewMinCards, autoReveal)));
            if (deckChanged) {
                changes.fire(new GroupChange.DeckChanged(a.groupId()));
            }
            return null;
        });
    }

    /** How many members of the group vote now; inside a write, as that write sees it. */
    public int voters(long groupId) {
        return db.read(q -> MemberStore.voters(q, groupId));
    }

    /** A group and, if the user is a member, the user's membership in it. */
    record Entry(EstimationGroup group, Optional<Membership> membership) {
    }

    /** The group of that name (404 if none) with the user's membership in it, read together. */
    Entry requireWithMember(String name, long userId) {
        String checked = GroupNames.check(name);
        return db.read(q -> MemberStore.groupWithMember(q, checked, userId))
                .orElseThrow(GroupService::notFound);
    }

    /** The user's membership in the group, if any (with the user loaded). */
    Optional<Membership> membership(long groupId, long userId) {
        return db.read(q -> MemberStore.find(q, groupId, userId));
    }

    private static Membership lockedMembership(Tx tx, long groupId, long userId) {
        return MemberStore.find(tx.dsl(), groupId, userId).orElseThrow(() -> ApiError.notFound("Member not found"));
    }
}
