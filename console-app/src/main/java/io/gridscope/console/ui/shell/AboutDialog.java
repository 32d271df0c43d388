package io.gridscope.console.ui.shell;

import java.util.Map;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.DataFormat;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * The About box: Gridscope's icon, name and version, the runtimes it runs on, how it was installed and where its
 * files are (each path selectable, to copy), "Copy details" (all of it as plain text, for a bug report) and Close.
 * Modal over the main window, in its theme; Escape closes it. Built from {@link AboutDetails} alone: no I/O.
 */
public final class AboutDialog {
    private final Stage stage = new Stage();
    private final AboutDetails details;
    private final Button close = new Button("Close");

    /**
     * @param owner the main window; the box takes its stylesheets (the theme) while it is open
     */
    public AboutDialog(AboutDetails details, AppIcons icons, Window owner) {
        this.details = details;
        VBox root = new VBox(header(icons), body(), buttons());
        root.setId("aboutDialog");
        root.getStyleClass().add("about-dialog");
        root.setPrefWidth(580); // the path fields take the width there is: most paths show whole
        Scene scene = new Scene(root);
        if (owner != null && owner.getScene() != null) {
            Bindings.bindContent(scene.getStylesheets(), owner.getScene().getStylesheets());
            stage.initOwner(owner);
        }
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                e.consume();
                stage.close();
            }
        });
        stage.setOnHidden(e -> {
            if (owner != null && owner.getScene() != null) {
                Bindings.unbindContent(scene.getStylesheets(), owner.getScene().getStylesheets());
            }
        });
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("About " + AboutDetails.NAME);
        stage.setResizable(false);
        stage.setScene(scene);
        // Close has the focus, not the first path (a focused field shows its text selected)
        stage.setOnShown(e -> close.requestFocus());
    }

    /** Shows the box; returns at once. */
    public void show() {
        stage.show();
    }

    public Stage stage() {
        return stage;
    }

    private Region header(AppIcons icons) {
        Label name = new Label(AboutDetails.NAME);
        name.getStyleClass().add("about-title");
        Label description = new Label(AboutDetails.DESCRIPTION);
        description.getStyleClass().add("about-description");
        description.setMinWidth(Region.USE_PREF_SIZE);
        VBox titles = new VBox(2, name, description);
        titles.setAlignment(Pos.CENTER_LEFT);
        HBox header = new HBox(16);
        icons.image(64).ifPresent(image -> {
            ImageView view = new ImageView(image);
            view.setId("aboutIcon");
            view.setFitWidth(64);
            view.setFitHeight(64);
            view.setPreserveRatio(true);
            view.setSmooth(true);
            header.getChildren().add(view);
        });
        header.getChildren().add(titles);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("about-header");
        return header;
    }

    private Region body() {
        GridPane grid = new GridPane();
        grid.getStyleClass().add("about-grid");
        grid.setHgap(16);
        grid.setVgap(6);
        ColumnConstraints captions = new ColumnConstraints();
        captions.setMinWidth(Region.USE_PREF_SIZE);
        captions.setHalignment(HPos.LEFT);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        grid.getColumnConstraints().addAll(captions, values);
        int line = 0;
        boolean filesShown = false;
        for (AboutDetails.Row r : details.rows()) {
            if (r.path() && !filesShown && !r.id().equals("appDir")) {
                filesShown = true;
                Label files = new Label("Files");
                files.getStyleClass().add("about-section");
                GridPane.setMargin(files, new Insets(10, 0, 0, 0));
                grid.add(files, 0, line++, 2, 1);
            }
            Label caption = new Label(r.label());
            caption.getStyleClass().add("about-caption");
            GridPane.setValignment(caption, VPos.CENTER);
            grid.add(caption, 0, line);
            grid.add(value(r), 1, line);
            line++;
        }
        grid.setPadding(new Insets(18, 22, 8, 22));
        return grid;
    }

    private Node value(AboutDetails.Row r) {
        String id = "about" + Character.toUpperCase(r.id().charAt(0)) + r.id().substring(1);
        if (r.path()) {
            TextField field = new TextField(r.value());
            field.setId(id);
            field.setEditable(false);
            field.setPrefColumnCount(34);
            field.getStyleClass().add("about-path");
            field.setTooltip(new Tooltip(r.value() + "\nSelect and copy with Ctrl+C, or use Copy details"));
            return field;
        }
        Label value = new Label(r.value());
        value.setId(id);
        value.getStyleClass().add("about-value");
        value.setWrapText(true);
        return value;
    }

    private Region buttons() {
        Label copied = new Label("Copied to the clipboard");
        copied.setId("aboutCopied");
        copied.getStyleClass().add("about-copied");
        copied.setVisible(false);
        PauseTransition hide = new PauseTransition(Duration.seconds(3));
        hide.setOnFinished(e -> copied.setVisible(false));
        Button copy = new Button("Copy details");
        copy.setId("aboutCopy");
        copy.setTooltip(new Tooltip("Version, runtime and folders as plain text, for a bug report"));
        copy.setOnAction(e -> {
            Clipboard.getSystemClipboard().setContent(Map.of(DataFormat.PLAIN_TEXT, details.text()));
            copied.setVisible(true);
            hide.playFromStart();
        });
        close.setId("aboutClose");
        close.setDefaultButton(true);
        close.setCancelButton(true);
        close.setOnAction(e -> stage.close());
        copy.setMinWidth(Region.USE_PREF_SIZE);
        close.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, copied, spacer, copy, close);
        bar.setAlignment(Pos.CENTER_RIGHT);
        bar.getStyleClass().add("about-buttons");
        return bar;
    }
}
