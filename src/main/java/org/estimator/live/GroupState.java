package org.estimator.live;

import java.util.Map;

/**
 * The current state of a group as a snapshot event shows it: its settings, members and issues with
 * their estimate counts (never a value). Implemented by the features that own that state, so that
 * live/ does not depend on them.
 */
public interface GroupState {

    /** The snapshot's fields, read in the current request; must hold no estimate value. */
    Map<String, Object> of(long groupId);
}
