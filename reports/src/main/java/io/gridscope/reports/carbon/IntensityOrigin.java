package io.gridscope.reports.carbon;

/**
 * The kind of setting an intensity came from, in the order {@link IntensityResolver} tries them: the first that is
 * set and has a value for the hour wins.
 */
public enum IntensityOrigin {
    /** A live provider's hourly value, as cached in the history ({@link IntensityCache}). */
    PROVIDER,
    /** A CSV profile the user imported ({@link IntensityProfile}). */
    PROFILE,
    /** A fixed value the user typed. */
    FIXED,
    /** The shipped annual average of the site's zone ({@link BuiltInIntensities}). */
    BUILT_IN,
    /** The world average, used only when nothing else gives a value: a fallback, and reports say so. */
    WORLD_AVERAGE
}
