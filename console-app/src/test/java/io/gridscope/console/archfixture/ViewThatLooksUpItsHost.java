package io.gridscope.console.archfixture;

import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.LiveBackend;
import java.time.Clock;

/**
 * Not a view: what {@code ArchitectureTest} must refuse, a class built on the FX thread whose constructor builds a
 * live backend, and so looks up the host's name and reads a file.
 */
public final class ViewThatLooksUpItsHost {
    private final LiveBackend backend;

    public ViewThatLooksUpItsHost(AppPaths paths) {
        this.backend = new LiveBackend(paths, Clock.systemUTC());
    }

    public String host() {
        return backend.hostName();
    }
}
