package io.gridscope.console.fx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javafx.collections.ModifiableObservableListBase;

/**
 * The rows of a table that live updates change: {@link #update} swaps in each row whose values changed as an
 * <em>update</em> of its place, so a {@code TableView} over it (directly or through a filtered list) keeps its rows
 * and cells as they are and only shows the new values. A list whose element is replaced ({@code set}, {@code setAll})
 * makes the table set every row to no item and back at its next layout, restyling every cell, and lose its
 * selection: once a second for a table of live values, which made pulses long. Selection, focus and scroll position
 * stay, by index, through an update.
 *
 * <p>Otherwise an ordinary observable list (its other changes fire as usual); FX thread only, as every list a table
 * shows. A {@code FilteredList} over it shows the new rows; a {@code SortedList} does not (it keeps the element it
 * sorted until the source replaces it), so a sorted table of live rows needs a list of its own.
 *
 * @param <E> the row type, a value (its {@code equals} says whether a row changed)
 */
public final class RowList<E> extends ModifiableObservableListBase<E> {
    private final List<E> rows = new ArrayList<>();
    private final Function<? super E, ?> key;

    /**
     * @param key what a row is the row of (a GPU's UUID, a mount point): a row with the same key at the same place is
     *     updated in place
     */
    public RowList(Function<? super E, ?> key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * Makes this list equal to {@code next}. When the keys are the same, in the same order, each row that differs is
     * swapped in as an update of its place (nothing fires when none differs); otherwise the contents are replaced.
     */
    public void update(List<? extends E> next) {
        if (!sameKeys(next)) {
            setAll(next);
            return;
        }
        updatePlaces(next);
    }

    /**
     * Makes this list equal to {@code next} where the rows may move (a list sorted by state): when it has as many rows,
     * each place whose row differs is swapped in as an update of that place, whatever the row's key, so a table keeps
     * every row and cell and shows the new rows in them (a moved row is, for the table, new values in two places);
     * with another number of rows the contents are replaced, which a table rebuilds its rows for anyway. Selection and
     * focus stay by index: a caller that selects a row by its key selects it again after this.
     */
    public void rearrange(List<? extends E> next) {
        if (next.size() != rows.size()) {
            setAll(next);
            return;
        }
        updatePlaces(next);
    }

    /** Swaps in each row of {@code next} (as many as this list has) that differs, as an update of its place. */
    private void updatePlaces(List<? extends E> next) {
        beginChange();
        try {
            for (int i = 0; i < next.size(); i++) {
                if (!Objects.equals(rows.get(i), next.get(i))) {
                    rows.set(i, next.get(i));
                    nextUpdate(i);
                }
            }
        } finally {
            endChange();
        }
    }

    private boolean sameKeys(List<? extends E> next) {
        if (next.size() != rows.size()) {
            return false;
        }
        for (int i = 0; i < next.size(); i++) {
            if (!Objects.equals(key.apply(rows.get(i)), key.apply(next.get(i)))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public E get(int index) {
        return rows.get(index);
    }

    @Override
    public int size() {
        return rows.size();
    }

    @Override
    protected void doAdd(int index, E element) {
        rows.add(index, element);
    }

    @Override
    protected E doSet(int index, E element) {
        return rows.set(index, element);
    }

    @Override
    protected E doRemove(int index) {
        return rows.remove(index);
    }
}
