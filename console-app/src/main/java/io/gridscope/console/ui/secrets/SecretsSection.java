package io.gridscope.console.ui.secrets;

import io.gridscope.console.app.secrets.SecretStoreKind;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * Settings → Secrets: the store typed secrets go to, whether the desktop keyring answers, the encrypted file's state
 * and passphrase (asked once per start), and a button that forgets every stored secret.
 */
public final class SecretsSection extends VBox {
    public SecretsSection(SecretsViewModel vm) {
        super(8);
        Label title = new Label("Secrets");
        title.getStyleClass().add("section-title");

        ChoiceBox<SecretStoreKind> store = new ChoiceBox<>(FXCollections.observableArrayList());
        store.setId("secretStoreDefault");
        store.setItems(vm.choices());
        store.valueProperty().bindBidirectional(vm.preferredProperty());
        store.setConverter(labels());
        store.setTooltip(new Tooltip("Where a token or password typed on the Sources page is kept. Settings never "
                + "hold a secret: only which store keeps it."));

        Label keyring = new Label();
        keyring.setId("keyringStatus");
        keyring.setWrapText(true);
        keyring.textProperty().bind(vm.keyringStatusProperty());
        Label file = new Label();
        file.setId("secretFileStatus");
        file.setWrapText(true);
        file.textProperty().bind(vm.fileStatusProperty());

        PasswordField passphrase = new PasswordField();
        passphrase.setId("secretsPassphrase");
        passphrase.setPromptText("passphrase of the encrypted file");
        passphrase.setPrefColumnCount(18);
        passphrase.textProperty().bindBidirectional(vm.passphraseProperty());
        Button unlock = new Button("Unlock");
        unlock.setId("unlockSecrets");
        unlock.disableProperty().bind(vm.busyProperty().or(vm.fileUnlockedProperty()));
        unlock.setOnAction(e -> vm.unlockFile(r -> {}));
        passphrase.disableProperty().bind(unlock.disableProperty());
        passphrase.setOnAction(e -> unlock.fire());

        Button forget = new Button("Forget stored secrets");
        forget.setId("forgetSecrets");
        forget.disableProperty().bind(vm.busyProperty());
        forget.setOnAction(e -> vm.forgetAll());
        forget.setTooltip(new Tooltip("Deletes Gridscope's secrets from the desktop keyring and the encrypted file "
                + "(the file itself when it is locked). Sources then need their token typed again."));
        Label outcome = new Label();
        outcome.setId("secretsOutcome");
        outcome.getStyleClass().add("muted");
        outcome.setWrapText(true);
        outcome.textProperty().bind(vm.outcomeProperty());

        GridPane form = new GridPane(10, 6);
        form.addRow(0, new Label("Keep typed secrets in"), store);
        form.addRow(1, new Label("Desktop keyring"), keyring);
        form.addRow(2, new Label("Encrypted file"), file);
        HBox unlockRow = new HBox(8, passphrase, unlock);
        unlockRow.setAlignment(Pos.CENTER_LEFT);
        form.addRow(3, new Label(""), unlockRow);
        HBox actions = new HBox(12, forget, outcome);
        actions.setAlignment(Pos.CENTER_LEFT);
        Label note = new Label("Typed secrets are never written to ui.properties or logs. \"This session only\" "
                + "forgets them when Gridscope exits; the encrypted file asks for its passphrase once per start.");
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE);
        getChildren().addAll(title, form, actions, note);
    }

    /** "This session only", "Desktop keyring", "Encrypted file". */
    public static StringConverter<SecretStoreKind> labels() {
        return new StringConverter<>() {
            @Override
            public String toString(SecretStoreKind k) {
                return k == null ? "" : k.label();
            }

            @Override
            public SecretStoreKind fromString(String s) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
