package io.gridscope.console.fx;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The desktop's save dialog (JavaFX's {@link FileChooser}), in the terms view code may use: paths, not {@code
 * java.io.File}s (which the view packages keep out, see {@code ArchitectureTest}). It runs on the FX thread as every
 * modal dialog does; the folder it opens in is the only file it looks at (the dialog itself lists folders, as any
 * file dialog does).
 */
public final class SaveDialog {
    /** A kind of file offered: "PDF" with its extension "pdf". */
    public record FileType(String description, String extension) {
        public FileType {
            Objects.requireNonNull(description);
            Objects.requireNonNull(extension);
        }
    }

    /** What was chosen: the file and the index of its type among those offered. */
    public record Choice(Path file, int type) {}

    private SaveDialog() {}

    /**
     * Asks where to save.
     *
     * @param folder where the dialog opens; one that is no longer a folder is passed over
     * @param selected the index of the type selected first
     * @return the file chosen, with the extension of its type added when it has none; empty when the user cancelled
     */
    public static Optional<Choice> show(
            Window owner, String title, Optional<Path> folder, String fileName, List<FileType> types, int selected) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(fileName);
        for (FileType t : types) {
            chooser.getExtensionFilters()
                    .add(new FileChooser.ExtensionFilter(
                            t.description() + " (*." + t.extension() + ")", "*." + t.extension()));
        }
        chooser.setSelectedExtensionFilter(chooser.getExtensionFilters().get(selected));
        folder.ifPresent(f -> chooser.setInitialDirectory(f.toFile()));
        File file;
        try {
            file = chooser.showSaveDialog(owner);
        } catch (IllegalArgumentException notAFolder) {
            // JavaFX refuses an initial folder that has gone since it was remembered
            chooser.setInitialDirectory(null);
            file = chooser.showSaveDialog(owner);
        }
        if (file == null) {
            return Optional.empty();
        }
        int type = Math.max(0, chooser.getExtensionFilters().indexOf(chooser.getSelectedExtensionFilter()));
        return Optional.of(new Choice(file.toPath().resolveSibling(named(file.getName(), types, type)), type));
    }

    /**
     * {@code name} with the extension of the type chosen: added where it has none, and in place of another offered
     * type's (the name was offered for the type first selected; choosing another type in the dialog changes what is
     * written). An extension no type has is left as it was typed.
     */
    static String named(String name, List<FileType> types, int type) {
        String wanted = types.get(type).extension();
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return name + "." + wanted;
        }
        String ext = name.substring(dot + 1);
        boolean offered = types.stream().anyMatch(t -> t.extension().equalsIgnoreCase(ext));
        return offered && !ext.equalsIgnoreCase(wanted) ? name.substring(0, dot + 1) + wanted : name;
    }
}
