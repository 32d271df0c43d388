package io.gridscope.console.ui.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.prometheus.scrape.ScrapePreset;
import io.gridscope.console.app.SourceAuth;
import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.UiSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The Sources form without a scene or a data path: validation messages, what is asked of the data path, and what
 * is handed on to be written. The data path's answers are given by the test, as they would arrive on the FX thread.
 */
class SourcesViewModelTest {
    /** Records what the page asks; answers when the test says. */
    private static final class FakeActions implements SourceActions {
        final List<String> calls = new ArrayList<>();
        final List<SourceSpec> added = new ArrayList<>();
        Consumer<String> pendingTest;
        Consumer<String> pendingAdd;

        @Override
        public void test(SourceSpec source, Consumer<String> result) {
            calls.add("test " + source.id());
            pendingTest = result;
        }

        @Override
        public void add(SourceSpec source, Consumer<String> result) {
            calls.add("add " + source.id());
            added.add(source);
            pendingAdd = result;
        }

        @Override
        public void remove(String id) {
            calls.add("remove " + id);
        }
    }

    private final FakeActions actions = new FakeActions();
    private final List<UiSettings> saved = new ArrayList<>();
    private final UiSettings settings = UiSettings.empty();

    private SourcesViewModel vm() {
        return new SourcesViewModel(settings, saved::add, actions);
    }

    private static void fill(SourcesViewModel vm, String id, String url, String interval) {
        vm.idProperty().set(id);
        vm.urlProperty().set(url);
        vm.intervalProperty().set(interval);
    }

    @Test
    void invalidFieldsAreRefusedNextToTheFieldAndNothingIsAsked() {
        SourcesViewModel vm = vm();
        fill(vm, "node 1", "ftp://example/metrics", "soon");
        vm.submit();
        assertThat(vm.idErrorProperty().get()).isEqualTo("1–64 letters, digits, '.', '_' or '-'");
        assertThat(vm.urlErrorProperty().get()).contains("must be http or https");
        assertThat(vm.intervalErrorProperty().get()).isEqualTo("not a duration (e.g. 15s, 1m)");
        assertThat(vm.resultProperty().get()).isEqualTo("Fix the fields marked in red.");

        fill(vm, "node1", "http://user:secret@127.0.0.1:9100/metrics", "500ms");
        vm.authKindProperty().set(SourceAuth.Kind.BEARER);
        vm.test();
        assertThat(vm.idErrorProperty().get()).isEmpty();
        assertThat(vm.urlErrorProperty().get()).contains("credentials");
        assertThat(vm.intervalErrorProperty().get()).isEqualTo("at least 1s");
        assertThat(vm.secretErrorProperty().get()).isNotEmpty();
        assertThat(actions.calls).isEmpty();
        assertThat(saved).isEmpty();
    }

    @Test
    void aTestRunsOnTheDataPathAndItsOutcomeIsShown() {
        SourcesViewModel vm = vm();
        fill(vm, "node1", "http://127.0.0.1:9100/metrics", "15s");
        vm.test();
        assertThat(actions.calls).containsExactly("test node1");
        assertThat(vm.resultProperty().get()).isEqualTo("Testing http://127.0.0.1:9100/metrics …");
        assertThat(vm.testingProperty().get()).isTrue();
        actions.pendingTest.accept("OK: 812 samples");
        assertThat(vm.resultProperty().get()).isEqualTo("OK: 812 samples");
        assertThat(vm.testingProperty().get()).isFalse();
        assertThat(saved).as("a test saves nothing").isEmpty();
    }

    @Test
    void anAddedSourceIsSavedWithoutItsTypedSecretOnceItHasStarted() {
        SourcesViewModel vm = vm();
        fill(vm, "node1", "http://127.0.0.1:9100/metrics", "30s");
        vm.presetProperty().set(ScrapePreset.Kind.NODE_EXPORTER);
        vm.authKindProperty().set(SourceAuth.Kind.BEARER);
        vm.secretProperty().set("s3cret-token");
        vm.submit();
        assertThat(actions.calls).containsExactly("add node1");
        SourceSpec spec = actions.added.getFirst();
        assertThat(spec.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.auth().secret())
                .as("the data path gets the typed token")
                .contains("s3cret-token");
        assertThat(saved).as("nothing is saved before the source has started").isEmpty();

        actions.pendingAdd.accept("");
        assertThat(vm.resultProperty().get())
                .isEqualTo("Added node1 (its typed secret is kept for this session only).");
        assertThat(vm.isSource(spec.collectorId())).isTrue();
        assertThat(saved).singleElement().satisfies(s -> {
            assertThat(s.get("source.node1.url")).contains("http://127.0.0.1:9100/metrics");
            assertThat(s.get("source.node1.interval")).contains("PT30S");
            assertThat(s.keys()).noneMatch(k -> s.get(k).orElse("").contains("s3cret-token"));
        });
        assertThat(vm.idProperty().get())
                .as("the form is cleared for the next source")
                .isEmpty();
        assertThat(vm.secretProperty().get()).isEmpty();
        assertThat(vm.authKindProperty().get()).isEqualTo(SourceAuth.Kind.NONE);

        fill(vm, "node1", "http://127.0.0.1:9101/metrics", "30s");
        vm.submit();
        assertThat(vm.idErrorProperty().get()).isEqualTo("a source named node1 exists already");
        assertThat(actions.calls).containsExactly("add node1");
    }

    @Test
    void aSourceThatDoesNotStartIsNeitherSavedNorKept() {
        SourcesViewModel vm = vm();
        fill(vm, "node1", "http://127.0.0.1:9/metrics", "15s");
        vm.submit();
        actions.pendingAdd.accept("connection refused");
        assertThat(vm.resultProperty().get()).isEqualTo("connection refused");
        assertThat(vm.isSource("prometheus:node1")).isFalse();
        assertThat(vm.idProperty().get())
                .as("the form stays filled, to fix and try again")
                .isEqualTo("node1");
        assertThat(saved).isEmpty();
    }

    @Test
    void editingReplacesTheSourceAndKeepsTheSecretLeftEmpty() {
        SourceSpec.of(
                        "n9",
                        SourceSpec.Type.EXPORTER,
                        "http://127.0.0.1:9100/metrics",
                        ScrapePreset.Kind.RAW,
                        "15s",
                        SourceAuth.of(SourceAuth.Kind.BEARER, "", "", "/run/secrets/n9"),
                        false)
                .storeInto(settings);
        SourcesViewModel vm = vm();
        assertThat(vm.isSource("prometheus:n9")).isTrue();
        vm.edit("prometheus:n9");
        assertThat(vm.editingProperty().get()).isTrue();
        assertThat(vm.formTitleProperty().get()).isEqualTo("Edit n9");
        assertThat(vm.urlProperty().get()).isEqualTo("http://127.0.0.1:9100/metrics");
        assertThat(vm.intervalProperty().get()).isEqualTo("15s");
        assertThat(vm.presetProperty().get()).isEqualTo(ScrapePreset.Kind.RAW);
        assertThat(vm.authKindProperty().get()).isEqualTo(SourceAuth.Kind.BEARER);
        assertThat(vm.secretFileProperty().get()).isEqualTo("/run/secrets/n9");

        vm.intervalProperty().set("1m");
        vm.submit();
        assertThat(actions.calls).containsExactly("remove n9", "add n9");
        assertThat(actions.added.getFirst().auth().secretFile())
                .map(Object::toString)
                .contains("/run/secrets/n9");
        actions.pendingAdd.accept("");
        assertThat(vm.resultProperty().get()).isEqualTo("Saved n9.");
        assertThat(vm.editingProperty().get()).isFalse();
        assertThat(saved)
                .singleElement()
                .satisfies(s -> assertThat(s.get("source.n9.interval")).contains("PT1M"));
    }

    @Test
    void cancellingAnEditLeavesTheSourceAsItWas() {
        SourceSpec.of(
                        "n9",
                        SourceSpec.Type.EXPORTER,
                        "http://127.0.0.1:9100/metrics",
                        ScrapePreset.Kind.RAW,
                        "15s",
                        SourceAuth.NONE,
                        false)
                .storeInto(settings);
        SourcesViewModel vm = vm();
        vm.edit("prometheus:n9");
        vm.cancelEdit();
        assertThat(vm.editingProperty().get()).isFalse();
        assertThat(vm.formTitleProperty().get()).startsWith("Add a Prometheus source");
        assertThat(vm.idProperty().get()).isEmpty();
        assertThat(actions.calls).isEmpty();
        assertThat(saved).isEmpty();
    }

    @Test
    void removingStopsTheSourceAndSavesTheSettingsWithoutIt() {
        SourceSpec.of(
                        "n9",
                        SourceSpec.Type.EXPORTER,
                        "http://127.0.0.1:9100/metrics",
                        ScrapePreset.Kind.RAW,
                        "15s",
                        SourceAuth.NONE,
                        false)
                .storeInto(settings);
        SourcesViewModel vm = vm();
        vm.requestRemove("prometheus:n9");
        assertThat(vm.removalPromptProperty().get()).startsWith("Remove source n9 (http://127.0.0.1:9100/metrics)?");
        assertThat(actions.calls)
                .as("nothing is removed before it is confirmed")
                .isEmpty();
        assertThat(vm.isSource("prometheus:n9")).isTrue();
        assertThat(saved).isEmpty();

        vm.cancelRemove();
        assertThat(vm.removalPromptProperty().get()).isEmpty();
        vm.confirmRemove();
        assertThat(actions.calls)
                .as("a cancelled removal cannot be confirmed later")
                .isEmpty();

        vm.requestRemove("prometheus:n9");
        vm.confirmRemove();
        assertThat(vm.removalPromptProperty().get()).isEmpty();
        assertThat(actions.calls).containsExactly("remove n9");
        assertThat(vm.isSource("prometheus:n9")).isFalse();
        assertThat(saved)
                .singleElement()
                .satisfies(s -> assertThat(s.keys()).noneMatch(k -> k.startsWith("source.n9.")));
        vm.requestRemove("host");
        assertThat(vm.removalPromptProperty().get()).isEmpty();
        vm.confirmRemove();
        assertThat(actions.calls)
                .as("a local collector is not a source to remove")
                .hasSize(1);
    }
}
