package org.estimator.account;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.estimator.common.ApiError;
import org.estimator.web.Page;
import org.estimator.web.Pages;
import org.estimator.web.WebCookies;
import org.jboss.resteasy.reactive.RestForm;

/** Registering, signing in and out, and the account page in the browser: the same rules as the API, plus cookies. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
class AccountPages {

    @CheckedTemplate(basePath = "account")
    static class Templates {

        static native TemplateInstance register(Page page, String nickname, String email, String next,
                Map<String, String> errors);

        static native TemplateInstance signin(Page page, String email, String next, String error,
                SingleSignOn.View sso);

        static native TemplateInstance signout(Page page, boolean linked, boolean providerLogout, String provider);

        static native TemplateInstance account(Page page, String email, List<TokenRow> tokens, String passwordMessage,
                Map<String, String> errors);

        static native TemplateInstance account$live(List<TokenRow> tokens);
    }

    /** A personal API token as the account page lists it (never the token itself). */
    public record TokenRow(long id, String name, String created, String expires) {
    }

    private static final Set<String> FIELDS = Set.of("nickname", "email", "password");

    private final Accounts accounts;
    private final Tokens tokens;
    private final CurrentUser caller;
    private final Pages pages;
    private final WebCookies cookies;
    private final BrowserSessions sessions;
    private final SingleSignOn sso;
    private final org.estimator.web.Clients clients;

    AccountPages(Accounts accounts, Tokens tokens, CurrentUser caller, Pages pages, WebCookies cookies,
            BrowserSessions sessions, SingleSignOn sso, org.estimator.web.Clients clients) {
        this.clients = clients;
        this.sessions = sessions;
        this.sso = sso;
        this.accounts = accounts;
        this.tokens = tokens;
        this.caller = caller;
        this.pages = pages;
        this.cookies = cookies;
    }

    @GET
    @Path("register")
    public TemplateInstance registerForm(@QueryParam("next") String next) {
        accounts.requirePasswords();
        return Templates.register(pages.page(pages.msg().register()), "", "", Pages.safeNext(next), Map.of());
    }

    @POST
    @Path("register")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response register(@RestForm String csrf, @RestForm String nickname, @RestForm String email,
            @RestForm String password, @RestForm String password2, @RestForm String next) {
        pages.requireForm(csrf);
        String target = Pages.safeNext(next); // first: nothing below may fail after the account exists
        Map<String, String> errors = new LinkedHashMap<>();
        int status = 400;
        User user = null;
        if (password != null && !password.equals(password2)) {
            errors.put("password2", pages.msg().passwordsDoNotMatch());
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
            return Response.status(status)
                    .entity(Templates.register(pages.page(pages.msg().register()), value(nickname),
                            value(email), target, errors).render())
                    .build();
        }
        Tokens.Issued device = tokens.issueDevice(user.id());
        signIn(tokens.issue(user.id(), AuthToken.Kind.SESSION, null, null, null), device);
        return Pages.see(target);
    }

    @GET
    @Path("signin")
    public TemplateInstance signinForm(@QueryParam("next") String next, @QueryParam("problem") String problem) {
        // Back from a sign-in through the provider that failed before it reached us (see SsoFailures).
        String error = !sso.enabled() || problem == null
                ? null
                : switch (problem) {
                    case "unavailable" -> pages.msg().ssoUnavailable(sso.label());
                    case "failed" -> pages.msg().ssoFailed(sso.label());
                    default -> null;
                };
        return Templates.signin(pages.page(pages.msg().signIn()), "", Pages.safeNext(next), error, sso.view());
    }

    @POST
    @Path("signin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signin(@RestForm String csrf, @RestForm String email, @RestForm String password,
            @RestForm String next) {
        pages.requireForm(csrf);
        String target = Pages.safeNext(next);
        try {
            Accounts.SignedIn signedIn = accounts.passwordSignIn(email, password, caller.clientAddress(),
                    caller.deviceCookie(), true);
            signIn(signedIn.session(), signedIn.device());
            return Pages.see(target);
        } catch (ApiError e) {
            Response.ResponseBuilder answer = Response.status(e.status())
                    .entity(Templates.signin(pages.page(pages.msg().signIn()),
                            value(email), target, e.getMessage(), sso.view()).render());
            if (e.retryAfterSeconds() > 0) {
                answer.header("Retry-After", e.retryAfterSeconds());
            }
            return answer.build();
        }
    }

    /** Puts the new session in the cookie; the browser's earlier sign-in, if any, ends. */
    private void signIn(Tokens.Issued session, Tokens.Issued device) {
        sessions.start(pages.routing(), session, device);
    }

    @GET
    @Path("signout")
    public Response signoutForm() {
        Optional<Principal> who = caller.optional();
        if (who.isEmpty()) {
            return Pages.see("/");
        }
        boolean linked = sso.linked(who.get().userId());
        boolean provider = linked && sso.providerLogout(who.get().userId(), "/").isPresent();
        return Response.ok(Templates.signout(pages.page(pages.msg().signOut()), linked, provider, sso.label())
                .render()).build();
    }

    @POST
    @Path("signout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signout(@RestForm String csrf, @RestForm String provider) {
        pages.requireForm(csrf);
        Optional<Principal> who = caller.optional();
        who.ifPresent(p -> tokens.revoke(p.tokenId()));
        cookies.signOut(pages.routing());
        // RP-initiated logout: the provider ends its own session too and sends the person back here.
        if ("true".equals(provider) && who.isPresent()) {
            String back = clients.base(pages.routing().request()) + "/";
            Optional<String> logout = sso.providerLogout(who.get().userId(), back);
            if (logout.isPresent()) {
                return Response.seeOther(java.net.URI.create(logout.get())).build();
            }
        }
        return Pages.see("/");
    }

    /** Ends every sign-in of the account, on every device, this browser's too. */
    @POST
    @Path("account/signout-everywhere")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signoutEverywhere(@RestForm String csrf) {
        pages.requireForm(csrf);
        tokens.endSignIns(caller.require().userId(), null);
        cookies.signOut(pages.routing());
        return Pages.see("/signin");
    }

    /** The signed-in account: who it is, its password and its personal API tokens for scripts. */
    @GET
    @Path("account")
    public TemplateInstance account(@QueryParam("fragment") String fragment) {
        List<TokenRow> rows = tokenRows(caller.require());
        return "live".equals(fragment) ? Templates.account$live(rows) : accountPage(rows, null, Map.of());
    }

    @POST
    @Path("account/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePassword(@RestForm String csrf, @RestForm String current, @RestForm String password,
            @RestForm String password2) {
        pages.requireForm(csrf);
        Principal p = caller.require();
        Map<String, String> errors = new LinkedHashMap<>();
        int status = 400;
        if (password == null || !password.equals(password2)) {
            errors.put("password2", pages.msg().passwordsDoNotMatch());
        } else {
            try {
                accounts.changePassword(p, current, password, caller.clientAddress());
                return Response.ok(accountPage(tokenRows(p), pages.msg().passwordChanged(),
                        Map.of()).render()).build();
            } catch (ApiError e) {
                if (e.status() == 429) {
                    throw e;
                }
                status = e.status();
                errors.put(e.status() == 403 ? "current" : "password", sentence(e.getMessage()));
            }
        }
        return Response.status(status).entity(accountPage(tokenRows(p), null, errors).render()).build();
    }

    private TemplateInstance accountPage(List<TokenRow> rows, String passwordMessage, Map<String, String> errors) {
        User user = accounts.get(caller.require().userId());
        return Templates.account(pages.page(pages.msg().yourAccount()), user.email(), rows, passwordMessage, errors);
    }

    private List<TokenRow> tokenRows(Principal p) {
        return p.isGuest()
                ? List.of()
                : tokens.apiTokens(p.userId()).stream()
                        .map(t -> new TokenRow(t.id(), t.name(), pages.date(t.createdAt()), pages.date(t.expiresAt())))
                        .toList();
    }

    private static String value(String s) {
        return s == null ? "" : s;
    }

    /** "email is not valid" reads better next to a field as "Email is not valid". */
    private static String sentence(String message) {
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
