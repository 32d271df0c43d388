package io.gridscope.console.ui.shell;

import io.gridscope.console.app.UiSettings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** Shell state shared by every page: current page, time range, host shown, theme. FX thread only. */
public final class ShellViewModel {
    public static final String KEY_PAGE = "page";
    public static final String KEY_RANGE = "range";
    public static final String KEY_DARK = "theme.dark";
    public static final String KEY_HOST = "host";

    private final ObjectProperty<Page> page = new SimpleObjectProperty<>(this, "page", Page.OVERVIEW);
    private final ObjectProperty<TimeRange> range = new SimpleObjectProperty<>(this, "range", TimeRange.DEFAULT);
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark", false);
    private final StringProperty host = new SimpleStringProperty(this, "host", "");

    public ObjectProperty<Page> pageProperty() {
        return page;
    }

    public ObjectProperty<TimeRange> rangeProperty() {
        return range;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    /** The host the pages show (a {@code host} label value); empty until the local host's name is known. */
    public StringProperty hostProperty() {
        return host;
    }

    /** Restores what {@link #storeInto} saved; unknown or malformed values keep the defaults. */
    public void restoreFrom(UiSettings settings) {
        settings.get(KEY_PAGE).ifPresent(p -> {
            try {
                page.set(Page.valueOf(p));
            } catch (IllegalArgumentException ignored) {
                // a page from another version: stay on the default
            }
        });
        settings.get(KEY_RANGE).flatMap(TimeRange::decode).ifPresent(range::set);
        settings.get(KEY_DARK).ifPresent(d -> dark.set(Boolean.parseBoolean(d)));
        settings.get(KEY_HOST).ifPresent(host::set);
    }

    public void storeInto(UiSettings settings) {
        settings.put(KEY_PAGE, page.get().name());
        settings.put(KEY_RANGE, range.get().encode());
        settings.put(KEY_DARK, Boolean.toString(dark.get()));
        settings.put(KEY_HOST, host.get());
    }
}
