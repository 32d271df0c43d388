package io.gridscope.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for a test that needs something the machine may lack (a peer binary, gcc, the shared test data):
 * on a developer's machine the test is skipped with the reason; under {@code CI=true} it fails, so CI can never pass
 * by skipping.
 */
public final class Requirements {
    private Requirements() {}

    /** True when the environment variable {@code CI} is {@code true} (any case). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Ends the calling test because {@code why} is missing: a failure under CI, an aborted (skipped) test elsewhere.
     * Never returns normally.
     *
     * <p>Call it before any {@code assertThatThrownBy}/{@code assertThrows} block, never inside one: the abort is an
     * exception and would be taken for the expected one.
     */
    public static AssertionError unavailable(String why) {
        if (inCi()) {
            fail(why + " (required under CI=true)");
        }
        Assumptions.abort(why + " (skipped outside CI)");
        throw new AssertionError("unreachable");
    }
}
