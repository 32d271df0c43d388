package io.gridscope.alerts.rules;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The team's Alertmanager, from the {@code [alertmanager]} table of the rules file: where it is, whether Gridscope
 * pushes its own alerts there and reads the fleet's, and where the credentials are (files only: a secret is never
 * written in the rules file).
 */
public record AlertmanagerTarget(
        URI url,
        boolean push,
        boolean read,
        Optional<Path> bearerTokenFile,
        Optional<String> basicUser,
        Optional<Path> basicPasswordFile,
        Duration pushInterval) {}
