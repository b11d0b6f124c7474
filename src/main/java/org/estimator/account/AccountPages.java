package org.estimator.account;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.estimator.web.ApiError;
import org.estimator.web.Csrf;
import org.estimator.web.Page;
import org.estimator.web.Pages;
import org.estimator.web.WebCookies;
import org.jboss.resteasy.reactive.RestForm;

/** Registering, signing in and signing out in the browser: the same rules as the API, plus a cookie. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class AccountPages {

    @CheckedTemplate(basePath = "account")
    static class Templates {
        static native TemplateInstance register(Page page, String nickname, String email, String next,
                                                Map<String, String> errors);

        static native TemplateInstance signin(Page page, String email, String next, String error);

        static native TemplateInstance signout(Page page);

        static native TemplateInstance account(Page page, String email, List<TokenRow> tokens);

        static native TemplateInstance account$live(List<TokenRow> tokens);
    }

    /** A personal API token as the account page lists it (never the token itself). */
    public record TokenRow(long id, String name, String created, String expires) {
    }

    private static final java.time.format.DateTimeFormatter DAY =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(java.time.ZoneOffset.UTC);

    private static final Set<String> FIELDS = Set.of("nickname", "email", "password");

    private final Accounts accounts;
    private final Tokens tokens;
    private final CurrentUser caller;
    private final Pages pages;
    private final WebCookies cookies;

    AccountPages(Accounts accounts, Tokens tokens, CurrentUser caller, Pages pages, WebCookies cookies) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.caller = caller;
        this.pages = pages;
        this.cookies = cookies;
    }

    @GET
    @Path("register")
    public TemplateInstance registerForm(@QueryParam("next") String next) {
        return Templates.register(pages.page("Register"), "", "", Pages.safeNext(next), Map.of());
    }

    @POST
    @Path("register")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response register(@RestForm String csrf, @RestForm String nickname, @RestForm String email,
                             @RestForm String password, @RestForm String password2, @RestForm String next) {
        Csrf.requireForm(pages.routing(), csrf);
        Map<String, String> errors = new LinkedHashMap<>();
        int status = 400;
        User user = null;
        if (password != null && !password.equals(password2)) {
            errors.put("password2", "The two passwords do not match");
        } else {
            try {
                user = accounts.register(nickname, email, password, caller.clientAddress());
            } catch (ApiError e) {
                if (e.status() == 429) {
                    throw e;
                }
                status = e.status();
                String field = e.getMessage().split(" ", 2)[0].toLowerCase(Locale.ROOT);
                errors.put(FIELDS.contains(field) ? field : "form", sentence(e.getMessage()));
            }
        }
        if (user == null) {
            return Response.status(status).entity(Templates.register(pages.page("Register"), value(nickname),
                    value(email), Pages.safeNext(next), errors).render()).build();
        }
        Tokens.Issued session = tokens.issue(user.id(), AuthToken.Kind.SESSION, null, null, null);
        cookies.signIn(pages.routing(), session.token(), session.expiresAt());
        return Pages.see(Pages.safeNext(next));
    }

    @GET
    @Path("signin")
    public TemplateInstance signinForm(@QueryParam("next") String next) {
        return Templates.signin(pages.page("Sign in"), "", Pages.safeNext(next), null);
    }

    @POST
    @Path("signin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signin(@RestForm String csrf, @RestForm String email, @RestForm String password,
                           @RestForm String next) {
        Csrf.requireForm(pages.routing(), csrf);
        try {
            Tokens.Issued session = accounts.signIn(email, password, caller.clientAddress());
            cookies.signIn(pages.routing(), session.token(), session.expiresAt());
            return Pages.see(Pages.safeNext(next));
        } catch (ApiError e) {
            Response.ResponseBuilder answer = Response.status(e.status()).entity(Templates.signin(pages.page("Sign in"),
                    value(email), Pages.safeNext(next), e.getMessage()).render());
            if (e.retryAfterSeconds() > 0) {
                answer.header("Retry-After", e.retryAfterSeconds());
            }
            return answer.build();
        }
    }

    @GET
    @Path("signout")
    public Response signoutForm() {
        if (caller.optional().isEmpty()) {
            return Pages.see("/");
        }
        return Response.ok(Templates.signout(pages.page("Sign out")).render()).build();
    }

    @POST
    @Path("signout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signout(@RestForm String csrf) {
        Csrf.requireForm(pages.routing(), csrf);
        caller.optional().ifPresent(p -> tokens.revoke(p.tokenId()));
        cookies.signOut(pages.routing());
        return Pages.see("/");
    }

    /** The signed-in account: who it is, and its personal API tokens for scripts. */
    @GET
    @Path("account")
    public TemplateInstance account(@QueryParam("fragment") String fragment) {
        Principal p = caller.require();
        User user = accounts.get(p.userId());
        List<TokenRow> rows = p.isGuest() ? List.of() : tokens.apiTokens(p.userId()).stream()
                .map(t -> new TokenRow(t.id, t.name, DAY.format(java.time.Instant.ofEpochMilli(t.createdAt)),
                        DAY.format(java.time.Instant.ofEpochMilli(t.expiresAt))))
                .toList();
        return "live".equals(fragment) ? Templates.account$live(rows)
                : Templates.account(pages.page("Your account"), user.email(), rows);
    }

    private static String value(String s) {
        return s == null ? "" : s;
    }

    /** "email is not valid" reads better next to a field as "Email is not valid". */
    private static String sentence(String message) {
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
