package io.gridscope.console.fx;

import java.util.List;
import java.util.function.Predicate;
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
        setOneOf(node, c -> c.startsWith(prefix), wanted);
    }

    /** Leaves {@code node} with {@code wanted} (or none, when null) as its only class among {@code choices}. */
    public static void setOneOf(Node node, List<String> choices, String wanted) {
        setOneOf(node, choices::contains, wanted);
    }

    private static void setOneOf(Node node, Predicate<String> family, String wanted) {
        ObservableList<String> classes = node.getStyleClass();
        Predicate<String> unwanted = c -> family.test(c) && !c.equals(wanted);
        if (classes.stream().anyMatch(unwanted)) {
            classes.removeIf(unwanted);
        }
        if (wanted != null && !classes.contains(wanted)) {
            classes.add(wanted);
        }
    }
}
