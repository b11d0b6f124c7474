package org.estimator.common;

import java.util.Arrays;
import java.util.Locale;

/** Enumerations as clients spell them: any case, surrounding space ignored. */
public final class Enums {

    private Enums() {
    }

    /** The constant {@code value} names, {@code current} when it is null, or 400 listing the choices. */
    public static <E extends Enum<E>> E parse(Class<E> type, String field, String value, E current) {
        if (value == null) {
            return current;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(field + " must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
