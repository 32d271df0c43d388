package io.gridscope.console.fx;

import java.util.List;
import java.util.function.Predicate;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
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

    /**
     * Leaves {@code node} in pseudo-class {@code wanted} (or none, when null) and in none of the other {@code states}.
     * A pseudo-class that changes costs far less than a style class: the node switches between styles it has
     * already looked up, where a new style class makes JavaFX match its styles (and its descendants') again.
     */
    public static void setStateOneOf(Node node, List<PseudoClass> states, PseudoClass wanted) {
        if (wanted != null && !states.contains(wanted)) {
            throw new IllegalArgumentException(wanted + " is not one of " + states);
        }
        for (PseudoClass state : states) {
            boolean on = state.equals(wanted);
            if (node.getPseudoClassStates().contains(state) != on) {
                node.pseudoClassStateChanged(state, on);
            }
        }
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
