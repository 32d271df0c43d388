package io.gridscope.console.ui.sources;

import io.gridscope.collectors.prometheus.scrape.ScrapePreset;
import io.gridscope.console.app.SourceAuth;
import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.UiSettings;
import io.gridscope.model.Durations;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Sources page's logic: the Prometheus sources the user set up (by collector id), and the form that adds one or
 * edits one: its fields as typed (writable), why each is refused and the outcome (read-only). Testing, adding and
 * removing go through {@link SourceActions} (the data path, off the FX thread); the settings to write go to
 * {@code save}, which does the I/O elsewhere. A typed token or password is never put into the settings. FX thread
 * only; no scene needed.
 */
public final class SourcesViewModel {
    static final String ADD_TITLE =
            "Add a Prometheus source (node_exporter, dcgm-exporter, any /metrics, or a Prometheus server)";

    private final UiSettings settings;
    private final Consumer<UiSettings> save;
    private final SourceActions actions;
    /** Collector id → what the user entered, token included. */
    private final Map<String, SourceSpec> specs = new HashMap<>();
    /** The source being edited, null when adding. */
    private SourceSpec editing;
    /** The source the user asked to remove, waiting for confirmation; null when none. */
    private String pendingRemoval;

    private final StringProperty id = new SimpleStringProperty(this, "id", "");
    private final ObjectProperty<SourceSpec.Type> type =
            new SimpleObjectProperty<>(this, "type", SourceSpec.Type.EXPORTER);
    private final StringProperty url = new SimpleStringProperty(this, "url", "");
    private final ObjectProperty<ScrapePreset.Kind> preset =
            new SimpleObjectProperty<>(this, "preset", ScrapePreset.Kind.NODE_EXPORTER);
    private final StringProperty interval = new SimpleStringProperty(this, "interval", "15s");
    private final ObjectProperty<SourceAuth.Kind> authKind =
            new SimpleObjectProperty<>(this, "authKind", SourceAuth.Kind.NONE);
    private final StringProperty username = new SimpleStringProperty(this, "username", "");
    private final StringProperty secret = new SimpleStringProperty(this, "secret", "");
    private final StringProperty secretFile = new SimpleStringProperty(this, "secretFile", "");
    private final BooleanProperty insecure = new SimpleBooleanProperty(this, "insecure", false);

    private final ReadOnlyStringWrapper idError = new ReadOnlyStringWrapper(this, "idError", "");
    private final ReadOnlyStringWrapper urlError = new ReadOnlyStringWrapper(this, "urlError", "");
    private final ReadOnlyStringWrapper intervalError = new ReadOnlyStringWrapper(this, "intervalError", "");
    private final ReadOnlyStringWrapper usernameError = new ReadOnlyStringWrapper(this, "usernameError", "");
    private final ReadOnlyStringWrapper secretError = new ReadOnlyStringWrapper(this, "secretError", "");
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper(this, "result", "");
    private final ReadOnlyStringWrapper formTitle = new ReadOnlyStringWrapper(this, "formTitle", ADD_TITLE);
    private final ReadOnlyStringWrapper secretPrompt =
            new ReadOnlyStringWrapper(this, "secretPrompt", "token or password");
    private final ReadOnlyBooleanWrapper editingSource = new ReadOnlyBooleanWrapper(this, "editing", false);
    private final ReadOnlyBooleanWrapper testing = new ReadOnlyBooleanWrapper(this, "testing", false);
    private final ReadOnlyStringWrapper removalPrompt = new ReadOnlyStringWrapper(this, "removalPrompt", "");

    /**
     * @param settings the settings as read at start; saved sources are read from them, and changes go into them
     * @param save     receives a copy of the settings to write; called on the FX thread, must hand the I/O elsewhere
     * @param actions  the data path: tests, starts and stops sources off the FX thread, answers on it
     */
    public SourcesViewModel(UiSettings settings, Consumer<UiSettings> save, SourceActions actions) {
        this.settings = settings;
        this.save = save;
        this.actions = actions;
        SourceSpec.loadAll(settings).forEach(spec -> specs.put(spec.collectorId(), spec));
    }

    /** Whether {@code collectorId} is a source set up here (one that can be edited or removed). */
    public boolean isSource(String collectorId) {
        return specs.containsKey(collectorId);
    }

    /** The source set up as {@code collectorId}, if it is one. */
    public Optional<SourceSpec> source(String collectorId) {
        return Optional.ofNullable(specs.get(collectorId));
    }

    /**
     * Asks before removing: sets {@link #removalPromptProperty()} to the question; nothing is removed until
     * {@link #confirmRemove()}. A collector that is not a source set up here is ignored.
     */
    public void requestRemove(String collectorId) {
        SourceSpec spec = specs.get(collectorId);
        if (spec == null) {
            cancelRemove();
            return;
        }
        pendingRemoval = collectorId;
        removalPrompt.set("Remove source " + spec.id() + " (" + spec.url() + ")? Gridscope stops collecting from it "
                + "and forgets its settings; its history is kept.");
    }

    /** Removes the source asked about in {@link #requestRemove}, if any. */
    public void confirmRemove() {
        String collectorId = pendingRemoval;
        cancelRemove();
        if (collectorId != null) {
            remove(collectorId);
        }
    }

    /** Keeps the source asked about. */
    public void cancelRemove() {
        pendingRemoval = null;
        removalPrompt.set("");
    }

    /** Stops the source, forgets it and saves the settings without it. */
    private void remove(String collectorId) {
        SourceSpec spec = specs.remove(collectorId);
        if (spec == null) {
            return;
        }
        actions.remove(spec.id());
        SourceSpec.removeFrom(settings, spec.id());
        save.accept(settings.copy());
    }

    /** Scrapes the source in the form once; the outcome arrives in {@link #resultProperty()}. */
    public void test() {
        SourceSpec s = validated();
        if (s == null) {
            return;
        }
        result.set("Testing " + s.url() + " …");
        testing.set(true);
        actions.test(s, r -> {
            result.set(r);
            testing.set(false);
        });
    }

    /**
     * Adds the source in the form, or saves the one being edited (the old one is stopped first). Once it has
     * started it is saved and the form is cleared; otherwise why it did not start is the result.
     */
    public void submit() {
        SourceSpec s = validated();
        if (s == null) {
            return;
        }
        SourceSpec replaced = editing;
        if (replaced != null) {
            actions.remove(replaced.id());
            specs.remove(replaced.collectorId());
            SourceSpec.removeFrom(settings, replaced.id());
        }
        actions.add(s, err -> {
            if (err.isEmpty()) {
                specs.put(s.collectorId(), s);
                s.storeInto(settings);
                save.accept(settings.copy());
                reset((replaced != null ? "Saved " : "Added ") + s.id()
                        + (s.auth().sessionOnly() ? " (its typed secret is kept for this session only)" : "") + ".");
            } else {
                result.set(err);
            }
        });
    }

    /** Fills the form with a source; {@link #submit} then replaces it. */
    public void edit(String collectorId) {
        SourceSpec s = specs.get(collectorId);
        if (s == null) {
            return;
        }
        editing = s;
        editingSource.set(true);
        formTitle.set("Edit " + s.id());
        id.set(s.id());
        type.set(s.type());
        url.set(s.url().toString());
        preset.set(s.preset());
        interval.set(Durations.format(s.interval()));
        authKind.set(s.auth().kind());
        username.set(s.auth().username());
        secret.set("");
        secretFile.set(s.auth().secretFile().map(Object::toString).orElse(""));
        secretPrompt.set(s.auth().secret().isPresent() ? "unchanged (type to replace)" : "token or password");
        insecure.set(s.insecureSkipTlsVerify());
        result.set("");
    }

    /** Leaves editing: the form adds a new source again. */
    public void cancelEdit() {
        reset("");
    }

    private void reset(String message) {
        editing = null;
        editingSource.set(false);
        formTitle.set(ADD_TITLE);
        id.set("");
        secret.set("");
        secretFile.set("");
        username.set("");
        authKind.set(SourceAuth.Kind.NONE);
        secretPrompt.set("token or password");
        result.set(message);
    }

    /** The source in the form, or null with every problem shown next to its field. */
    private SourceSpec validated() {
        var errors = SourceSpec.validate(id.get(), url.get(), interval.get());
        boolean keepSecret = editing != null
                && secret.get().isEmpty()
                && secretFile.get().isBlank()
                && editing.auth().kind() == authKind.get()
                && !editing.auth().secretMissing();
        errors.putAll(SourceAuth.validate(
                authKind.get(), username.get(), keepSecret ? "kept" : secret.get(), secretFile.get()));
        usernameError.set(errors.getOrDefault("username", ""));
        secretError.set(errors.getOrDefault("secret", ""));
        String newId = id.get().strip();
        if (!errors.containsKey("id")
                && (editing == null || !editing.id().equals(newId))
                && specs.values().stream().anyMatch(s -> s.id().equals(newId))) {
            errors.put("id", "a source named " + newId + " exists already");
        }
        idError.set(errors.getOrDefault("id", ""));
        urlError.set(errors.getOrDefault("url", ""));
        intervalError.set(errors.getOrDefault("interval", ""));
        if (!errors.isEmpty()) {
            result.set("Fix the fields marked in red.");
            return null;
        }
        // editing with the secret left empty keeps the one entered before
        SourceAuth auth = keepSecret
                ? new SourceAuth(
                        editing.auth().kind(),
                        username.get().strip(),
                        editing.auth().secret(),
                        editing.auth().secretFile())
                : SourceAuth.of(authKind.get(), username.get(), secret.get(), secretFile.get());
        return SourceSpec.of(id.get(), type.get(), url.get(), preset.get(), interval.get(), auth, insecure.get());
    }

    /** The source's name, e.g. "gpu-node-7". */
    public StringProperty idProperty() {
        return id;
    }

    public ObjectProperty<SourceSpec.Type> typeProperty() {
        return type;
    }

    public StringProperty urlProperty() {
        return url;
    }

    public ObjectProperty<ScrapePreset.Kind> presetProperty() {
        return preset;
    }

    /** How often it is scraped or queried, as typed ("15s"). */
    public StringProperty intervalProperty() {
        return interval;
    }

    public ObjectProperty<SourceAuth.Kind> authKindProperty() {
        return authKind;
    }

    public StringProperty usernameProperty() {
        return username;
    }

    /** A typed token or password: kept in memory for this session only. */
    public StringProperty secretProperty() {
        return secret;
    }

    /** A file holding the token or password; only its path is saved. */
    public StringProperty secretFileProperty() {
        return secretFile;
    }

    public BooleanProperty insecureProperty() {
        return insecure;
    }

    /** The question asked before a source is removed; empty when no removal waits for confirmation. */
    public ReadOnlyStringProperty removalPromptProperty() {
        return removalPrompt.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty idErrorProperty() {
        return idError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty urlErrorProperty() {
        return urlError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty intervalErrorProperty() {
        return intervalError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty usernameErrorProperty() {
        return usernameError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty secretErrorProperty() {
        return secretError.getReadOnlyProperty();
    }

    /** What the last test, add or save came to ("OK: …", "Added …", why not). */
    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** "Add a Prometheus source …" or "Edit node1". */
    public ReadOnlyStringProperty formTitleProperty() {
        return formTitle.getReadOnlyProperty();
    }

    /** The secret field's prompt: says when leaving it empty keeps the secret entered before. */
    public ReadOnlyStringProperty secretPromptProperty() {
        return secretPrompt.getReadOnlyProperty();
    }

    /** True while the form edits an existing source. */
    public ReadOnlyBooleanProperty editingProperty() {
        return editingSource.getReadOnlyProperty();
    }

    /** True while a connection test runs. */
    public ReadOnlyBooleanProperty testingProperty() {
        return testing.getReadOnlyProperty();
    }
}
