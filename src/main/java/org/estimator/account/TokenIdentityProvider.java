package org.estimator.account;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns an opaque token into a {@link SecurityIdentity}: the token's caller (a {@link Principal},
 * kept as the identity's attribute {@value #PRINCIPAL}) with the role {@code account} or {@code guest}.
 * A stream ticket is redeemed (single use) rather than looked up.
 */
@ApplicationScoped
class TokenIdentityProvider implements IdentityProvider<TokenMechanism.OpaqueToken> {

    static final String PRINCIPAL = "estimator.principal";
    static final String VIA = "estimator.via";

    private final Tokens tokens;

    TokenIdentityProvider(Tokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenMechanism.OpaqueToken> getRequestType() {
        return TokenMechanism.OpaqueToken.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenMechanism.OpaqueToken request,
            AuthenticationRequestContext context) {
        return context.runBlocking(() -> identity(principal(request.token, request.kind), request.kind));
    }

    /**
     * The caller a token of {@code kind} (see {@link TokenMechanism}) stands for; a ticket is redeemed.
     * Blocking (a database read or write). Throws {@link AuthenticationFailedException} when it is not valid.
     */
    Principal principal(String token, String kind) {
        boolean ticket = TokenMechanism.TICKET.equals(kind);
        Optional<Principal> found = ticket ? tokens.redeemTicket(token) : tokens.resolve(token);
        return found.orElseThrow(() -> new AuthenticationFailedException(ticket
                ? "The ticket is invalid, expired or used"
                : "The token is invalid, expired or revoked"));
    }

    static SecurityIdentity identity(Principal p, String via) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(p.nickname()))
                .addRole(p.isGuest() ? "guest" : "account").addAttribute(PRINCIPAL, p).addAttribute(VIA, via).build();
    }
}
