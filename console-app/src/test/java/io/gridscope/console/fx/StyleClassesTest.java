package io.gridscope.console.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.scene.layout.Pane;
import org.junit.jupiter.api.Test;

/** A style class list (or pseudo-class state) is changed only when the wanted one is not already there. */
class StyleClassesTest {
    private static final List<String> SEVERITIES = List.of("severity-critical", "severity-warning");

    @Test
    void theSameClassAgainChangesNothing() {
        Pane node = new Pane();
        node.getStyleClass().add("table-cell");
        AtomicInteger changes = new AtomicInteger();
        node.getStyleClass().addListener((ListChangeListener<String>) c -> changes.incrementAndGet());

        StyleClasses.setOneOf(node, SEVERITIES, "severity-critical");
        assertThat(node.getStyleClass()).containsExactly("table-cell", "severity-critical");
        int afterFirst = changes.get();
        for (int i = 0; i < 5; i++) {
            StyleClasses.setOneOf(node, SEVERITIES, "severity-critical");
            StyleClasses.setOneOf(node, "severity-", "severity-critical");
        }
        assertThat(changes).hasValue(afterFirst);

        StyleClasses.setOneOf(node, SEVERITIES, "severity-warning");
        assertThat(node.getStyleClass()).containsExactly("table-cell", "severity-warning");
        StyleClasses.setOneOf(node, "severity-", null);
        assertThat(node.getStyleClass()).containsExactly("table-cell");
        int afterClear = changes.get();
        StyleClasses.setOneOf(node, SEVERITIES, null);
        StyleClasses.setOneOf(node, "severity-", null);
        assertThat(changes).hasValue(afterClear);
    }

    @Test
    void aPseudoClassIsSwitchedOnlyWhenItChanges() {
        PseudoClass firing = PseudoClass.getPseudoClass("alert-firing");
        PseudoClass resolved = PseudoClass.getPseudoClass("alert-resolved");
        List<PseudoClass> states = List.of(firing, resolved);
        Pane node = new Pane();
        StyleClasses.setStateOneOf(node, states, firing);
        assertThat(node.getPseudoClassStates()).containsExactly(firing);
        StyleClasses.setStateOneOf(node, states, resolved);
        assertThat(node.getPseudoClassStates()).containsExactly(resolved);
        StyleClasses.setStateOneOf(node, states, null);
        assertThat(node.getPseudoClassStates()).isEmpty();
        assertThat(node.getStyleClass()).as("style classes untouched").isEmpty();
        assertThatThrownBy(() -> StyleClasses.setStateOneOf(node, states, PseudoClass.getPseudoClass("other")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPrefixRemovesEveryOtherClassOfItsFamily() {
        Pane node = new Pane();
        node.getStyleClass().addAll("health-ok", "other", "health-error");
        StyleClasses.setOneOf(node, "health-", "health-no_data");
        assertThat(node.getStyleClass()).containsExactly("other", "health-no_data");
    }
}
