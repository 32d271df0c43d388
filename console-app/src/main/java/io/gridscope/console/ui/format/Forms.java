package io.gridscope.console.ui.format;

import javafx.scene.control.Label;
import javafx.scene.control.TextField;

/** The pieces every form is built from: fields and the red label beside each that says why a value is refused. */
public final class Forms {
    private Forms() {}

    /** An empty red label beside a field, filled with the reason when the value is refused. */
    public static Label error(String id) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add("field-error");
        return l;
    }

    public static TextField field(String id, String prompt, int columns) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(columns);
        return f;
    }
}
