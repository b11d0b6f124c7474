package org.estimator.web;

import java.util.Optional;

/**
 * What the HTTP plumbing needs to know of the caller without depending on the accounts feature
 * (which implements it): the token that authenticates the request, and how pages name the caller.
 */
public interface CallerIdentity {

    /** How a page's layout shows the signed-in caller. */
    record Shown(String nickname, boolean guest) {
    }

    /** The authenticating token's id; empty for an unauthenticated request; 401 for an invalid bearer token. */
    Optional<Long> tokenId();

    /** The caller as the layout shows them; empty when nobody is signed in. */
    Optional<Shown> shown();
}
