/**
 * Where typed secrets are kept, as the console shows it: {@link io.gridscope.console.ui.secrets.SecretsViewModel}
 * (the stores available, the encrypted file's passphrase, reading a source's stored secret, forgetting) and its part
 * of the Settings page ({@link io.gridscope.console.ui.secrets.SecretsSection}). Shared by the Sources and Settings
 * pages; depends on no page.
 */
package io.gridscope.console.ui.secrets;
