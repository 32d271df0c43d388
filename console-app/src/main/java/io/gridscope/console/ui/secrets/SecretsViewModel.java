package io.gridscope.console.ui.secrets;

import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.app.secrets.SecretRef;
import io.gridscope.console.app.secrets.SecretStoreException;
import io.gridscope.console.app.secrets.SecretStoreKind;
import io.gridscope.console.app.secrets.SecretStores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The console's secret stores as its pages show them: which are available (the keyring once a Secret Service
 * answered), which one new secrets go to by default ({@value #KEY_STORE} in the settings: a store's name, never a
 * secret), the encrypted file's passphrase (asked once per start; the key derivation runs on {@code background}),
 * storing, reading and forgetting. Every store call runs on {@code background}; answers come back through {@code fx}.
 * Properties: FX thread only.
 */
public final class SecretsViewModel {
    /** The settings key of the store new typed secrets go to. */
    public static final String KEY_STORE = "secrets.store";

    private final SecretStores vault;
    private final Executor background;
    private final Executor fx;
    private final UiSettings settings;
    private final Consumer<UiSettings> save;
    private final List<Runnable> onFileUnlocked = new ArrayList<>();
    /** True while the default follows what is available (not saved: the user did not choose it). */
    private boolean choosingByItself;

    private final ObservableList<SecretStoreKind> choices =
            FXCollections.observableArrayList(SecretStoreKind.SESSION, SecretStoreKind.ENCRYPTED_FILE);
    private final ObjectProperty<SecretStoreKind> preferred =
            new SimpleObjectProperty<>(this, "preferred", SecretStoreKind.SESSION);
    private final ReadOnlyBooleanWrapper keyringAvailable = new ReadOnlyBooleanWrapper(this, "keyringAvailable");
    private final ReadOnlyBooleanWrapper fileUnlocked = new ReadOnlyBooleanWrapper(this, "fileUnlocked");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper keyringStatus =
            new ReadOnlyStringWrapper(this, "keyringStatus", "checking for a Secret Service …");
    private final ReadOnlyStringWrapper fileStatus = new ReadOnlyStringWrapper(this, "fileStatus", "checking …");
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper(this, "outcome", "");
    private final StringProperty passphrase = new SimpleStringProperty(this, "passphrase", "");

    /**
     * @param settings the console's settings: the preferred store is read from them and written into them
     * @param save     receives a copy of the settings to write (hands the I/O elsewhere)
     */
    public SecretsViewModel(
            SecretStores vault, Executor background, Executor fx, UiSettings settings, Consumer<UiSettings> save) {
        this.vault = vault;
        this.background = background;
        this.fx = fx;
        this.settings = settings;
        this.save = save;
        settings.get(KEY_STORE).flatMap(SecretStoreKind::fromSettingsName).ifPresent(preferred::set);
        preferred.addListener((o, a, b) -> {
            if (b != null && !choosingByItself) {
                settings.put(KEY_STORE, b.settingsName());
                save.accept(settings.copy());
            }
        });
    }

    /** Asks, off the FX thread, whether a Secret Service answers and the encrypted file exists; updates the choices. */
    public void probe() {
        background.execute(() -> {
            String status = vault.probeKeyring();
            boolean available = vault.keyringAvailable();
            String file = describeFile();
            List<SecretStoreKind> kinds = vault.available();
            fx.execute(() -> {
                fileStatus.set(file);
                keyringAvailable.set(available);
                keyringStatus.set(available ? "available: " + status : status);
                choices.setAll(kinds);
                boolean saved = settings.get(KEY_STORE).isPresent();
                choosingByItself = true;
                try {
                    if (!saved && available) {
                        preferred.set(SecretStoreKind.KEYRING);
                    } else if (preferred.get() == SecretStoreKind.KEYRING && !available) {
                        preferred.set(SecretStoreKind.SESSION);
                    }
                } finally {
                    choosingByItself = false;
                }
            });
        });
    }

    /** Runs {@code r} on the FX thread each time the encrypted file is unlocked. */
    public void onFileUnlocked(Runnable r) {
        onFileUnlocked.add(r);
    }

    /**
     * Unlocks the encrypted file with the typed {@link #passphraseProperty()} (cleared at once); {@code done} gets
     * empty or why not, on the FX thread.
     */
    public void unlockFile(Consumer<Optional<String>> done) {
        char[] typed = passphrase.get().toCharArray();
        passphrase.set("");
        if (typed.length == 0) {
            outcome.set("Type the encrypted file's passphrase.");
            done.accept(Optional.of("type the encrypted file's passphrase"));
            return;
        }
        busy.set(true);
        outcome.set("Deriving the key …");
        background.execute(() -> {
            Optional<String> error;
            try {
                vault.unlockFile(typed);
                error = Optional.empty();
            } catch (SecretStoreException e) {
                error = Optional.of(e.getMessage());
            } finally {
                Arrays.fill(typed, '\0');
            }
            Optional<String> result = error;
            boolean unlocked = vault.fileUnlocked();
            String file = describeFile();
            fx.execute(() -> {
                busy.set(false);
                fileUnlocked.set(unlocked);
                fileStatus.set(file);
                outcome.set(result.map(e -> "Not unlocked: " + e).orElse("Encrypted file unlocked."));
                if (result.isEmpty()) {
                    onFileUnlocked.forEach(Runnable::run);
                }
                done.accept(result);
            });
        });
    }

    /** Stores {@code secret} (the array is wiped once stored) under {@code ref}; {@code done} gets empty or why not. */
    public void store(SecretRef ref, char[] secret, Consumer<Optional<String>> done) {
        background.execute(() -> {
            Optional<String> error;
            try {
                vault.store(ref.store()).put(ref, secret);
                error = Optional.empty();
            } catch (SecretStoreException e) {
                error = Optional.of(e.getMessage());
            } finally {
                Arrays.fill(secret, '\0');
            }
            Optional<String> result = error;
            String file = describeFile();
            fx.execute(() -> {
                fileStatus.set(file);
                done.accept(result);
            });
        });
    }

    /** Deletes the secret stored under {@code ref}; a failure is shown as the outcome. */
    public void delete(SecretRef ref) {
        background.execute(() -> {
            try {
                vault.store(ref.store()).delete(ref);
            } catch (SecretStoreException e) {
                String why = e.getMessage();
                fx.execute(() -> outcome.set("The secret of " + ref.name() + " was not deleted: " + why));
            }
        });
    }

    /**
     * {@code source} with its secret read from its store, if it has to be; {@code ok} or {@code failed} (why) is
     * called on the FX thread.
     */
    public void resolve(SourceSpec source, Consumer<SourceSpec> ok, Consumer<String> failed) {
        if (!source.auth().needsStoredSecret()) {
            ok.accept(source);
            return;
        }
        background.execute(() -> {
            try {
                SourceSpec resolved = source.withAuth(source.auth().resolvedWith(vault));
                fx.execute(() -> ok.accept(resolved));
            } catch (SecretStoreException e) {
                String why = e.getMessage();
                fx.execute(() -> failed.accept(why));
            }
        });
    }

    /** Forgets every stored secret (keyring items, the encrypted file's entries); the outcome says what was done. */
    public void forgetAll() {
        busy.set(true);
        background.execute(() -> {
            String result;
            try {
                result = vault.forgetAll();
            } catch (SecretStoreException e) {
                result = "Not everything was forgotten: " + e.getMessage();
            }
            String r = result;
            boolean unlocked = vault.fileUnlocked();
            String file = describeFile();
            fx.execute(() -> {
                busy.set(false);
                fileUnlocked.set(unlocked);
                fileStatus.set(file);
                outcome.set(r);
            });
        });
    }

    /** The encrypted file's state in words; file I/O: on the background thread only. */
    private String describeFile() {
        if (vault.fileUnlocked()) {
            return "unlocked: " + vault.encryptedFile();
        }
        return vault.fileExists()
                ? "locked: " + vault.encryptedFile() + " (give its passphrase to use it)"
                : "not created yet (" + vault.encryptedFile() + ")";
    }

    /** The stores a typed secret can go to: this session, the desktop keyring when one answered, the encrypted file. */
    public ObservableList<SecretStoreKind> choices() {
        return FXCollections.unmodifiableObservableList(choices);
    }

    /** The store new typed secrets go to unless the form says otherwise; saved as a name in the settings. */
    public ObjectProperty<SecretStoreKind> preferredProperty() {
        return preferred;
    }

    public ReadOnlyBooleanProperty keyringAvailableProperty() {
        return keyringAvailable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty fileUnlockedProperty() {
        return fileUnlocked.getReadOnlyProperty();
    }

    /** True while a key derivation or a forget runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty keyringStatusProperty() {
        return keyringStatus.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty fileStatusProperty() {
        return fileStatus.getReadOnlyProperty();
    }

    /** What the last unlock or forget came to. */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** The encrypted file's passphrase as typed; cleared when {@link #unlockFile} takes it. */
    public StringProperty passphraseProperty() {
        return passphrase;
    }
}
