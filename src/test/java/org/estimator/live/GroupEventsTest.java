package org.estimator.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class GroupEventsTest {

    /** A new event type left out of {@code TYPES} would reach API clients but never refresh a page. */
    @Test
    void everyEventTypeIsListed() throws IllegalAccessException {
        List<String> declared = new ArrayList<>();
        for (Field f : GroupEvents.class.getDeclaredFields()) {
            // The type constants (not {eventTypes}, the list as the pages render it).
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class
                    && f.getName().equals(f.getName().toUpperCase())) {
                declared.add((String) f.get(null));
            }
        }
        assertThat(declared).hasSizeGreaterThan(10);
        assertThat(GroupEvents.TYPES).containsExactlyInAnyOrderElementsOf(declared);
    }
}
