package io.gridscope.history;

import java.nio.file.Path;

/**
 * Something the user must be told about that happened while opening the store, e.g. a corrupt database that was
 * moved aside and replaced by an empty one.
 *
 * @param movedAside where the unreadable file now lives
 * @param message    a sentence for the user
 */
public record OpenWarning(Path movedAside, String message) {}
