package io.gridscope.console.ui;

import io.gridscope.alerts.alertmanager.AmAlert;
import io.gridscope.alerts.preview.RulePreview;
import io.gridscope.alerts.rules.Rule;
import io.gridscope.alerts.rules.RuleSet;
import io.gridscope.alerts.store.AlertActions.Outcome;
import io.gridscope.console.app.AlertAccess;
import io.gridscope.console.app.AlertConsole;
import io.gridscope.console.app.AlertConsole.Board;
import io.gridscope.console.app.AlertConsole.Detail;
import io.gridscope.console.app.AlertConsole.SaveOutcome;
import io.gridscope.console.ui.alerts.AlertsBackend;
import io.gridscope.history.records.AlertRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the Alerts page to the {@link AlertConsole}: requests go to its thread, boards and answers come back to
 * the FX thread through the controller's {@code FxBatcher} ({@code toFx}); nothing here waits.
 */
public final class AlertController implements AlertsBackend, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertController.class);

    private final AlertConsole console;
    private final Consumer<Runnable> toFx;
    private volatile Consumer<String> linkOpener = url -> log.info("no browser to open {}", url);

    /**
     * @param toFx    runs a task on the FX thread, batched ({@code FxBatcher::submit})
     * @param onBoard gets every new board, on the FX thread
     */
    public AlertController(AlertConsole console, Consumer<Runnable> toFx, Consumer<Board> onBoard) {
        this.console = console;
        this.toFx = toFx;
        console.addListener(b -> toFx.accept(() -> onBoard.accept(b)));
    }

    /** The data path has started (I/O thread): the alert console reads its history; empty: nothing to read. */
    public void attach(Optional<AlertAccess> access) {
        console.attach(access);
    }

    /** How links are opened (the application's host services); FX thread. */
    void openLinksWith(Consumer<String> opener) {
        linkOpener = opener;
    }

    private <T> Consumer<T> fx(Consumer<T> onFx) {
        return t -> toFx.accept(() -> onFx.accept(t));
    }

    @Override
    public String operator() {
        return console.operator();
    }

    @Override
    public void acknowledge(long alertId, String comment, Consumer<Outcome> onFx) {
        console.acknowledge(alertId, comment, fx(onFx));
    }

    @Override
    public void unacknowledge(long alertId, Consumer<Outcome> onFx) {
        console.unacknowledge(alertId, "", fx(onFx));
    }

    @Override
    public void snooze(long alertId, Instant until, Consumer<Outcome> onFx) {
        console.snooze(alertId, until, "", fx(onFx));
    }

    @Override
    public void silence(String matchers, Instant until, String comment, Consumer<Outcome> onFx) {
        console.silence(matchers, until, comment, fx(onFx));
    }

    @Override
    public void unsilence(long silenceId, Consumer<Outcome> onFx) {
        console.unsilence(silenceId, fx(onFx));
    }

    @Override
    public void acknowledgeFleet(AmAlert alert, String comment, Consumer<Outcome> onFx) {
        console.acknowledgeAm(alert, comment, fx(onFx));
    }

    @Override
    public void unacknowledgeFleet(AmAlert alert, Consumer<Outcome> onFx) {
        console.unacknowledgeAm(alert, fx(onFx));
    }

    @Override
    public void rulesText(Consumer<String> onFx) {
        console.rulesText(fx(onFx));
    }

    @Override
    public void validate(String text, Consumer<RuleSet> onFx) {
        console.validate(text, fx(onFx));
    }

    @Override
    public void save(String text, Consumer<SaveOutcome> onFx) {
        console.save(text, fx(onFx));
    }

    @Override
    public void preview(Rule rule, Duration back, Consumer<RulePreview.Result> onFx, Consumer<String> failed) {
        console.preview(rule, back, fx(onFx), fx(failed));
    }

    @Override
    public void detail(AlertRow alert, int maxPoints, Consumer<Detail> onFx) {
        console.detail(alert, maxPoints, fx(onFx));
    }

    @Override
    public void openLink(String url) {
        try {
            linkOpener.accept(url);
        } catch (RuntimeException e) {
            log.warn("cannot open {}: {}", url, e.toString());
        }
    }

    /** Stops the alert console's thread; off the FX thread (it waits for a preview in progress). */
    @Override
    public void close() {
        console.close();
    }
}
