package io.gridscope.console.ui;

import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.ui.secrets.SecretsViewModel;
import io.gridscope.console.ui.sources.SourceActions;
import java.util.function.Consumer;

/**
 * Source actions that first read a source's secret from its store (the keyring, the encrypted file) off the FX
 * thread, then hand the source to the data path; a secret that cannot be read is the action's failure. Keeps the
 * keyring's unlock prompt off the data path's thread.
 */
final class ResolvingSourceActions implements SourceActions {
    private final SourceActions delegate;
    private final SecretsViewModel secrets;

    ResolvingSourceActions(SourceActions delegate, SecretsViewModel secrets) {
        this.delegate = delegate;
        this.secrets = secrets;
    }

    @Override
    public void test(SourceSpec source, Consumer<String> result) {
        secrets.resolve(source, s -> delegate.test(s, result), why -> result.accept("Failed: " + why));
    }

    @Override
    public void add(SourceSpec source, Consumer<String> result) {
        secrets.resolve(source, s -> delegate.add(s, result), result);
    }

    @Override
    public void remove(String id) {
        delegate.remove(id);
    }
}
