package io.gridscope.console.fx;

import java.util.List;
import javafx.collections.ObservableList;
import javafx.scene.Node;

/**
 * Style class changes that happen only when something changes. A cell that removes and adds back the same style
 * class on every update makes JavaFX apply CSS to it (and, for a row, to every cell in it) again on the next pulse:
 * tens of milliseconds for a table that updates every second.
 */
public final class StyleClasses {
    private StyleClasses() {}

    /**
     * Leaves {@code node} with {@code wanted} (or none, when null) as its only style class starting with {@code
     * prefix}; touches its style class list only when that is not already so.
     */
    public static void setOneOf(Node node, String prefix, String wanted) {
        ObservableList<String> classes = node.getStyleClass();
        boolean has = false;
        boolean others = false;
        for (String c : classes) {
            if (c.equals(wanted)) {
                has = true;
            } else if (c.startsWith(prefix)) {
                others = true;
            }
        }
        if (others) {
            classes.removeIf(c -> c.startsWith(prefix) && !c.equals(wanted));
        }
        if (wanted != null && !has) {
            classes.add(wanted);
        }
    }

    /** Leaves {@code node} with {@code wanted} (or none, when null) as its only class among {@code choices}. */
    public static void setOneOf(Node node, List<String> choices, String wanted) {
        ObservableList<String> classes = node.getStyleClass();
        if (classes.stream().anyMatch(c -> choices.contains(c) && !c.equals(wanted))) {
            classes.removeIf(c -> choices.contains(c) && !c.equals(wanted));
        }
        if (wanted != null && !classes.contains(wanted)) {
            classes.add(wanted);
        }
    }
}
