package io.gridscope.reports.accounting;

import java.util.Locale;

/** What a report's rows are. */
public enum GroupBy {
    TEAM,
    PROJECT,
    USER,
    HOST,
    GPU,
    SITE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Groups of people (not hardware): idle time is a group of its own or shared among them. */
    public boolean byOwner() {
        return this == TEAM || this == PROJECT || this == USER;
    }

    public static GroupBy parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("group by team, project, user, host, gpu or site; got " + s);
        }
    }
}
