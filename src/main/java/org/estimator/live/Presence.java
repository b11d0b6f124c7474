package org.estimator.live;

import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.when;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import org.estimator.common.ApiError;
import org.estimator.config.Settings;
import org.estimator.db.Constraints;
import org.estimator.db.Database;
import org.estimator.db.Tx;
import org.jboss.logging.Logger;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * Who has a stream open on a group, across instances, kept in the database, and who is shown online.
 *
 * <p>A row per group, user and instance counts that instance's open streams of the user ({@code
 * streams}, since {@code since}); a row at 0 remembers when the last one closed ({@code seen_at}).
 * What members see is {@code membership.online}, which only a tick changes: every {@code
 * ESTIMATOR_EVENTS_PRESENCE} it announces those whose state has held for a whole interval, in one
 * transaction, ordered by user id. So opening and closing a stream costs no event; a member who opens
 * the room and votes at once is announced after their count, not before it (presence does not point
 * at voters); and a client that reconnects in a loop makes no presence events at all.
 */
@ApplicationScoped
public class Presence {

    private static final Table<Record> PRESENCE = table(name("presence"));
    private static final Field<Long> GROUP_ID = field(name("group_id"), SQLDataType.BIGINT);
    private static final Field<Long> USER_ID = field(name("user_id"), SQLDataType.BIGINT);
    private static final Field<String> INSTANCE = field(name("instance_id"), SQLDataType.VARCHAR);
    private static final Field<Integer> STREAMS = field(name("streams"), SQLDataType.INTEGER);
    private static final Field<Long> SEEN_AT = field(name("seen_at"), SQLDataType.BIGINT);
    private static final Field<Long> SINCE = field(name("since"), SQLDataType.BIGINT);
    /** What members are shown: the membership's online mark, and the member's nickname. */
    private static final Table<Record> MEMBERSHIP = table(name("membership"));
    private static final Field<Long> M_GROUP = field(name("membership", "group_id"), SQLDataType.BIGINT);
    private static final Field<Long> M_USER = field(name("membership", "user_id"), SQLDataType.BIGINT);
    private static final Field<Integer> M_ONLINE = field(name("membership", "online"), SQLDataType.INTEGER);
    private static final Table<Record> USER = table(name("app_user"));
    private static final Field<Long> U_ID = field(name("app_user", "id"), SQLDataType.BIGINT);
    private static final Field<String> U_NICKNAME = field(name("app_user", "nickname"), SQLDataType.VARCHAR);

    private static final Logger LOG = Logger.getLogger(Presence.class);
    /** Each instance refreshes its rows this often... */
    static final long REFRESH_MS = 20_000;
    /** ...and rows older than this belong to an instance that stopped without cleaning up. */
    static final long STALE_MS = 3 * REFRESH_MS;

    /** Who is online, as events and snapshots show it. */
    record Online(long userId, String nickname, boolean online) {
    }

    private final Database db;
    private final GroupEvents events;
    private final String instance;
    private final int streamsPerUser;
    private final long intervalMs;
    /** Groups whose presence rows this instance changed and whose members' shown state may be due to change. */
    private final Set<Long> touched = ConcurrentHashMap.newKeySet();

    Presence(Database db,
            GroupEvents events,
            Relay relay,
            Settings settings) {
        Duration interval = settings.events().presence();
        this.db = db;
        this.events = events;
        this.instance = relay.instance();
        this.streamsPerUser = settings.limits().streamsPerUser();
        this.intervalMs = interval.toMillis();
    }

    /** Counts a new stream of the user; 429 when the user has too many streams open on all instances. */
    void connect(long groupId, long userId) {
        for (int attempt = 1;; attempt++) {
            try {
                db.write(tx -> count(tx.dsl(), groupId, userId));
                break;
            } catch (RuntimeException e) {
                // Two streams of the user opening at once both found no row and both inserted one:
                // the unique key let one win; the other now finds the row and counts itself there.
                if (!Constraints.isViolation(e) || attempt == 3) {
                    throw e;
                }
            }
        }
        touched.add(groupId);
    }

    private Void count(DSLContext q, long groupId, long userId) {
        long now = System.currentTimeMillis();
        if (streamsPerUser > 0) {
            BigDecimal open = q.select(coalesce(sum(STREAMS), BigDecimal.ZERO)).from(PRESENCE)
                    .where(USER_ID.eq(userId).and(SEEN_AT.gt(now - STALE_MS))).fetchOne(0, BigDecimal.class);
            if (open != null && open.intValue() >= streamsPerUser) {
                throw ApiError.tooMany("Too many open event streams (at most " + streamsPerUser
                        + "); close another tab or window first", 10);
            }
        }
        int updated = q.update(PRESENCE).set(SINCE, when(STREAMS.eq(0), inline(now)).otherwise(SINCE))
                .set(STREAMS, STREAMS.plus(1)).set(SEEN_AT, now)
                .where(mine(groupId, userId)).execute();
        if (updated == 0) {
            q.insertInto(PRESENCE).columns(GROUP_ID, USER_ID, INSTANCE, STREAMS, SEEN_AT, SINCE)
                    .values(groupId, userId, instance, 1, now, now).execute();
        }
        return null;
    }

    /** A stream of the user ended. */
    void disconnect(long groupId, long userId) {
        db.write(tx -> tx.dsl().update(PRESENCE).set(STREAMS, STREAMS.minus(1)).set(SEEN_AT, System.currentTimeMillis())
                .where(mine(groupId, userId).and(STREAMS.gt(0))).execute());
        touched.add(groupId);
    }

    private org.jooq.Condition mine(long groupId, long userId) {
        return GROUP_ID.eq(groupId).and(USER_ID.eq(userId)).and(INSTANCE.eq(instance));
    }

    /** The ids of the members shown online in the group (for a page). */
    public Set<Long> onlineUsers(long groupId) {
        Set<Long> ids = new HashSet<>();
        online(groupId).forEach(o -> ids.add(o.userId()));
        return ids;
    }

    /** The members shown online, for a snapshot. */
    List<Online> online(long groupId) {
        return db.read(q -> q.select(M_USER, U_NICKNAME).from(MEMBERSHIP).join(USER).on(U_ID.eq(M_USER))
                .where(M_GROUP.eq(groupId).and(M_ONLINE.eq(1))).orderBy(U_NICKNAME, M_USER)
                .fetch(r -> new Online(r.value1(), r.value2(), true)));
    }

    /** Announces, for the groups this instance touched, the members whose state has held for an interval. */
    @Scheduled(every = "${estimator.events.presence}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        for (Long groupId : List.copyOf(touched)) {
            touched.remove(groupId);
            try {
                if (db.write(tx -> announce(tx, groupId, System.currentTimeMillis()))) {
                    touched.add(groupId);
                }
            } catch (RuntimeException e) {
                touched.add(groupId);
                LOG.debugf("Announcing presence in group %d failed (the next tick tries again): %s", groupId,
                        e.toString());
            }
        }
    }

    /** A member as the tick sees them: shown online or not, online since (0: not online), last seen. */
    private static final class State {

        final String nickname;
        final boolean shown;
        long onlineSince;
        long lastSeen;

        State(String nickname, boolean shown) {
            this.nickname = nickname;
            this.shown = shown;
        }
    }

    /** One group's announcements; true when a change is still waiting for its interval. */
    private boolean announce(Tx tx, long groupId, long now) {
        GroupEvents.Log log = events.lock(tx, groupId);
        DSLContext q = tx.dsl();
        Map<Long, State> members = new LinkedHashMap<>();
        q.select(M_USER, M_ONLINE, U_NICKNAME).from(MEMBERSHIP).join(USER).on(U_ID.eq(M_USER))
                .where(M_GROUP.eq(groupId)).orderBy(M_USER)
                .forEach(r -> members.put(r.value1(), new State(r.value3(), r.value2() == 1)));
        Map<Long, long[]> rows = new HashMap<>();
        q.select(USER_ID, STREAMS, SINCE, SEEN_AT).from(PRESENCE).where(GROUP_ID.eq(groupId)).forEach(r -> {
            State m = members.get(r.value1());
            if (m == null) {
                return;
            }
            if (r.value2() > 0 && r.value4() > now - STALE_MS) {
                m.onlineSince = m.onlineSince == 0 ? r.value3() : Math.min(m.onlineSince, r.value3());
            }
            m.lastSeen = Math.max(m.lastSeen, r.value4());
        });
        boolean pending = false;
        for (Map.Entry<Long, State> e : members.entrySet()) {
            State m = e.getValue();
            boolean online = m.onlineSince > 0;
            if (online == m.shown) {
                continue;
            }
            boolean settled = online ? m.onlineSince <= now - intervalMs : m.lastSeen <= now - intervalMs;
            if (!settled) {
                pending = true;
                continue;
            }
            q.update(MEMBERSHIP).set(M_ONLINE, online ? 1 : 0).where(M_GROUP.eq(groupId).and(M_USER.eq(e.getKey())))
                    .execute();
            log.add(GroupEvents.PRESENCE, new Online(e.getKey(), m.nickname, online));
        }
        // Rows of closed streams have served once their state is announced.
        q.deleteFrom(PRESENCE).where(GROUP_ID.eq(groupId).and(STREAMS.eq(0)).and(SEEN_AT.le(now - intervalMs)))
                .execute();
        return pending;
    }

    /**
     * Keeps this instance's rows fresh, and closes the rows of instances that stopped refreshing
     * theirs (a crash, a kill), so that the next ticks announce who went offline with them.
     */
    @Scheduled(every = "20s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        long now = System.currentTimeMillis();
        try {
            db.write(tx -> tx.dsl().update(PRESENCE).set(SEEN_AT, now).where(INSTANCE.eq(instance).and(STREAMS.gt(0)))
                    .execute());
            List<Long> stale = db.read(q -> q.selectDistinct(GROUP_ID).from(PRESENCE)
                    .where(STREAMS.gt(0).and(SEEN_AT.le(now - STALE_MS))).fetch(GROUP_ID));
            if (!stale.isEmpty()) {
                db.write(tx -> tx.dsl().update(PRESENCE).set(STREAMS, 0)
                        .where(STREAMS.gt(0).and(SEEN_AT.le(now - STALE_MS))).execute());
                touched.addAll(stale);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Refreshing presence failed: %s", e.toString());
        }
    }
}
