package org.estimator.account;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.estimator.common.ApiError;
import org.estimator.common.Bodies;
import org.estimator.common.Texts;
import org.estimator.web.Clients;
import org.estimator.web.SecretAnswer;

/** Registration, sign-in and sign-out, the caller's profile and personal API tokens. */
@Path("/rest/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
class AccountResource {

    public record Register(@Schema(example = "Ada") String nickname, @Schema(example = "ada@example.com") String email,
            @Schema(example = "correct horse battery staple", minLength = 16, maxLength = 1024) String password) {
    }

    public record Login(@Schema(example = "ada@example.com") String email,
            @Schema(example = "correct horse battery staple") String password) {
    }

    public record Me(long id, String nickname, String email, String kind) {
    }

    public record TokenAnswer(String token, long expiresAt) {
    }

    public record NewApiToken(@Schema(example = "CI script") String name,
            @Schema(example = "90") Integer expiresInDays) {
    }

    public record ApiTokenAnswer(long id, String name, String token, long createdAt, long expiresAt) {
    }

    public record PasswordChange(@Schema(example = "correct horse battery staple") String currentPassword,
            @Schema(example = "another long and secret phrase", minLength = 16, maxLength = 1024) String newPassword) {
    }

    private final Accounts accounts;
    private final Tokens tokens;
    private final CurrentUser caller;

    private final Clients clients;

    AccountResource(Accounts accounts, Tokens tokens, CurrentUser caller, Clients clients) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.caller = caller;
        this.clients = clients;
    }

    @POST
    @Path("/users")
    public Response register(Register body, @Context HttpServerRequest request) {
        Register r = Bodies.require(body);
        User user = accounts.register(r.nickname(), r.email(), r.password(), caller.clientAddress());
        return Response.created(URI.create(clients.base(request) + "/rest/v1/users/me"))
                .entity(new Me(user.id(), user.nickname(), user.email(), user.kind().name())).build();
    }

    /** Signs in; a sign-in token the request carried (signing in again) ends. */
    @POST
    @Path("/session")
    @SecretAnswer
    public TokenAnswer login(Login body) {
        Login l = Bodies.require(body);
        Optional<Principal> before = caller.quietly();
        Tokens.Issued issued = accounts.signIn(l.email(), l.password(), caller.clientAddress());
        before.ifPresent(tokens::replaced);
        return new TokenAnswer(issued.token(), issued.expiresAt());
    }

    @Authenticated
    @DELETE
    @Path("/session")
    public Response logout() {
        tokens.revoke(caller.require().tokenId());
        return Response.noContent().build();
    }

    /** Ends every sign-in of the caller's account (sessions and guest tokens), this one included. */
    @Authenticated
    @DELETE
    @Path("/users/me/sessions")
    public Response signOutEverywhere() {
        tokens.endSignIns(caller.require().userId(), null);
        return Response.noContent().build();
    }

    /** Changes the password (the current one is required); every other sign-in of the account ends. */
    @Authenticated
    @PUT
    @Path("/users/me/password")
    public Response changePassword(PasswordChange body) {
        PasswordChange c = Bodies.require(body);
        accounts.changePassword(caller.require(), c.currentPassword(), c.newPassword(), caller.clientAddress());
        return Response.noContent().build();
    }

    @Authenticated
    @GET
    @Path("/users/me")
    public Me me() {
        Principal p = caller.require();
        User user = accounts.get(p.userId());
        return new Me(user.id(), user.nickname(), user.email(), user.kind().name());
    }

    @Authenticated
    @POST
    @Path("/users/me/tokens")
    @SecretAnswer
    public Response createApiToken(NewApiToken body) {
        NewApiToken t = Bodies.require(body);
        Principal p = requireAccount();
        String name = Texts.name("name", t.name(), 64);
        int days = t.expiresInDays() == null ? 365 : t.expiresInDays();
        if (days < 1 || days > 3650) {
            throw ApiError.invalid("expiresInDays must be between 1 and 3650");
        }
        Tokens.Issued issued = tokens.issue(p.userId(), AuthToken.Kind.API, name, null, Duration.ofDays(days));
        return Response.status(201)
                .entity(new ApiTokenAnswer(issued.id(), name, issued.token(), System.currentTimeMillis(),
                        issued.expiresAt()))
                .build();
    }

    @Authenticated
    @GET
    @Path("/users/me/tokens")
    public List<ApiTokenAnswer> listApiTokens() {
        Principal p = requireAccount();
        return tokens.apiTokens(p.userId()).stream()
                .map(t -> new ApiTokenAnswer(t.id(), t.name(), null, t.createdAt(), t.expiresAt())).toList();
    }

    @Authenticated
    @DELETE
    @Path("/users/me/tokens/{id}")
    public Response revokeApiToken(@PathParam("id") long id) {
        tokens.revokeApiToken(requireAccount().userId(), id);
        return Response.noContent().build();
    }

    /** Personal API tokens belong to registered accounts, not to guests. */
    private Principal requireAccount() {
        Principal p = caller.require();
        if (p.isGuest()) {
            throw ApiError.forbidden("Guests cannot create API tokens");
        }
        return p;
    }
}
