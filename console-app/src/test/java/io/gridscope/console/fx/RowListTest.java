package io.gridscope.console.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** A table over a {@link RowList} shows new values in the cells it has, and keeps its selection. */
class RowListTest {
    record Row(String id, int value) {}

    private final AtomicInteger cellsBuilt = new AtomicInteger();
    /** The row index of every cell update that showed a row (not an empty one), in order. */
    private final List<Integer> rowsShown = new ArrayList<>();

    @BeforeEach
    void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        T v = WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        return v;
    }

    private static void update(RowList<Row> rows, Row... next) throws Exception {
        fx(() -> {
            rows.update(List.of(next));
            return null;
        });
    }

    private TableView<Row> show(ObservableList<Row> items) throws Exception {
        List<TableView<Row>> table = new ArrayList<>();
        FxToolkit.setupStage(s -> {
            TableView<Row> t = new TableView<>(items);
            for (String name : List.of("id", "value")) {
                TableColumn<Row, String> c = new TableColumn<>(name);
                c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(
                        name.equals("id")
                                ? cd.getValue().id()
                                : "v" + cd.getValue().value()));
                c.setCellFactory(col -> {
                    cellsBuilt.incrementAndGet();
                    return new TableCell<>() {
                        @Override
                        protected void updateItem(String item, boolean empty) {
                            super.updateItem(item, empty);
                            setText(empty ? null : item);
                            if (!empty) {
                                rowsShown.add(getIndex());
                            }
                        }
                    };
                });
                t.getColumns().add(c);
            }
            s.setScene(new Scene(t, 300, 200));
            s.show();
            table.add(t);
        });
        WaitForAsyncUtils.waitForFxEvents();
        return table.getFirst();
    }

    private static List<String> shown(TableView<Row> t) throws Exception {
        return fx(() -> t.lookupAll(".table-cell").stream()
                .map(n -> ((TableCell<?, ?>) n).getText())
                .filter(text -> text != null && !text.isEmpty())
                .sorted()
                .toList());
    }

    @Test
    void changedValuesAreShownInTheCellsTheTableHasAndTheSelectionStays() throws Exception {
        RowList<Row> rows = new RowList<>(Row::id);
        update(rows, new Row("a", 1), new Row("b", 2), new Row("c", 3));
        TableView<Row> table = show(rows);
        fx(() -> {
            table.getSelectionModel().select(1);
            return null;
        });
        assertThat(shown(table)).containsExactly("a", "b", "c", "v1", "v2", "v3");
        int built = cellsBuilt.get();
        assertThat(built).isPositive();

        List<ListChangeListener.Change<? extends Row>> changes = new ArrayList<>();
        rows.addListener((ListChangeListener<Row>) c -> changes.add(c));
        update(rows, new Row("a", 1), new Row("b", 20), new Row("c", 30));
        assertThat(shown(table)).containsExactly("a", "b", "c", "v1", "v20", "v30");
        assertThat(cellsBuilt.get()).as("no cell built again").isEqualTo(built);
        assertThat(fx(() -> table.getSelectionModel().getSelectedIndex())).isEqualTo(1);
        assertThat(changes).hasSize(1);
        ListChangeListener.Change<? extends Row> c = changes.getFirst();
        c.reset();
        List<Integer> updated = new ArrayList<>();
        while (c.next()) {
            assertThat(c.wasUpdated()).isTrue();
            for (int i = c.getFrom(); i < c.getTo(); i++) {
                updated.add(i);
            }
        }
        assertThat(updated).containsExactly(1, 2);
        assertThat(rows).containsExactly(new Row("a", 1), new Row("b", 20), new Row("c", 30));

        // the same rows again: nothing fires
        update(rows, new Row("a", 1), new Row("b", 20), new Row("c", 30));
        assertThat(changes).hasSize(1);
    }

    @Test
    void aFilteredTableOverItKeepsItsCellsToo() throws Exception {
        RowList<Row> rows = new RowList<>(Row::id);
        update(rows, new Row("a", 1), new Row("b", 2), new Row("c", 3));
        FilteredList<Row> filtered = new FilteredList<>(rows, r -> !r.id().equals("c"));
        TableView<Row> table = show(filtered);
        assertThat(shown(table)).containsExactly("a", "b", "v1", "v2");
        int built = cellsBuilt.get();
        update(rows, new Row("a", 7), new Row("b", 2), new Row("c", 9));
        assertThat(shown(table)).containsExactly("a", "b", "v2", "v7");
        assertThat(cellsBuilt.get()).isEqualTo(built);
    }

    @Test
    void otherKeysOrAnotherOrderReplaceTheRows() throws Exception {
        RowList<Row> rows = new RowList<>(Row::id);
        List<String> kinds = new ArrayList<>();
        rows.addListener((ListChangeListener<Row>) c -> {
            while (c.next()) {
                kinds.add(c.wasUpdated() ? "updated" : c.wasReplaced() ? "replaced" : c.wasAdded() ? "added" : "other");
            }
        });
        update(rows, new Row("a", 1), new Row("b", 2));
        update(rows, new Row("b", 2), new Row("a", 1));
        update(rows, new Row("b", 2), new Row("c", 1));
        update(rows, new Row("b", 3), new Row("c", 1));
        assertThat(kinds).containsExactly("added", "replaced", "replaced", "updated");
        assertThat(rows).containsExactly(new Row("b", 3), new Row("c", 1));
    }

    @Test
    void rearrangedRowsAreShownInPlaceAndOnlyThePlacesThatChangeAreShownAgain() throws Exception {
        RowList<Row> rows = new RowList<>(Row::id);
        update(rows, new Row("a", 1), new Row("b", 2), new Row("c", 3));
        TableView<Row> table = show(rows);
        List<String> kinds = new ArrayList<>();
        rows.addListener((ListChangeListener<Row>) c -> {
            while (c.next()) {
                kinds.add(c.wasUpdated() ? "updated" : c.wasReplaced() ? "replaced" : c.wasAdded() ? "added" : "other");
            }
        });
        fx(() -> {
            rowsShown.clear();
            rows.rearrange(List.of(new Row("b", 2), new Row("a", 1), new Row("c", 3)));
            return null;
        });
        assertThat(kinds).as("places 0 and 1, as one update").containsExactly("updated");
        assertThat(shown(table)).containsExactly("a", "b", "c", "v1", "v2", "v3");
        assertThat(fx(() -> table.getItems().getFirst())).isEqualTo(new Row("b", 2));
        assertThat(fx(() -> List.copyOf(rowsShown)))
                .as("the third row, unchanged, is not shown again")
                .isNotEmpty()
                .allMatch(i -> i < 2);

        // the same move through update(), which replaces the rows: the table shows every row again
        fx(() -> {
            rowsShown.clear();
            rows.update(List.of(new Row("a", 1), new Row("b", 2), new Row("c", 3)));
            return null;
        });
        assertThat(kinds).containsExactly("updated", "replaced");
        assertThat(fx(() -> List.copyOf(rowsShown))).contains(2);

        // another number of rows replaces them
        fx(() -> {
            rows.rearrange(List.of(new Row("a", 1), new Row("b", 2)));
            return null;
        });
        assertThat(kinds).containsExactly("updated", "replaced", "replaced");
        assertThat(rows).containsExactly(new Row("a", 1), new Row("b", 2));
    }
}
