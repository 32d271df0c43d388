/**
 * Where typed secrets are kept, as the console shows it: {@link io.gridscope.console.ui.secrets.SecretsViewModel}
 * (the stores available, the encrypted file's passphrase, forgetting), its part of the Settings page ({@link
 * io.gridscope.console.ui.secrets.SecretsSection}), and the source actions that read a source's secret from its store
 * before the data path uses it ({@link io.gridscope.console.ui.secrets.ResolvingSourceActions}).
 */
package io.gridscope.console.ui.secrets;
