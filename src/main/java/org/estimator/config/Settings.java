package org.estimator.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Every setting of Estimator in one typed mapping. application.properties binds each to its
 * environment variable and default; {@link SettingsCheck} checks the operator's values before
 * start-up; the README's settings table lists the same (SettingsTableTest keeps them in step).
 */
@ConfigMapping(prefix = "estimator")
public interface Settings {

    /**
     * The values a whole-number setting may take, checked by {@link SettingsCheck} (Bean Validation
     * would do it too, but building its validator cost a quarter of the start-up: bench/RESULTS.md).
     */
    @java.lang.annotation.Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Range {

        long min();

        long max() default Integer.MAX_VALUE;
    }

    Db db();

    Web web();

    Auth auth();

    Groups groups();

    Limits limits();

    Redis redis();

    Events events();

    Retention retention();

    Integrations integrations();

    Oidc oidc();

    interface Db {

        /** Set from ESTIMATOR_DB_URL by db.DatabaseConfigSourceFactory, never by hand. */
        String kind();

        boolean migrateAtStart();
    }

    interface Web {

        Optional<String> trustedProxies();

        Optional<String> publicUrl();

        boolean secureCookies();
    }

    interface Auth {

        Duration sessionLifetime();

        boolean guests();
    }

    interface Groups {

        boolean anonymousCreate();
    }

    /** 0 turns a per-client limit off. */
    interface Limits {

        @Range(min = 0)
        int groupsPerClient();

        @Range(min = 0)
        int registrationsPerClient();

        @Range(min = 0)
        int loginFailuresPerAccount();

        @Range(min = 0)
        int loginFailuresPerClient();

        @Range(min = 0)
        int joinsPerClient();

        @Range(min = 0)
        int membersPerGroup();

        @Range(min = 0)
        int issuesPerGroup();

        @Range(min = 1, max = 1000)
        int streamsPerUser();

        @Range(min = 0)
        int streamOpensPerUser();
    }

    interface Redis {

        Optional<String> url();

        String prefix();
    }

    interface Events {

        Duration poll();

        Duration heartbeat();

        Duration retry();

        Duration keep();

        Duration presence();
    }

    /** Tracker connections (Jira, GitHub, GitLab): their secrets and where they may reach. */
    interface Integrations {

        /** 32 bytes in base64 that encrypt tracker tokens; several instances share one. */
        Optional<String> secretKey();

        /** Where the key is kept when {@link #secretKey} is not set; on SQLite next to its file by default. */
        Optional<String> secretKeyFile();

        /** Hosts a tracker may be reached at although they are private or plain HTTP (comma-separated). */
        Optional<String> allowedHosts();

        /** How long a call to a tracker may take. */
        Duration timeout();
    }

    /** Single sign-on with an OpenID Connect provider (off while no issuer is set). */
    interface Oidc {

        /** The provider's issuer URL (its discovery document is {@code <issuer>/.well-known/openid-configuration}). */
        Optional<String> issuer();

        Optional<String> clientId();

        Optional<String> clientSecret();

        /** The provider's name on the button: "Sign in with <label>". */
        String label();

        /** Scopes asked for besides {@code openid}, space-separated. */
        String scopes();

        /** Email domains whose people may sign in (comma-separated); empty: any. */
        Optional<String> allowedDomains();

        /** The claim that lists a person's groups or roles. */
        String groupsClaim();

        /** A group or role the person must have (in {@link #groupsClaim}); empty: none. */
        Optional<String> requiredGroup();

        /** Password registration and sign-in are off: people sign in through the provider. */
        boolean ssoOnly();

        /** Whether registering and signing in with a password are switched off (only with a provider to sign in with). */
        default boolean passwordsOff() {
            return ssoOnly() && issuer().isPresent();
        }
    }

    interface Retention {

        /** 0: never. */
        Duration inactiveGroups();

        /** 0: never. */
        Duration pendingEstimates();

        /** A duration, or {@code off}. */
        String every();
    }
}
