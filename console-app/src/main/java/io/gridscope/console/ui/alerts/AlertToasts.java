package io.gridscope.console.ui.alerts;

import io.gridscope.history.records.AlertRow;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/**
 * Notifications inside the window for alerts that start firing while the console runs (never for those there at
 * start): one per alert, at most {@value #AT_ONCE} within {@link #SHOWN_FOR}; more than that become one "N new
 * alerts". Clicking one opens the alert on the Alerts page. FX thread only.
 */
public final class AlertToasts {
    static final int AT_ONCE = 3;
    static final Duration SHOWN_FOR = Duration.seconds(10);

    private final Node owner;
    private final Consumer<Long> open;
    private final LongSupplier clock;
    /** When each toast still on screen was shown. */
    private final Deque<Long> shown = new ArrayDeque<>();

    /**
     * @param owner a node of the window the toasts belong to
     * @param open  shows an alert on the Alerts page (its id; -1 for the list)
     */
    public AlertToasts(AlertsViewModel vm, Node owner, Consumer<Long> open) {
        this.owner = owner;
        this.open = open;
        this.clock = vm.clock()::millis;
        vm.addNewFiringListener(this::onNewFiring);
    }

    /**
     * ControlsFX's stylesheet for notifications, which its first notification adds to the owner window's scene
     * when the scene does not list it yet. A scene whose stylesheets change looks up the styles of every node again
     * on its next pulse: 100 ms on the Alerts page at the first alert that fires, in software rendering. The window
     * lists it from the start ({@code GridscopeApp}), so a notification changes nothing there.
     */
    public static String stylesheet() {
        return Objects.requireNonNull(
                        Notifications.class.getResource("notificationpopup.css"), "ControlsFX's notificationpopup.css")
                .toExternalForm();
    }

    /** Whether {@code fresh} new alerts, with {@code onScreen} toasts still shown, become one summary toast. */
    static boolean collapse(int fresh, int onScreen) {
        return fresh + onScreen > AT_ONCE;
    }

    static String title(AlertRow a) {
        return a.severity() + ": " + a.rule();
    }

    private void onNewFiring(List<AlertRow> fresh) {
        if (owner.getScene() == null || owner.getScene().getWindow() == null) {
            return;
        }
        long now = clock.getAsLong();
        while (!shown.isEmpty() && now - shown.peekFirst() > SHOWN_FOR.toMillis()) {
            shown.removeFirst();
        }
        if (!collapse(fresh.size(), shown.size())) {
            for (AlertRow a : fresh) {
                toast(title(a), a.summary(), a.severity(), a.id());
            }
        } else {
            String rules = String.join(
                    ", ", fresh.stream().map(AlertRow::rule).distinct().limit(5).toList());
            toast(fresh.size() + (fresh.size() == 1 ? " new alert" : " new alerts"), rules, "critical", -1);
        }
    }

    private void toast(String title, String text, String severity, long id) {
        shown.addLast(clock.getAsLong());
        Notifications n = Notifications.create()
                .title(title)
                .text(text.isEmpty() ? "Firing now" : text)
                .owner(owner.getScene().getWindow())
                .position(Pos.TOP_RIGHT)
                .hideAfter(SHOWN_FOR)
                .onAction(e -> open.accept(id));
        if (severity.equals("critical")) {
            n.showError();
        } else if (severity.equals("warning")) {
            n.showWarning();
        } else {
            n.showInformation();
        }
    }
}
