package io.gridscope.console.ui.sources;

import io.gridscope.console.app.SourceSpec;
import java.util.function.Consumer;

/** What the Sources page asks of the data path; results come back on the FX thread. */
public interface SourceActions {
    /** Scrapes once; {@code result} gets "OK: …" or "Failed: …". */
    void test(SourceSpec source, Consumer<String> result);

    /** Starts scraping; {@code result} gets "" or why it could not. */
    void add(SourceSpec source, Consumer<String> result);

    void remove(String id);
}
