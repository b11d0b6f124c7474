package org.estimator.web;

import java.util.Optional;

/**
 * What the HTTP plumbing needs to know of the caller without depending on the accounts feature
 * (which implements it): the id of the token that authenticates the request, if any.
 */
public interface CallerIdentity {

    /** The authenticating token's id; empty for an unauthenticated request; 401 for an invalid bearer token. */
    Optional<Long> tokenId();
}
