package io.gridscope.console.ui.sources;

import io.gridscope.collectors.prometheus.scrape.ScrapePreset;
import io.gridscope.console.app.SourceAuth;
import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.app.secrets.SecretRef;
import io.gridscope.console.app.secrets.SecretStoreKind;
import io.gridscope.console.ui.secrets.SecretsViewModel;
import io.gridscope.model.Durations;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
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
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Sources page's logic: the Prometheus sources the user set up (by collector id), and the form that adds one or
 * edits one: its fields as typed (writable), why each is refused and the outcome (read-only). Testing, adding and
 * removing go through {@link SourceActions} (the data path, off the FX thread); the settings to write go to
 * {@code save}, which does the I/O elsewhere. A typed token or password is never put into the settings: it stays in
 * memory for this session, or goes to the secret store chosen in the form ({@link SecretsViewModel}: the desktop
 * keyring or the encrypted file), and the settings get only the store's reference. FX thread only; no scene needed.
 */
public final class SourcesViewModel {
    static final String ADD_TITLE =
            "Add a Prometheus source (node_exporter, dcgm-exporter, any /metrics, or a Prometheus server)";

    private final UiSettings settings;
    private final Consumer<UiSettings> save;
    private final SourceActions actions;
    /** The secret stores; null where typed secrets are kept for this session only. */
    private final SecretsViewModel secrets;
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
    private final ObjectProperty<SecretStoreKind> secretStore =
            new SimpleObjectProperty<>(this, "secretStore", SecretStoreKind.SESSION);

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
    private final ReadOnlyBooleanWrapper passphraseNeeded = new ReadOnlyBooleanWrapper(this, "passphraseNeeded");
    private final ReadOnlyStringWrapper removalPrompt = new ReadOnlyStringWrapper(this, "removalPrompt", "");

    /**
     * @param settings the settings as read at start; saved sources are read from them, and changes go into them
     * @param save     receives a copy of the settings to write; called on the FX thread, must hand the I/O elsewhere
     * @param actions  the data path: tests, starts and stops sources off the FX thread, answers on it
     */
    public SourcesViewModel(UiSettings settings, Consumer<UiSettings> save, SourceActions actions) {
        this(settings, save, actions, null);
    }

    /** @param secrets the secret stores a typed secret may be kept in; null for this session only */
    public SourcesViewModel(
            UiSettings settings, Consumer<UiSettings> save, SourceActions actions, SecretsViewModel secrets) {
        this.settings = settings;
        this.save = save;
        this.actions = actions;
        this.secrets = secrets;
        SourceSpec.loadAll(settings).forEach(spec -> specs.put(spec.collectorId(), spec));
        if (secrets != null) {
            passphraseNeeded.bind(Bindings.createBooleanBinding(
                    () -> secretStore.get() == SecretStoreKind.ENCRYPTED_FILE
                            && !secrets.fileUnlockedProperty().get()
                            && authKind.get() != SourceAuth.Kind.NONE,
                    secretStore,
                    secrets.fileUnlockedProperty(),
                    authKind));
            secretStore.set(secrets.preferredProperty().get());
            secrets.preferredProperty().addListener((o, a, b) -> {
                if (editing == null && secret.get().isEmpty() && b != null) {
                    secretStore.set(b);
                }
            });
        }
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
        forgetStored(spec.auth().stored());
    }

    private void forgetStored(Optional<SecretRef> ref) {
        if (secrets != null && ref.isPresent()) {
            secrets.delete(ref.get());
        }
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
     * Adds the source in the form, or saves the one being edited (the old one is stopped first). A newly typed
     * secret first goes to the store chosen in the form (the encrypted file is unlocked with the passphrase typed
     * there, once per start). Once it has started it is saved and the form is cleared; otherwise why it did not
     * start is the result.
     */
    public void submit() {
        SourceSpec s = validated();
        if (s == null) {
            return;
        }
        SecretStoreKind where = chosenStore();
        boolean typedNow = s.auth().secret().isPresent() && s.auth().stored().isEmpty();
        if (!typedNow || where == SecretStoreKind.SESSION || secrets == null) {
            add(s);
            return;
        }
        if (where == SecretStoreKind.ENCRYPTED_FILE
                && !secrets.fileUnlockedProperty().get()) {
            result.set("Unlocking the encrypted file …");
            secrets.unlockFile(error -> error.ifPresentOrElse(
                    e -> {
                        secretError.set(e);
                        result.set("Not saved: the encrypted file stays locked: " + e);
                    },
                    () -> storeThenAdd(s, where)));
            return;
        }
        storeThenAdd(s, where);
    }

    /** Keeps the typed secret in {@code where}, then adds the source with only the reference in its settings. */
    private void storeThenAdd(SourceSpec s, SecretStoreKind where) {
        SecretRef ref = SecretRef.source(where, s.id());
        result.set("Keeping the secret in the " + where.label().toLowerCase(java.util.Locale.ROOT) + " …");
        secrets.store(ref, s.auth().secret().orElseThrow().toCharArray(), error -> {
            if (error.isPresent()) {
                secretError.set(error.get());
                result.set("Not saved: the " + where.label().toLowerCase(java.util.Locale.ROOT)
                        + " did not keep the secret: " + error.get());
                return;
            }
            add(s.withAuth(s.auth().storedIn(ref)));
        });
    }

    private void add(SourceSpec s) {
        SourceSpec replaced = editing;
        if (replaced != null) {
            actions.remove(replaced.id());
            specs.remove(replaced.collectorId());
            SourceSpec.removeFrom(settings, replaced.id());
            Optional<SecretRef> old = replaced.auth().stored();
            if (old.isPresent() && !old.equals(s.auth().stored())) {
                forgetStored(old);
            }
        }
        actions.add(s, err -> {
            if (err.isEmpty()) {
                specs.put(s.collectorId(), s);
                s.storeInto(settings);
                save.accept(settings.copy());
                reset((replaced != null ? "Saved " : "Added ") + s.id() + kept(s) + ".");
            } else {
                result.set(err);
            }
        });
    }

    private static String kept(SourceSpec s) {
        if (s.auth().sessionOnly()) {
            return " (its typed secret is kept for this session only)";
        }
        return s.auth()
                .stored()
                .map(r -> " (its secret is kept in the " + r.store().label().toLowerCase(java.util.Locale.ROOT) + ")")
                .orElse("");
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
        secretPrompt.set(
                s.auth().secret().isPresent() || s.auth().stored().isPresent()
                        ? "unchanged (type to replace)"
                        : "token or password");
        secretStore.set(s.auth().stored().map(SecretRef::store).orElse(SecretStoreKind.SESSION));
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
        if (secrets != null && secrets.preferredProperty().get() != null) {
            secretStore.set(secrets.preferredProperty().get());
        }
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
        SecretStoreKind keptIn = editing == null
                ? null
                : editing.auth().stored().map(SecretRef::store).orElse(SecretStoreKind.SESSION);
        if (keepSecret && !errors.containsKey("secret") && chosenStore() != keptIn) {
            errors.put(
                    "secret",
                    "type the secret again to keep it in the "
                            + chosenStore().label().toLowerCase(java.util.Locale.ROOT));
        }
        if (keepSecret
                && editing.auth().stored().isPresent()
                && !editing.id().equals(id.get().strip())) {
            errors.putIfAbsent("secret", "a renamed source needs its secret typed again");
        }
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
                        editing.auth().secretFile(),
                        editing.auth().stored())
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

    /**
     * Where a typed secret goes: the choice, or this session only while none is selected (a choice box clears its
     * value for a moment when its choices change, as when the keyring is found).
     */
    private SecretStoreKind chosenStore() {
        SecretStoreKind where = secretStore.get();
        return where == null ? SecretStoreKind.SESSION : where;
    }

    /** Where a typed secret is kept: this session only, the desktop keyring, the encrypted file. */
    public ObjectProperty<SecretStoreKind> secretStoreProperty() {
        return secretStore;
    }

    /** The stores offered for a typed secret (this session only, when no store is set up). */
    public ObservableList<SecretStoreKind> secretStoreChoices() {
        return secrets != null
                ? secrets.choices()
                : FXCollections.unmodifiableObservableList(FXCollections.observableArrayList(SecretStoreKind.SESSION));
    }

    /** True while the encrypted file is chosen and still locked: the form then asks for its passphrase. */
    public ReadOnlyBooleanProperty passphraseNeededProperty() {
        return passphraseNeeded.getReadOnlyProperty();
    }

    /** The encrypted file's passphrase as typed in the form (the same field as Settings → Secrets). */
    public StringProperty passphraseProperty() {
        return secrets != null ? secrets.passphraseProperty() : new SimpleStringProperty("");
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
