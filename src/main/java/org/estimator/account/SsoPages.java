package org.estimator.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.estimator.common.ApiError;
import org.estimator.config.OidcConfigSourceFactory;
import org.estimator.config.Settings;
import org.estimator.web.Page;
import org.estimator.web.Pages;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Sign-in through the single sign-on provider. {@code /signin/oidc} is reached only once Quarkus OIDC
 * has taken the person through the provider (authorization-code flow with PKCE; state, nonce and the
 * ID token checked): here the person gets an Estimator session, as after a password sign-in, and
 * Quarkus OIDC's own session ends. An account with a password and the same email is linked once its
 * password is given on {@code /signin/oidc/link}.
 */
@Path(OidcConfigSourceFactory.START)
@Produces(MediaType.TEXT_HTML)
class SsoPages {

    @CheckedTemplate(basePath = "account")
    static class Templates {

        static native TemplateInstance link(Page page, String email, String next, String error);
    }

    /** The browser's pending link, on the sign-on paths only. */
    private static final String PENDING = "estimator_sso_link";

    private final SingleSignOn sso;
    private final BrowserSessions sessions;
    private final CurrentUser caller;
    private final Pages pages;
    private final OidcSession oidc;
    /** The provider's ID token for this request (only on /signin/oidc, where Quarkus OIDC authenticated it). */
    @jakarta.inject.Inject
    @io.quarkus.oidc.IdToken
    JsonWebToken idToken;
    private final String groupsClaim;
    private final boolean secure;

    SsoPages(SingleSignOn sso, BrowserSessions sessions, CurrentUser caller, Pages pages, OidcSession oidc,
            Settings settings) {
        this.sso = sso;
        this.sessions = sessions;
        this.caller = caller;
        this.pages = pages;
        this.oidc = oidc;
        this.groupsClaim = settings.oidc().groupsClaim();
        this.secure = settings.web().secureCookies();
    }

    /** Back from the provider: the person's Estimator session (or the password to link, or why not). */
    @GET
    public Response complete(@QueryParam("next") String next) {
        if (!sso.enabled()) {
            throw ApiError.notFound("Single sign-on is not set up on this server");
        }
        SingleSignOn.Claims claims = new SingleSignOn.Claims(idToken.getIssuer(), idToken.getSubject(),
                idToken.getClaim("email"), bool(idToken.getClaim("email_verified")), idToken.getClaim("name"),
                idToken.getClaim("preferred_username"), groups(idToken.getClaim(groupsClaim)));
        SingleSignOn.Outcome outcome = sso.complete(claims);
        oidc.logout().await().atMost(Duration.ofSeconds(5)); // Quarkus OIDC's session is not Estimator's
        return answer(outcome, Pages.safeNext(next));
    }

    @GET
    @Path("link")
    public Response linkPage(@QueryParam("next") String next, @jakarta.ws.rs.CookieParam(PENDING) String pending) {
        String email = sso.pendingEmail(pending)
                .orElseThrow(() -> ApiError.conflict("The link expired: sign in with " + sso.label() + " again"));
        return Response.ok(Templates.link(page(), email, Pages.safeNext(next), null).render()).build();
    }

    @POST
    @Path("link")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response link(@RestForm String csrf, @RestForm String password, @RestForm String next,
            @jakarta.ws.rs.CookieParam(PENDING) String pending) {
        pages.requireForm(csrf);
        String target = Pages.safeNext(next);
        try {
            return answer(sso.link(pending, password, caller.clientAddress(), caller.deviceCookie()), target);
        } catch (ApiError e) {
            if (e.status() != 401) {
                throw e;
            }
            String email = sso.pendingEmail(pending).orElse("");
            return Response.status(401).entity(Templates.link(page(), email, target, e.getMessage()).render())
                    .build();
        }
    }

    private Response answer(SingleSignOn.Outcome outcome, String next) {
        if (outcome instanceof SingleSignOn.SignedIn in) {
            sessions.start(pages.routing(), in.session().session(), in.session().device());
            return Response.seeOther(java.net.URI.create(next)).cookie(pendingCookie("", 0)).build();
        }
        if (outcome instanceof SingleSignOn.LinkNeeded link) {
            return Response.seeOther(java.net.URI.create(OidcConfigSourceFactory.START + "/link?next="
                    + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8)))
                    .cookie(pendingCookie(link.token(), (int) SingleSignOn.LINK_WINDOW.toSeconds())).build();
        }
        throw ApiError.forbidden(((SingleSignOn.Refused) outcome).message());
    }

    private NewCookie pendingCookie(String value, int maxAge) {
        return new NewCookie.Builder(PENDING).value(value).path(OidcConfigSourceFactory.START).maxAge(maxAge)
                .httpOnly(true).secure(secure).sameSite(NewCookie.SameSite.LAX).build();
    }

    private Page page() {
        return pages.page(pages.msg().signIn());
    }

    private static Boolean bool(Object claim) {
        if (claim instanceof Boolean b) {
            return b;
        }
        if (claim instanceof jakarta.json.JsonValue v) {
            return v == jakarta.json.JsonValue.TRUE;
        }
        return claim == null ? null : Boolean.valueOf(claim.toString());
    }

    /** A groups claim as strings: a JSON array, a single string, or nothing. */
    private static List<String> groups(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof Iterable<?> items) {
            for (Object item : items) {
                out.add(item instanceof jakarta.json.JsonString s ? s.getString() : String.valueOf(item));
            }
        } else if (claim instanceof jakarta.json.JsonString s) {
            out.add(s.getString());
        } else if (claim instanceof String s) {
            out.add(s);
        }
        return out;
    }
}
