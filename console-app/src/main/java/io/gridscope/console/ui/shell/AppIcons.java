package io.gridscope.console.ui.shell;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/**
 * Gridscope's app icon, {@code io/gridscope/console/icons/gridscope-SIZE.png} on the class path in the sizes of
 * {@link #SIZES}. A size that is not there is left out, and with none there the window has the desktop's default icon
 * and the About box no picture. The images load in the background: the FX thread reads no file.
 */
public final class AppIcons {
    static final List<Integer> SIZES = List.of(16, 32, 48, 64, 128, 256);
    static final String FOLDER = "/io/gridscope/console/icons/";

    private final String folder;

    private AppIcons(String folder) {
        this.folder = folder;
    }

    /** The icons the build packaged. */
    public static AppIcons packaged() {
        return in(FOLDER);
    }

    /** The icons in a class-path folder ({@code /a/b/}), named {@code gridscope-SIZE.png}. */
    public static AppIcons in(String folder) {
        return new AppIcons(folder);
    }

    /** The icon of {@code size} pixels, loading in the background; empty when the build has no such icon. */
    public Optional<Image> image(int size) {
        return url(size).map(u -> new Image(u, size, size, true, true, true));
    }

    /** Sets every icon there is as the window's icons, once all of them have loaded (none that failed to). */
    public void installOn(Stage stage) {
        List<Image> images = new ArrayList<>();
        for (int size : SIZES) {
            url(size).ifPresent(u -> images.add(new Image(u, true)));
        }
        if (images.isEmpty()) {
            return;
        }
        boolean[] installed = {false};
        Runnable install = () -> {
            if (!installed[0] && images.stream().allMatch(i -> i.getProgress() >= 1 || i.isError())) {
                installed[0] = true;
                List<Image> loaded = images.stream().filter(i -> !i.isError()).toList();
                if (!loaded.isEmpty()) {
                    stage.getIcons().setAll(loaded);
                }
            }
        };
        for (Image i : images) {
            i.progressProperty().addListener((o, a, p) -> install.run());
            i.errorProperty().addListener((o, a, e) -> install.run());
        }
        install.run();
    }

    private Optional<String> url(int size) {
        URL url = AppIcons.class.getResource(folder + "gridscope-" + size + ".png");
        return Optional.ofNullable(url).map(URL::toExternalForm);
    }
}
