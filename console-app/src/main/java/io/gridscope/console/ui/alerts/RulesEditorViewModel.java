package io.gridscope.console.ui.alerts;

import io.gridscope.alerts.engine.RuleStatus;
import io.gridscope.alerts.preview.RulePreview;
import io.gridscope.alerts.rules.Rule;
import io.gridscope.alerts.rules.RuleProblem;
import io.gridscope.console.app.AlertConsole.Board;
import io.gridscope.console.app.AlertConsole.SaveOutcome;
import io.gridscope.history.records.RuleStatusRow;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The rules editor: the rules file's text as edited, its problems (checked by the alert service, never on the FX
 * thread; the view asks {@link #validate} a moment after the typing stops), saving (refused while the text has a
 * problem or is not checked yet), the rules in force with their health, and the preview of one rule over the last
 * day of history. FX thread only.
 */
public final class RulesEditorViewModel {
    /** How far back "Preview" looks. */
    public static final Duration PREVIEW_BACK = Duration.ofHours(24);

    private final AlertsBackend backend;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyStringWrapper savedText = new ReadOnlyStringWrapper(this, "savedText", null);
    /** The text the problems are about; differs from {@link #text} while a check is due or under way. */
    private final ReadOnlyStringWrapper checkedText = new ReadOnlyStringWrapper(this, "checkedText", null);

    private final ObservableList<RuleProblem> problems = FXCollections.observableArrayList();
    private final ObservableList<RuleRow> rules = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper messageFailed = new ReadOnlyBooleanWrapper(this, "messageFailed");
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper(this, "preview", "");
    private final ReadOnlyBooleanWrapper previewRunning = new ReadOnlyBooleanWrapper(this, "previewRunning");
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(this, "saving");
    private final BooleanBinding canSave;
    private long checks;
    /** The rule set of the last board read from the history; another one means the file was (re)read. */
    private io.gridscope.alerts.rules.RuleSet rulesInForce;

    public RulesEditorViewModel(AlertsBackend backend) {
        this.backend = backend;
        canSave = Bindings.createBooleanBinding(
                () -> savedText.get() != null
                        && !saving.get()
                        && problems.isEmpty()
                        && text.get().equals(checkedText.get())
                        && !text.get().equals(savedText.get()),
                text,
                checkedText,
                savedText,
                saving,
                problems);
    }

    /**
     * Reads the rules file into the editor. What was typed while the file was being read is kept (the file becomes
     * the saved text the edit is compared with); {@link #reload()} is the one that discards typing.
     */
    public void load() {
        String asked = text.get();
        backend.rulesText(t -> {
            savedText.set(t);
            if (text.get().equals(asked)) {
                text.set(t);
            }
            validate();
        });
    }

    /** Reads the rules file into the editor, replacing what was typed (the editor's Reload). */
    public void reload() {
        backend.rulesText(t -> {
            savedText.set(t);
            text.set(t);
            validate();
        });
    }

    /** Reads the rules file again unless something was typed (also while the file is being read). */
    private void reloadUnlessEdited() {
        if (dirty()) {
            return;
        }
        String asked = text.get();
        backend.rulesText(t -> {
            if (text.get().equals(asked)) {
                savedText.set(t);
                text.set(t);
                validate();
            }
        });
    }

    /** Checks the text as it is now; an answer about an older text is dropped. */
    public void validate() {
        long n = ++checks;
        String t = text.get();
        backend.validate(t, set -> {
            if (n == checks) {
                problems.setAll(set.problems());
                checkedText.set(t);
            }
        });
    }

    /** Saves the text; the alert service checks it again and refuses it with its problems. */
    public void save() {
        String t = text.get();
        saving.set(true);
        backend.save(t, (SaveOutcome o) -> {
            saving.set(false);
            if (o.saved()) {
                savedText.set(t);
            }
            if (!o.problems().isEmpty() && t.equals(text.get())) {
                problems.setAll(o.problems());
                checkedText.set(t);
            }
            message.set(o.message());
            messageFailed.set(!o.saved());
        });
    }

    /** The rules in force and their health, from a new board; the file again when it changed and nothing was typed. */
    public void onBoard(Board b) {
        if (b.readAtMillis() != 0 && b.rules() != rulesInForce) {
            rulesInForce = b.rules();
            reloadUnlessEdited();
        }
        Map<String, RuleStatusRow> health = b.ruleHealth().stream()
                .collect(Collectors.toMap(RuleStatusRow::rule, Function.identity(), (x, y) -> y));
        List<RuleRow> rows = new ArrayList<>();
        // the file's own rules first (what the user edits), then the built-in packs in their order
        List<Rule> ordered = new ArrayList<>(b.rules().rules());
        ordered.sort(java.util.Comparator.comparing(Rule::builtIn));
        for (Rule r : ordered) {
            RuleStatusRow h = health.get(r.name());
            rows.add(new RuleRow(r, h == null ? "" : h.health(), h == null ? "" : h.detail()));
        }
        if (!rows.equals(rules)) {
            rules.setAll(rows);
        }
    }

    /** Replays {@code rule} over the last {@link #PREVIEW_BACK} of stored history. */
    public void preview(Rule rule, ZoneId zone) {
        previewRunning.set(true);
        preview.set("Previewing " + rule.name() + " over the last 24 h…");
        backend.preview(
                rule,
                PREVIEW_BACK,
                r -> {
                    previewRunning.set(false);
                    preview.set(describe(r, zone));
                },
                why -> {
                    previewRunning.set(false);
                    preview.set(why);
                });
    }

    /** The preview in words: each episode (when, how long, peak) or why there is none. */
    static String describe(RulePreview.Result r, ZoneId zone) {
        StringBuilder sb = new StringBuilder(r.rule()).append(", last 24 h: ");
        if (r.health() == RuleStatus.Health.NO_DATA && r.episodes().isEmpty()) {
            sb.append("no data (no stored series matches the rule).");
        } else if (r.episodes().isEmpty()) {
            sb.append("would not have fired.");
        } else {
            long fired = r.fired();
            sb.append(
                    fired == 0
                            ? "would not have fired"
                            : "would have fired " + fired + (fired == 1 ? " time" : " times"));
            long pendingOnly = r.episodes().size() - fired;
            if (pendingOnly > 0) {
                sb.append(fired == 0 ? ", " : "; ").append(pendingOnly).append(" pending only");
            }
            sb.append('.');
            for (RulePreview.Episode e : r.episodes()) {
                sb.append("\n• ");
                long end = e.resolvedAtMillis() != 0 ? e.resolvedAtMillis() : r.toMillis();
                if (e.firedAtMillis() != 0) {
                    sb.append("fired ")
                            .append(AlertFormats.fullTime(e.firedAtMillis(), zone))
                            .append(", ")
                            .append(e.resolvedAtMillis() != 0 ? "for " : "still firing after ")
                            .append(AlertFormats.duration(end - e.firedAtMillis()));
                } else {
                    sb.append("pending ")
                            .append(AlertFormats.fullTime(e.pendingSinceMillis(), zone))
                            .append(" for ")
                            .append(AlertFormats.duration(end - e.pendingSinceMillis()));
                }
                sb.append(", peak ").append(AlertFormats.value(e.peak()));
                if (!e.labels().isEmpty()) {
                    sb.append("  ").append(e.labels().canonical());
                }
            }
        }
        sb.append("\n(")
                .append(r.seriesRead())
                .append(" series, ")
                .append(r.samplesRead())
                .append(" points at ")
                .append(r.step().toSeconds())
                .append(" s steps");
        if (!r.note().isEmpty()) {
            sb.append("; ").append(r.note());
        }
        return sb.append(')').toString();
    }

    public StringProperty textProperty() {
        return text;
    }

    public ObservableList<RuleProblem> problems() {
        return problems;
    }

    public ObservableList<RuleRow> rules() {
        return rules;
    }

    /** True when the text is checked, has no problem and differs from the file. */
    public BooleanBinding canSaveProperty() {
        return canSave;
    }

    /** Whether the text has changed since the file was read or saved. */
    public boolean dirty() {
        return savedText.get() != null && !text.get().equals(savedText.get());
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageFailedProperty() {
        return messageFailed.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty previewProperty() {
        return preview.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty previewRunningProperty() {
        return previewRunning.getReadOnlyProperty();
    }

    /** The text of the file as last read or saved; null before it was read. */
    public ReadOnlyStringProperty savedTextProperty() {
        return savedText.getReadOnlyProperty();
    }
}
