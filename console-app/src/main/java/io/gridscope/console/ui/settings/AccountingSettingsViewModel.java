package io.gridscope.console.ui.settings;

import io.gridscope.console.app.AccountingDocument;
import io.gridscope.console.app.AccountingDocument.Section;
import io.gridscope.console.app.AccountingService.ConfigState;
import io.gridscope.console.app.AccountingService.SaveOutcome;
import io.gridscope.console.ui.accounting.AccountingActions;
import io.gridscope.reports.config.ConfigException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Settings → Accounting: the accounting file as a form (currency, time zone, idle threshold, idle sharing; sites;
 * flat electricity prices) and as raw text. Nothing is validated here: the text the form makes is validated by the
 * accounting file's own rules off the FX thread, and each problem (file, line, field) is shown next to the field it
 * is about; a refused text writes nothing. Saving keeps a backup of the previous file and records the change in the
 * audit trail (done by the accounting, off the FX thread). A provider token is never typed here: only the path of the
 * file that holds it. FX thread only; no scene needed.
 */
public final class AccountingSettingsViewModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    static final String TOKEN_FILE = "electricitymaps_token_file";

    /** A form field: its text and why it is refused (empty when it is not). */
    public static final class Field {
        private final StringProperty value = new SimpleStringProperty(this, "value", "");
        private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

        public StringProperty valueProperty() {
            return value;
        }

        public ReadOnlyStringProperty errorProperty() {
            return error.getReadOnlyProperty();
        }

        void addError(String message) {
            error.set(error.get().isEmpty() ? message : error.get() + "; " + message);
        }
    }

    /** A site or an electricity price in the form. */
    public final class EntryForm {
        private final Section section;
        private final int origin;
        private final List<String> otherLines;
        private final Map<String, Field> fields = new LinkedHashMap<>();
        private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
        private final boolean timeOfUse;

        EntryForm(Section section, AccountingDocument.Entry entry) {
            this.section = section;
            this.origin = entry.origin();
            this.otherLines = entry.otherLines();
            this.timeOfUse = entry.timeOfUse();
            for (String key :
                    section == Section.SITE ? AccountingDocument.SITE_KEYS : AccountingDocument.ELECTRICITY_KEYS) {
                Field f = new Field();
                f.value.set(entry.get(key));
                f.value.addListener((o, a, b) -> edited());
                fields.put(key, f);
            }
        }

        public Field field(String key) {
            return fields.get(key);
        }

        /** What is wrong with the entry as a whole (a key the form has no field for, a missing section). */
        public ReadOnlyStringProperty errorProperty() {
            return error.getReadOnlyProperty();
        }

        /** A price by time-of-use bands: edited in the raw file (the form shows flat prices). */
        public boolean timeOfUse() {
            return timeOfUse;
        }

        AccountingDocument.Entry toEntry() {
            Map<String, String> values = new LinkedHashMap<>();
            fields.forEach((k, f) -> values.put(k, f.value.get() == null ? "" : f.value.get()));
            return new AccountingDocument.Entry(values, otherLines, origin);
        }
    }

    private final AccountingActions actions;
    private final Map<String, Field> root = new LinkedHashMap<>();
    private final BooleanProperty shareIdle = new SimpleBooleanProperty(this, "shareIdle", false);
    private final Field shareIdleField = new Field();
    private final ObservableList<EntryForm> sites = FXCollections.observableArrayList();
    private final ObservableList<EntryForm> prices = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper formError = new ReadOnlyStringWrapper(this, "formError", "");
    private final ReadOnlyStringWrapper otherProblems = new ReadOnlyStringWrapper(this, "otherProblems", "");
    private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper(this, "outcome", "");
    private final ReadOnlyStringWrapper saveError = new ReadOnlyStringWrapper(this, "saveError", "");
    private final ReadOnlyStringWrapper fileNotice = new ReadOnlyStringWrapper(this, "fileNotice", "");
    private final ReadOnlyStringWrapper filePath = new ReadOnlyStringWrapper(this, "filePath", "");
    private final ReadOnlyBooleanWrapper editable = new ReadOnlyBooleanWrapper(this, "editable", false);
    private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty", false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final StringProperty raw = new SimpleStringProperty(this, "raw", "");
    private final ObservableList<String> rawProblems = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper rawOutcome = new ReadOnlyStringWrapper(this, "rawOutcome", "");

    private AccountingDocument document = AccountingDocument.parse("");
    /** The file's text the form was read from (null before the first). */
    private String baseText;
    /** The file's text the raw editor started from. */
    private String rawBase = "";

    private boolean loading;
    private boolean rawEdited;

    public AccountingSettingsViewModel(AccountingActions actions) {
        this.actions = actions;
        for (String key : List.of("currency", "timezone", "idle_threshold")) {
            Field f = new Field();
            f.value.addListener((o, a, b) -> edited());
            root.put(key, f);
        }
        shareIdle.addListener((o, a, b) -> edited());
        raw.addListener((o, a, b) -> {
            if (!loading) {
                rawEdited = true;
            }
        });
        actions.configState().addListener((o, a, s) -> onState(s));
        onState(actions.configState().get());
    }

    private void edited() {
        if (!loading) {
            dirty.set(true);
        }
    }

    private void onState(ConfigState s) {
        if (s == null) {
            formError.set("The accounting is starting…");
            editable.set(false);
            return;
        }
        if (!s.available()) {
            formError.set(s.unavailable());
            editable.set(false);
            return;
        }
        filePath.set(s.file().map(Object::toString).orElse(""));
        StringBuilder notice = new StringBuilder();
        if (!s.valid()) {
            notice.append("The file has ")
                    .append(s.problems().size())
                    .append(s.problems().size() == 1 ? " problem" : " problems")
                    .append(" (listed with the raw file below); ")
                    .append(
                            s.inForce().isPresent()
                                    ? "the configuration read"
                                            + s.inForceSince()
                                                    .map(t -> " at " + TIME.format(t.atZone(ZoneId.systemDefault())))
                                                    .orElse("")
                                            + " stays in force until it is fixed."
                                    : "no report is computed until it is fixed.");
        }
        if (baseText == null || (!dirty.get() && !s.fileText().equals(baseText))) {
            load(s.fileText());
            if (editable.get()) {
                showProblems(s.problems(), document.source()); // the file's own problems, beside their fields
            }
        } else if (!s.fileText().equals(baseText)) {
            notice.append(notice.isEmpty() ? "" : " ")
                    .append("The file changed outside this form; Revert reads it again (your edits here are lost).");
        }
        fileNotice.set(notice.toString());
        if (!rawEdited) {
            setRaw(s.fileText());
            rawProblems.setAll(format(s.problems()));
        }
    }

    private void setRaw(String text) {
        loading = true;
        raw.set(text);
        loading = false;
        rawBase = text;
        rawEdited = false;
    }

    /** Fills the form from {@code text}; a text the form cannot read is left to the raw editor. */
    private void load(String text) {
        baseText = text;
        clearErrors();
        try {
            document = AccountingDocument.parse(text);
        } catch (IllegalArgumentException e) {
            formError.set("The form cannot read this file (" + e.getMessage() + "); edit it as text below.");
            editable.set(false);
            return;
        }
        formError.set("");
        loading = true;
        AccountingDocument.Form form = document.form();
        root.forEach((k, f) -> f.value.set(form.root().getOrDefault(k, "")));
        shareIdle.set(Boolean.parseBoolean(form.root().getOrDefault("share_idle", "false")));
        sites.setAll(
                form.sites().stream().map(e -> new EntryForm(Section.SITE, e)).toList());
        prices.setAll(form.prices().stream()
                .map(e -> new EntryForm(Section.ELECTRICITY, e))
                .toList());
        loading = false;
        dirty.set(false);
        editable.set(true);
    }

    private void clearErrors() {
        root.values().forEach(f -> f.error.set(""));
        shareIdleField.error.set("");
        for (EntryForm e : allEntries()) {
            e.error.set("");
            e.fields.values().forEach(f -> f.error.set(""));
        }
        otherProblems.set("");
        saveError.set("");
    }

    private List<EntryForm> allEntries() {
        List<EntryForm> all = new ArrayList<>(sites);
        all.addAll(prices);
        return all;
    }

    // ----------------------------------------------------------------------------------------------- actions

    public void addSite() {
        sites.add(new EntryForm(Section.SITE, new AccountingDocument.Entry(Map.of("pue", "1.0"), List.of(), -1)));
        dirty.set(true);
    }

    public void removeSite(EntryForm site) {
        sites.remove(site);
        dirty.set(true);
    }

    public void addPrice() {
        String currency = root.get("currency").value.get();
        Map<String, String> values = new LinkedHashMap<>();
        if (currency != null && !currency.isBlank()) {
            values.put("currency", currency);
        }
        if (!sites.isEmpty()) {
            values.put("site", sites.getFirst().field("id").value.get());
        }
        prices.add(new EntryForm(Section.ELECTRICITY, new AccountingDocument.Entry(values, List.of(), -1)));
        dirty.set(true);
    }

    public void removePrice(EntryForm price) {
        prices.remove(price);
        dirty.set(true);
    }

    /** Reads the file again, dropping the form's edits. */
    public void revert() {
        ConfigState s = actions.configState().get();
        if (s != null && s.available()) {
            dirty.set(false);
            load(s.fileText());
            outcome.set("");
            fileNotice.set("");
            onState(s);
        }
    }

    /** The form as a document form. */
    private AccountingDocument.Form form() {
        Map<String, String> r = new LinkedHashMap<>();
        root.forEach((k, f) -> r.put(k, f.value.get() == null ? "" : f.value.get()));
        r.put("share_idle", Boolean.toString(shareIdle.get()));
        return new AccountingDocument.Form(
                r,
                sites.stream().map(EntryForm::toEntry).toList(),
                prices.stream().map(EntryForm::toEntry).toList());
    }

    /**
     * Writes the form's text as the accounting file once the accounting has checked it; each problem appears next
     * to its field and nothing is written while there is one.
     */
    public void save() {
        clearErrors();
        outcome.set("");
        boolean ok = true;
        for (EntryForm site : sites) {
            String tokenFile = site.field(TOKEN_FILE).value.get();
            if (tokenFile != null && !tokenFile.isBlank() && !tokenFile.strip().startsWith("/")) {
                // never echo it: it may be the token itself, pasted into the wrong field
                site.field(TOKEN_FILE)
                        .addError("the absolute path of the file that holds the token; the token itself is never"
                                + " written here");
                ok = false;
            }
        }
        if (!ok) {
            saveError.set("Not saved: fix the fields marked in red.");
            return;
        }
        AccountingDocument.Rendered rendered = document.render(form());
        busy.set(true);
        outcome.set("Checking…");
        actions.save(baseText == null ? "" : baseText, rendered.text(), o -> applied(o, rendered));
    }

    private void applied(SaveOutcome o, AccountingDocument.Rendered rendered) {
        busy.set(false);
        clearErrors();
        showProblems(o.problems(), rendered);
        outcome.set(o.message());
        saveError.set(o.error());
        if (o.saved()) {
            dirty.set(false);
            load(rendered.text());
            setRaw(rendered.text());
            rawProblems.clear();
            fileNotice.set("");
        }
    }

    /** Each problem beside its field, or its entry; the rest (parts the form does not edit) listed with lines. */
    private void showProblems(List<ConfigException.Problem> problems, AccountingDocument.Rendered text) {
        List<String> other = new ArrayList<>();
        for (ConfigException.Problem p : problems) {
            Optional<AccountingDocument.Field> f = AccountingDocument.locate(p, text);
            if (f.isEmpty()) {
                other.add(format(p));
            } else if (f.get().section() == Section.ROOT) {
                Field target = f.get().key().equals("share_idle")
                        ? shareIdleField
                        : root.get(f.get().key());
                if (target == null) {
                    other.add(format(p));
                } else {
                    target.addError(p.message());
                }
            } else {
                List<EntryForm> list = f.get().section() == Section.SITE ? sites : prices;
                EntryForm e = list.get(f.get().index());
                Field field = f.get().key().isEmpty() ? null : e.field(f.get().key());
                if (field == null) {
                    e.error.set(e.error.get().isEmpty() ? describe(p) : e.error.get() + "\n" + describe(p));
                } else {
                    field.addError(p.message());
                }
            }
        }
        otherProblems.set(String.join("\n", other));
    }

    private static String describe(ConfigException.Problem p) {
        return (p.field().isEmpty() ? "" : p.field() + ": ") + p.message();
    }

    /** "line 12 · site.pue: a PUE is at least 1.0 …". */
    static String format(ConfigException.Problem p) {
        return (p.line() > 0 ? "line " + p.line() + " · " : "") + describe(p);
    }

    private static List<String> format(List<ConfigException.Problem> problems) {
        return problems.stream().map(AccountingSettingsViewModel::format).toList();
    }

    /** Checks the raw text; its problems, by line, replace the list. */
    public void checkRaw() {
        rawOutcome.set("Checking…");
        actions.validate(raw.get(), problems -> {
            rawProblems.setAll(format(problems));
            rawOutcome.set(problems.isEmpty() ? "No problems." : problems.size() + " problem(s); nothing saved.");
        });
    }

    /** Saves the raw text as the accounting file, when it is valid. */
    public void saveRaw() {
        rawOutcome.set("Checking…");
        String text = raw.get();
        actions.save(rawBase, text, o -> {
            rawProblems.setAll(format(o.problems()));
            rawOutcome.set(String.join(
                    " ",
                    java.util.stream.Stream.of(o.message(), o.error())
                            .filter(t -> !t.isEmpty())
                            .toList()));
            if (o.saved()) {
                rawBase = text;
                rawEdited = false;
                dirty.set(false);
                load(text);
                fileNotice.set("");
            }
        });
    }

    // -------------------------------------------------------------------------------------------- properties

    /** "currency", "timezone" or "idle_threshold". */
    public Field rootField(String key) {
        return root.get(key);
    }

    public BooleanProperty shareIdleProperty() {
        return shareIdle;
    }

    /** Why the idle sharing value is refused. */
    public Field shareIdleField() {
        return shareIdleField;
    }

    public ObservableList<EntryForm> sites() {
        return sites;
    }

    public ObservableList<EntryForm> prices() {
        return prices;
    }

    /** Why the form cannot be used (no accounting yet, or a file the form cannot read); empty when it can. */
    public ReadOnlyStringProperty formErrorProperty() {
        return formError.getReadOnlyProperty();
    }

    /** Problems in parts of the file the form does not edit, with their lines. */
    public ReadOnlyStringProperty otherProblemsProperty() {
        return otherProblems.getReadOnlyProperty();
    }

    /** What the last save did. */
    public ReadOnlyStringProperty outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** Why the last save wrote nothing, or what failed besides. */
    public ReadOnlyStringProperty saveErrorProperty() {
        return saveError.getReadOnlyProperty();
    }

    /** That the file on disk has problems, or changed while the form was being edited. */
    public ReadOnlyStringProperty fileNoticeProperty() {
        return fileNotice.getReadOnlyProperty();
    }

    /** The accounting file's path. */
    public ReadOnlyStringProperty filePathProperty() {
        return filePath.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty editableProperty() {
        return editable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty dirtyProperty() {
        return dirty.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The file as text, editable. */
    public StringProperty rawProperty() {
        return raw;
    }

    /** The raw text's problems, by line (at first those of the file on disk). */
    public ObservableList<String> rawProblems() {
        return rawProblems;
    }

    public ReadOnlyStringProperty rawOutcomeProperty() {
        return rawOutcome.getReadOnlyProperty();
    }
}
