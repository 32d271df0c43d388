package io.gridscope.reports.config;

/** Where an entry was written: the line of its section header in the accounting file (0 when built in code). */
public interface Located {
    int line();
}
