package org.estimator.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * A statement that jOOQ builds and renders once per SQL dialect and then runs with new values each
 * time as a plain JDBC statement (on SQLite, prepared once per connection). Rendering a query tree costs more CPU
 * than running a small statement on SQLite takes (JFR on the estimate path: a fifth of the samples
 * were jOOQ rendering SQL, bench/RESULTS.md); after that, jOOQ's parsing of the plain SQL on every
 * execution and SQLite compiling the statement again (sqlite3_prepare) were the next costs of every
 * card given, so the statements of the hot paths are built once, as constants of their store, and
 * on SQLite kept prepared on each pooled connection that ran them.
 *
 * <p>The query is written with {@link #arg} where a value goes; the values are passed in the order
 * the placeholders appear in the SQL (the order they are written in, for the statements here).
 */
public final class Sql {

    /**
     * SQLite's statements prepared on each of its connections (the driver's, under the pool's wrapper,
     * which would close them when the connection goes back). A connection is used by one thread at a
     * time, handed over by the pool, so its own map needs no lock. Connections the pool has closed are
     * dropped when a new one first runs a statement.
     */
    private static final Map<Connection, Map<Sql, PreparedStatement>> PREPARED = new ConcurrentHashMap<>();

    private final Function<DSLContext, ? extends Query> build;
    private volatile Rendered rendered;

    private record Rendered(SQLDialect dialect, String sql, List<DataType<?>> types, Field<?>[] fields) {
    }

    private Sql(Function<DSLContext, ? extends Query> build) {
        this.build = build;
    }

    public static Sql of(Function<DSLContext, ? extends Query> build) {
        return new Sql(build);
    }

    /** A placeholder for a value of the column's type. */
    public static <T> Param<T> arg(Field<T> column) {
        return DSL.param(column);
    }

    /** Runs an insert, update or delete; returns the number of rows it changed. */
    public int execute(DSLContext q, Object... values) {
        return run(q, (r, statement) -> bind(r, statement, values).executeUpdate());
    }

    /**
     * Runs an insert, update or delete once for each row of values, sent together: one round trip to
     * a database server where {@link #execute} per row would take one each.
     */
    public void executeBatch(DSLContext q, List<Object[]> rows) {
        if (rows.size() == 1) {
            execute(q, rows.get(0));
            return;
        }
        run(q, (r, statement) -> {
            try {
                for (Object[] row : rows) {
                    bind(r, statement, row).addBatch();
                }
                statement.executeBatch();
            } finally {
                statement.clearBatch(); // a failed batch must not stay on a statement kept prepared
            }
            return null;
        });
    }

    /** Runs a select (or a statement with RETURNING); its records have the fields as written. */
    public Result<Record> fetch(DSLContext q, Object... values) {
        return run(q, (r, statement) -> {
            Result<Record> result = q.newResult(r.fields);
            try (ResultSet rows = bind(r, statement, values).executeQuery()) {
                while (rows.next()) {
                    result.add(row(q, r, rows));
                }
            }
            return result;
        });
    }

    /** Runs a select (or a statement with RETURNING) of at most one row. */
    public Optional<Record> fetchOptional(DSLContext q, Object... values) {
        return run(q, (r, statement) -> {
            try (ResultSet rows = bind(r, statement, values).executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Record record = row(q, r, rows);
                if (rows.next()) {
                    throw new IllegalStateException("More than one row: " + r.sql);
                }
                return Optional.of(record);
            }
        });
    }

    private interface Run<T> {

        T on(Rendered r, PreparedStatement statement) throws SQLException;
    }

    /**
     * Runs the statement on the query's connection ({@code run} binds its values). On SQLite it stays prepared on
     * the driver's connection for the next time. Elsewhere it is prepared through the pool's wrapper
     * and closed after: a lost server connection must reach the pool (which drops it) through that
     * wrapper, and the PostgreSQL driver keeps the server-side statement of a repeated SQL string
     * itself, while MariaDB's prepares on the client.
     */
    private <T> T run(DSLContext q, Run<T> run) {
        Rendered r = rendered(q);
        ConnectionProvider provider = q.configuration().connectionProvider();
        Connection connection = provider.acquire();
        try {
            if (r.dialect == SQLDialect.SQLITE) {
                return run.on(r, prepared(connection.unwrap(Connection.class), r));
            }
            try (PreparedStatement statement = connection.prepareStatement(r.sql)) {
                return run.on(r, statement);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        } finally {
            provider.release(connection);
        }
    }

    private Rendered rendered(DSLContext q) {
        Rendered r = rendered;
        if (r == null || r.dialect != q.dialect()) {
            Query query = build.apply(q);
            List<DataType<?>> types = new ArrayList<>();
            query.getParams().values().forEach(p -> types.add(p.getDataType()));
            // A select's own fields as written (two columns of one name stay apart); RETURNING's otherwise.
            Field<?>[] fields = query instanceof Select<?> s
                    ? s.getSelect().toArray(Field<?>[]::new)
                    : query instanceof ResultQuery<?> returning ? returning.fields() : new Field<?>[0];
            r = new Rendered(q.dialect(), q.render(query), List.copyOf(types), fields);
            rendered = r;
        }
        return r;
    }

    /** This statement, prepared on {@code physical} once. */
    private PreparedStatement prepared(Connection physical, Rendered r) throws SQLException {
        Map<Sql, PreparedStatement> open = PREPARED.get(physical);
        if (open == null) {
            PREPARED.keySet().removeIf(Sql::isClosed);
            open = new HashMap<>();
            PREPARED.put(physical, open);
        }
        PreparedStatement statement = open.get(this);
        if (statement == null || statement.isClosed()) {
            statement = physical.prepareStatement(r.sql);
            open.put(this, statement);
        }
        return statement;
    }

    /** Binds {@code values} to the statement's placeholders, in order. */
    private static PreparedStatement bind(Rendered r, PreparedStatement statement, Object[] values)
            throws SQLException {
        if (values.length != r.types.size()) {
            throw new IllegalArgumentException(
                    "The statement takes " + r.types.size() + " values, " + values.length + " given: " + r.sql);
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                statement.setNull(i + 1, r.types.get(i).getSQLType());
            } else {
                statement.setObject(i + 1, values[i]);
            }
        }
        return statement;
    }

    /** The connections that hold prepared statements of this class (for the tests: the driver's own, a bounded number). */
    static Set<Connection> preparedOn() {
        return Set.copyOf(PREPARED.keySet());
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static Record row(DSLContext q, Rendered r, ResultSet rows) throws SQLException {
        Object[] values = new Object[r.fields.length];
        for (int i = 0; i < values.length; i++) {
            Class<?> type = r.fields[i].getType();
            Object value;
            if (type == Long.class) {
                value = rows.getLong(i + 1);
            } else if (type == Integer.class) {
                value = rows.getInt(i + 1);
            } else if (type == String.class) {
                value = rows.getString(i + 1);
            } else {
                value = r.fields[i].getDataType().convert(rows.getObject(i + 1));
            }
            values[i] = rows.wasNull() ? null : value;
        }
        Record record = q.newRecord(r.fields);
        record.fromArray(values);
        record.changed(false);
        return record;
    }
}
