package io.gridscope.console.ui;

import static io.gridscope.console.ui.ConsoleWindow.fx;

import io.gridscope.console.app.AccountingFixture;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.UiSettings;
import io.gridscope.history.HistoryReader;
import io.gridscope.reports.accounting.AccountingEngine;
import io.gridscope.reports.accounting.AccountingReport;
import io.gridscope.reports.accounting.IntensityLookup;
import io.gridscope.reports.accounting.ReportRequest;
import io.gridscope.reports.config.AccountingFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console window over an accounting fixture: four days of history of four GPUs on two hosts (from five days ago
 * to yesterday, UTC) and an accounting file, both written before the window opens on the real data path.
 */
public final class AccountingWindow {
    /** The days a test shows: three and two days ago (the previous period of the same length is also recorded). */
    public static final LocalDate FIRST = LocalDate.now(ZoneOffset.UTC).minusDays(3);

    public static final LocalDate LAST = LocalDate.now(ZoneOffset.UTC).minusDays(2);

    private AccountingWindow() {}

    /** The fixture's history in {@code home/data}; {@code toml} as the accounting file, when not null. */
    public static void write(Path home, String toml) throws Exception {
        AccountingFixture.writeHistory(
                home.resolve("data"),
                AccountingFixture.daysAgo(5),
                AccountingFixture.daysAgo(1),
                AccountingFixture.GPUS);
        if (toml != null) {
            AccountingFixture.writeConfig(configDir(home), toml);
        }
    }

    /** Where the console looks for its settings and the accounting file, for a window opened over {@code home}. */
    public static Path configDir(Path home) {
        return AppPaths.resolve(Map.of(), home, Optional.of(home.resolve("data")))
                .configDir();
    }

    /** Opens the window on {@code page} and waits for the data path. */
    public static ConsoleWindow open(Path home, String page) throws Exception {
        UiSettings s = UiSettings.empty();
        s.put("page", page);
        return ConsoleWindow.open(home, s).awaitStarted();
    }

    /** What the engine computes for {@code request} over the fixture: what the page must show. */
    public static AccountingReport expected(Path home, String toml, ReportRequest request) throws Exception {
        try (HistoryReader reader = HistoryReader.open(home.resolve("data"))) {
            return new AccountingEngine(
                            AccountingFile.parse(toml, Path.of("accounting.toml"), Currency.getInstance("EUR")),
                            new io.gridscope.reports.usage.HistoryUsageSource(reader),
                            IntensityLookup.FIXED_OR_WORLD,
                            Clock.systemUTC())
                    .report(request);
        }
    }

    /** The rows of a table, once it has {@code count} of them. */
    public static <T> List<T> awaitRows(ConsoleWindow w, String tableId, java.util.function.Predicate<List<T>> ready)
            throws Exception {
        @SuppressWarnings("unchecked")
        TableView<T> table = w.robot().lookup(tableId).queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> ready.test(List.copyOf(table.getItems()))));
        return fx(() -> List.copyOf(table.getItems()));
    }

    /** The row node of the table showing {@code item}, once one does. */
    public static Node rowOf(ConsoleWindow w, String tableId, Object item) throws Exception {
        return ConsoleWindow.rowWhere(w.robot(), tableId, item::equals);
    }

    /** Fires a button, link, toggle or check box by id, as a click does (wherever the page is scrolled). */
    public static void fire(ConsoleWindow w, String id) throws Exception {
        fx(() -> {
            w.robot().lookup(id).queryAs(javafx.scene.control.ButtonBase.class).fire();
            return null;
        });
    }

    /** A double-click with the primary button on {@code node}, delivered as the mouse would. */
    public static void doubleClick(Node node) throws Exception {
        fx(() -> {
            javafx.geometry.Bounds b = node.getLayoutBounds();
            double x = b.getMinX() + b.getWidth() / 2;
            double y = b.getMinY() + b.getHeight() / 2;
            javafx.geometry.Point2D screen = node.localToScreen(x, y);
            node.fireEvent(new javafx.scene.input.MouseEvent(
                    javafx.scene.input.MouseEvent.MOUSE_CLICKED,
                    x,
                    y,
                    screen == null ? 0 : screen.getX(),
                    screen == null ? 0 : screen.getY(),
                    javafx.scene.input.MouseButton.PRIMARY,
                    2,
                    false,
                    false,
                    false,
                    false,
                    true,
                    false,
                    false,
                    true,
                    false,
                    true,
                    null));
            return null;
        });
    }
}
