package org.estimator.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.EnvConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns the operator's single sign-on settings ({@code estimator.oidc.*}, from {@code ESTIMATOR_OIDC_*})
 * into Quarkus OIDC's: the default tenant is enabled only when an issuer is set, as a web application
 * (authorization-code flow with PKCE, state and nonce), and only {@code /signin/oidc} (where a person
 * starts and the provider answers) goes through it; every other request is authenticated by the
 * opaque tokens as before. The Estimator session is issued once the provider's answer checked out.
 *
 * <p>An {@link EnvConfigSource} at ordinal 275 for the reason given in {@code db.DatabaseConfigSourceFactory}:
 * such values are not frozen into the jar when it is built.
 */
public final class OidcConfigSourceFactory implements ConfigSourceFactory {

    /** Where the flow starts (and the person comes back to), and where the provider sends its answer. */
    public static final String START = "/signin/oidc";
    public static final String CALLBACK = "/signin/oidc/callback";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> p = properties(name -> {
            ConfigValue value = context.getValue(name);
            return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
        });
        return List.of(new EnvConfigSource(p, 275) {

            @Override
            public String getName() {
                return "EstimatorOidcSettings";
            }
        });
    }

    /** Throws an {@link IllegalArgumentException} with the one line to show for incomplete single sign-on settings. */
    public static void check(Function<String, String> env) {
        String issuer = blankToNull(env.apply("ESTIMATOR_OIDC_ISSUER"));
        if (issuer == null) {
            if ("true".equalsIgnoreCase(blankToNull(env.apply("ESTIMATOR_SSO_ONLY")))) {
                throw new IllegalArgumentException(
                        "ESTIMATOR_SSO_ONLY is true but ESTIMATOR_OIDC_ISSUER is not set: nobody could sign in");
            }
            return;
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(issuer.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("ESTIMATOR_OIDC_ISSUER '" + issuer + "' is not a URL");
        }
        boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost());
        if (uri.getHost() == null
                || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
            throw new IllegalArgumentException("ESTIMATOR_OIDC_ISSUER '" + issuer
                    + "' must be an https URL (http only on this machine), like https://login.example.com/realms/company");
        }
        for (String needed : List.of("ESTIMATOR_OIDC_CLIENT_ID", "ESTIMATOR_OIDC_CLIENT_SECRET")) {
            if (blankToNull(env.apply(needed)) == null) {
                throw new IllegalArgumentException(
                        "ESTIMATOR_OIDC_ISSUER is set but " + needed + " is not: give the client registered there");
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static Map<String, String> properties(Function<String, String> setting) {
        Map<String, String> p = new HashMap<>();
        String issuer = setting.apply("estimator.oidc.issuer");
        p.put("quarkus.oidc.tenant-enabled", Boolean.toString(issuer != null));
        if (issuer == null) {
            return p;
        }
        String secret = setting.apply("estimator.oidc.client-secret");
        p.put("quarkus.oidc.auth-server-url", issuer.strip().replaceAll("/+$", ""));
        p.put("quarkus.oidc.client-id", String.valueOf(setting.apply("estimator.oidc.client-id")));
        if (secret != null) {
            p.put("quarkus.oidc.credentials.secret", secret);
            // PKCE's verifier travels encrypted in the state cookie: every instance shares the client secret.
            p.put("quarkus.oidc.authentication.state-secret", sha256(secret));
        }
        p.put("quarkus.oidc.application-type", "web-app");
        p.put("quarkus.oidc.connection-timeout", "5S");
        p.put("quarkus.oidc.authentication.redirect-path", CALLBACK);
        p.put("quarkus.oidc.authentication.restore-path-after-redirect", "true");
        p.put("quarkus.oidc.authentication.pkce-required", "true");
        p.put("quarkus.oidc.authentication.nonce-required", "true");
        p.put("quarkus.oidc.authentication.user-info-required", "false");
        p.put("quarkus.oidc.authentication.cookie-path", START);
        String scopes = setting.apply("estimator.oidc.scopes");
        if (scopes != null) {
            p.put("quarkus.oidc.authentication.scopes", String.join(",", scopes.strip().split("[\\s,]+")));
        }
        p.put("quarkus.http.auth.permission.sso.paths", START + "," + CALLBACK);
        p.put("quarkus.http.auth.permission.sso.policy", "authenticated");
        p.put("quarkus.http.auth.permission.sso.auth-mechanism", "code");
        return p;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("estimator-oidc-state\n" + text).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
