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
        String kind = request.kind;
        String token = request.token;
        return context.runBlocking(() -> {
            Optional<Principal> found = TokenMechanism.TICKET.equals(kind)
                    ? tokens.redeemTicket(token)
                    : tokens.resolve(token);
            Principal p = found.orElseThrow(() -> new AuthenticationFailedException(
                    TokenMechanism.TICKET.equals(kind)
                            ? "The ticket is invalid, expired or used"
                            : "The token is invalid, expired or revoked"));
            return identity(p, kind);
        });
    }

    static SecurityIdentity identity(Principal p, String via) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(p.nickname()))
                .addRole(p.isGuest() ? "guest" : "account").addAttribute(PRINCIPAL, p).addAttribute(VIA, via).build();
    }
}
