package org.estimator.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * A statement that jOOQ builds and renders once per SQL dialect and then runs with new values each
 * time. Rendering a query tree costs more CPU than running a small statement on SQLite takes (JFR
 * on the estimate path: a fifth of the samples were jOOQ rendering SQL, bench/RESULTS.md), so the
 * statements of the hot paths are built once, as constants of their store.
 *
 * <p>The query is written with {@link #arg} where a value goes; the values are passed in the order
 * the placeholders appear in the SQL (the order they are written in, for the statements here).
 */
public final class Sql {

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
        Rendered r = rendered(q);
        return q.execute(r.sql, binds(r, values));
    }

    /** Runs a select; its records have the fields of the select as written. */
    public Result<Record> fetch(DSLContext q, Object... values) {
        Rendered r = rendered(q);
        return q.resultQuery(r.sql, binds(r, values)).coerce(r.fields).fetch();
    }

    /** Runs a select of at most one row. */
    public Optional<Record> fetchOptional(DSLContext q, Object... values) {
        Rendered r = rendered(q);
        return q.resultQuery(r.sql, binds(r, values)).coerce(r.fields).fetchOptional();
    }

    private Rendered rendered(DSLContext q) {
        Rendered r = rendered;
        if (r == null || r.dialect != q.dialect()) {
            Query query = build.apply(q);
            List<DataType<?>> types = new ArrayList<>();
            query.getParams().values().forEach(p -> types.add(p.getDataType()));
            Field<?>[] fields = query instanceof Select<?> s ? s.getSelect().toArray(Field<?>[]::new) : new Field<?>[0];
            r = new Rendered(q.dialect(), q.render(query), List.copyOf(types), fields);
            rendered = r;
        }
        return r;
    }

    private static Object[] binds(Rendered r, Object[] values) {
        if (values.length != r.types.size()) {
            throw new IllegalArgumentException(
                    "The statement takes " + r.types.size() + " values, " + values.length + " given: " + r.sql);
        }
        Object[] binds = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            binds[i] = bind(values[i], r.types.get(i));
        }
        return binds;
    }

    @SuppressWarnings("unchecked")
    private static <T> Field<T> bind(Object value, DataType<T> type) {
        return DSL.val((T) value, type);
    }
}
