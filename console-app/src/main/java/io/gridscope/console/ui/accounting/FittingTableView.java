package io.gridscope.console.ui.accounting;

import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;

/**
 * A table as tall as its header, its rows (of {@link ReportTables#ROW_HEIGHT}) and its horizontal scroll bar when it
 * shows one: the page scrolls, the table never does vertically, and no empty space is left under the last row. The
 * height is measured after each layout (the header is two rows high under column groups) and asked for again when
 * it changes. With {@link #setMaxVisibleRows} it grows to that many rows at most and scrolls beyond them.
 *
 * <p>A height asked for while the table is laid out is not seen by the parents in that layout pass (JavaFX schedules
 * no new pass for a parent that is laying out its children, and a parent that sized the table before, a tab pane,
 * keeps the old size): once the pulse's layout is over, the parents are asked to lay out again.
 */
public final class FittingTableView<R> extends TableView<R> {
    private static final double EMPTY = 60;
    private int maxVisibleRows = Integer.MAX_VALUE;
    private boolean parentsStale;
    private final Runnable afterLayout = () -> {
        Parent parent = getParent();
        if (parentsStale && parent != null) {
            parentsStale = false;
            parent.requestLayout();
        }
    };

    public FittingTableView() {
        sceneProperty().addListener((o, before, now) -> {
            if (before != null) {
                before.removePostLayoutPulseListener(afterLayout);
            }
            if (now != null) {
                now.addPostLayoutPulseListener(afterLayout);
            }
        });
    }

    /** The most rows shown at once; a longer table scrolls. */
    public void setMaxVisibleRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("at least one row; got " + rows);
        }
        maxVisibleRows = rows;
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        super.layoutChildren();
        double header = lookup(".column-header-background") instanceof Region r ? r.getHeight() : 0;
        double bar = 0;
        for (Node n : lookupAll(".scroll-bar")) {
            if (n instanceof ScrollBar b && b.getOrientation() == Orientation.HORIZONTAL && b.isVisible()) {
                bar = b.getHeight();
            }
        }
        double rows =
                getItems().isEmpty() ? EMPTY : Math.min(getItems().size(), maxVisibleRows) * ReportTables.ROW_HEIGHT;
        double wanted = Math.ceil(snappedTopInset() + snappedBottomInset() + header + rows + bar);
        if (header > 0 && Math.abs(getPrefHeight() - wanted) > 0.5) {
            setPrefHeight(wanted);
            parentsStale = true;
        }
    }
}
