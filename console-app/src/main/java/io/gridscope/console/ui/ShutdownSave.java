package io.gridscope.console.ui;

import io.gridscope.console.app.UiSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Saves the console's settings when the JVM shuts down without the window being closed (SIGTERM, logout): the
 * settings the FX thread last published, so the window's size and place, page, range and theme survive. Runs on
 * the shutdown hook's thread; it neither touches the FX thread nor waits on it. Disarmed once the window has closed
 * normally and the launcher has saved.
 */
final class ShutdownSave implements Runnable {
    private final Supplier<Optional<UiSettings>> published;
    private final Path configDir;
    private final AtomicBoolean armed = new AtomicBoolean(true);

    /**
     * @param published the settings the FX thread last published (a copy it no longer changes), if any
     * @param configDir where they are written
     */
    ShutdownSave(Supplier<Optional<UiSettings>> published, Path configDir) {
        this.published = published;
        this.configDir = configDir;
    }

    /** After this the hook does nothing: the launcher saved the settings itself. */
    void disarm() {
        armed.set(false);
    }

    @Override
    public void run() {
        if (!armed.getAndSet(false)) {
            return;
        }
        Optional<UiSettings> latest = published.get();
        if (latest.isEmpty()) {
            return;
        }
        try {
            latest.get().save(configDir);
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(ShutdownSave.class)
                    .warn("cannot save console settings in {} at shutdown: {}", configDir, e.getMessage());
        }
    }
}
