package org.estimator.config;

import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;

/**
 * Every setting of Estimator in one typed mapping. application.properties binds each to its
 * environment variable and default; {@link SettingsCheck} checks the operator's values before
 * start-up; the README's settings table lists the same (SettingsTableTest keeps them in step).
 */
@ConfigMapping(prefix = "estimator")
public interface Settings {

    Db db();

    Web web();

    Auth auth();

    Groups groups();

    Limits limits();

    Redis redis();

    Events events();

    Retention retention();

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

        @Min(0)
        int groupsPerClient();

        @Min(0)
        int registrationsPerClient();

        @Min(0)
        int loginFailuresPerAccount();

        @Min(0)
        int loginFailuresPerClient();

        @Min(0)
        int joinsPerClient();

        @Min(0)
        int membersPerGroup();

        @Min(0)
        int issuesPerGroup();

        @Min(1)
        @Max(1000)
        int streamsPerUser();

        @Min(0)
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

    interface Retention {

        /** 0: never. */
        Duration inactiveGroups();

        /** 0: never. */
        Duration pendingEstimates();

        /** A duration, or {@code off}. */
        String every();
    }
}
