package io.gridscope.console.ui.alerts;

import io.gridscope.alerts.alertmanager.AmAlert;
import io.gridscope.alerts.preview.RulePreview;
import io.gridscope.alerts.rules.Rule;
import io.gridscope.alerts.rules.RuleSet;
import io.gridscope.alerts.store.AlertActions.Outcome;
import io.gridscope.console.app.AlertConsole.Detail;
import io.gridscope.console.app.AlertConsole.SaveOutcome;
import io.gridscope.history.records.AlertRow;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What the Alerts page asks of the console's alert service. Every method returns at once; the work runs on the
 * service's own thread and each answer arrives on the FX thread. A failure is an answer (an {@link Outcome} that is
 * not done, a message), never an exception.
 */
public interface AlertsBackend {
    /** Who acts: written with every acknowledgement, snooze and silence. */
    String operator();

    void acknowledge(long alertId, String comment, Consumer<Outcome> onFx);

    void unacknowledge(long alertId, Consumer<Outcome> onFx);

    /** {@link Instant#EPOCH} ends a snooze. */
    void snooze(long alertId, Instant until, Consumer<Outcome> onFx);

    void silence(String matchers, Instant until, String comment, Consumer<Outcome> onFx);

    void unsilence(long silenceId, Consumer<Outcome> onFx);

    void acknowledgeFleet(AmAlert alert, String comment, Consumer<Outcome> onFx);

    void unacknowledgeFleet(AmAlert alert, Consumer<Outcome> onFx);

    /** The rules file's text, "" when there is none yet. */
    void rulesText(Consumer<String> onFx);

    /** Checks {@code text} as the rules file: the rule set it would give, with its problems. */
    void validate(String text, Consumer<RuleSet> onFx);

    void save(String text, Consumer<SaveOutcome> onFx);

    /** What {@code rule} would have done over the last {@code back}; {@code failed} says why there is no answer. */
    void preview(Rule rule, Duration back, Consumer<RulePreview.Result> onFx, Consumer<String> failed);

    /** The series behind an alert, its rule and the actions taken on it. */
    void detail(AlertRow alert, int maxPoints, Consumer<Detail> onFx);

    /** Opens a link (a runbook) in the desktop's browser. */
    void openLink(String url);
}
