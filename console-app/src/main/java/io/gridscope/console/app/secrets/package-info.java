/**
 * Where typed secrets (Prometheus sources' bearer tokens and basic-auth passwords) are kept between runs: nowhere
 * ({@link io.gridscope.console.app.secrets.SessionSecretStore}, memory only), the desktop's Secret Service over
 * D-Bus ({@link io.gridscope.console.app.secrets.SecretServiceStore}: GNOME Keyring, KWallet), or an AES-256-GCM
 * file in the config directory ({@link io.gridscope.console.app.secrets.EncryptedFileSecretStore}). Settings hold
 * only a {@link io.gridscope.console.app.secrets.SecretRef} (store and key), never a secret. Every call here may
 * block on I/O or a key derivation: never on the FX thread.
 */
package io.gridscope.console.app.secrets;
