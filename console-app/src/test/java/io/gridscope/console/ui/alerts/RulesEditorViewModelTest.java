package io.gridscope.console.ui.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.alerts.rules.RuleSet;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The rules editor's text against the file read in the background: typing is never lost to a late read. */
class RulesEditorViewModelTest {
    private static final RuleSet NO_PROBLEM =
            new RuleSet(List.of(), Map.of(), RuleSet.DEFAULT_ESCALATE_AFTER, List.of(), Optional.empty());

    /** The reads of the rules file not answered yet, oldest first. */
    private final Deque<Consumer<String>> reads = new ArrayDeque<>();

    private final RulesEditorViewModel vm = new RulesEditorViewModel(backend());

    @SuppressWarnings("unchecked")
    private AlertsBackend backend() {
        return (AlertsBackend) Proxy.newProxyInstance(
                AlertsBackend.class.getClassLoader(), new Class<?>[] {AlertsBackend.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "rulesText" -> reads.add((Consumer<String>) args[0]);
                        case "validate" -> ((Consumer<RuleSet>) args[1]).accept(NO_PROBLEM);
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return null;
                });
    }

    @Test
    void textTypedWhileTheFileIsReadIsKeptAndCountsAsAnEdit() {
        vm.load();
        vm.textProperty().set("typed before the file arrived");
        reads.remove().accept("from the file");

        assertThat(vm.textProperty().get()).isEqualTo("typed before the file arrived");
        assertThat(vm.dirty()).as("compared with the file").isTrue();
        assertThat(vm.canSaveProperty().get()).isTrue();
    }

    @Test
    void theFileFillsAnUntouchedEditor() {
        vm.load();
        reads.remove().accept("from the file");

        assertThat(vm.textProperty().get()).isEqualTo("from the file");
        assertThat(vm.dirty()).isFalse();
        assertThat(vm.canSaveProperty().get()).as("nothing to save").isFalse();
    }

    @Test
    void revertDropsWhatWasTyped() {
        vm.load();
        reads.remove().accept("from the file");
        vm.textProperty().set("typed");

        vm.reload();
        reads.remove().accept("from the file, changed since");

        assertThat(vm.textProperty().get()).isEqualTo("from the file, changed since");
        assertThat(vm.dirty()).isFalse();
    }
}
