package org.estimator.account;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.estimator.web.ApiError;
import org.estimator.web.Bodies;
import org.estimator.web.Texts;

/** Registration, sign-in and sign-out, the caller's profile and personal API tokens. */
@Path("/rest/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountResource {

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

    public record NewApiToken(@Schema(example = "CI script") String name, @Schema(example = "90") Integer expiresInDays) {
    }

    public record ApiTokenAnswer(long id, String name, String token, long createdAt, long expiresAt) {
    }

    private final Accounts accounts;
    private final Tokens tokens;
    private final CurrentUser caller;

    AccountResource(Accounts accounts, Tokens tokens, CurrentUser caller) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.caller = caller;
    }

    @POST
    @Path("/users")
    public Response register(Register body, @Context UriInfo uri) {
        Register r = Bodies.require(body);
        User user = accounts.register(r.nickname(), r.email(), r.password(), caller.clientAddress());
        return Response.created(URI.create(uri.getBaseUri() + "rest/v1/users/me"))
                .entity(new Me(user.id(), user.nickname(), user.email(), user.kind().name())).build();
    }

    @POST
    @Path("/session")
    public TokenAnswer login(Login body) {
        Login l = Bodies.require(body);
        Tokens.Issued issued = accounts.signIn(l.email(), l.password(), caller.clientAddress());
        return new TokenAnswer(issued.token(), issued.expiresAt());
    }

    @DELETE
    @Path("/session")
    public Response logout() {
        tokens.revoke(caller.require().tokenId());
        return Response.noContent().build();
    }

    @GET
    @Path("/users/me")
    public Me me() {
        Principal p = caller.require();
        User user = accounts.get(p.userId());
        return new Me(user.id(), user.nickname(), user.email(), user.kind().name());
    }

    @POST
    @Path("/users/me/tokens")
    public Response createApiToken(NewApiToken body) {
        NewApiToken t = Bodies.require(body);
        Principal p = requireAccount();
        String name = Texts.check("name", t.name(), 1, 64, false);
        int days = t.expiresInDays() == null ? 365 : t.expiresInDays();
        if (days < 1 || days > 3650) {
            throw ApiError.invalid("expiresInDays must be between 1 and 3650");
        }
        Tokens.Issued issued = tokens.issue(p.userId(), AuthToken.Kind.API, name, null, Duration.ofDays(days));
        return Response.status(201)
                .entity(new ApiTokenAnswer(issued.id(), name, issued.token(), System.currentTimeMillis(), issued.expiresAt()))
                .build();
    }

    @GET
    @Path("/users/me/tokens")
    public List<ApiTokenAnswer> listApiTokens() {
        Principal p = requireAccount();
        return tokens.apiTokens(p.userId()).stream()
                .map(t -> new ApiTokenAnswer(t.id, t.name, null, t.createdAt, t.expiresAt)).toList();
    }

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
