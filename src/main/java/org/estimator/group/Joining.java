package org.estimator.group;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.estimator.account.Principal;
import org.estimator.account.Tokens;
import org.estimator.common.ApiError;
import org.estimator.config.Settings;
import org.estimator.web.RateLimiter;

/** Joining a group with an invitation code, as a signed-in user or as a guest: the API's and the pages' one rule. */
@ApplicationScoped
class Joining {

    /** A guest who just joined: their group and the token that is their session. */
    record Guest(EstimationGroup group, Tokens.Issued token) {
    }

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final String TOO_MANY = "Too many joins from this address; try again later";

    private final GroupService groups;
    private final RateLimiter limiter;
    private final boolean guestsAllowed;
    private final int joinsPerClient;

    Joining(GroupService groups,
            RateLimiter limiter,
            Settings settings) {
        this.groups = groups;
        this.limiter = limiter;
        this.guestsAllowed = settings.auth().guests();
        this.joinsPerClient = settings.limits().joinsPerClient();
    }

    boolean guestsAllowed() {
        return guestsAllowed;
    }

    /** The group a code invites to, checked against the group named in the link (403 otherwise). */
    EstimationGroup invitedTo(String name, String code) {
        EstimationGroup group = groups.require(name);
        if (groups.groupOfCode(code).id() != group.id()) {
            throw ApiError.forbidden("The invitation code is not valid");
        }
        return group;
    }

    /** Adds the caller to the group; 409 when already a member. */
    EstimationGroup join(String name, Principal principal, String code, String client) {
        EstimationGroup group = groups.require(name);
        limiter.hit("join:" + client, joinsPerClient, HOUR, TOO_MANY);
        if (!principal.mayActIn(group.id())) {
            throw ApiError.forbidden("A guest token can only be used in its own group");
        }
        invitedTo(name, code);
        groups.join(group.id(), principal.userId());
        return group;
    }

    /**
     * Creates a guest with that nickname in the code's group (403 when guests are switched off, 409
     * when the nickname is taken there).
     */
    Guest joinAsGuest(String nickname, String code, String client) {
        if (!guestsAllowed) {
            throw ApiError.forbidden("Guest access is switched off on this server");
        }
        limiter.hit("join:" + client, joinsPerClient, HOUR, TOO_MANY);
        EstimationGroup group = groups.groupOfCode(code);
        GroupService.NewGuest guest = groups.joinAsGuest(group.id(), nickname);
        return new Guest(group, guest.token());
    }
}
