package io.gridscope.console.ui.reports;

import io.gridscope.console.fx.SaveDialog;
import io.gridscope.reports.document.ExportFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.stage.Window;

/** Asks where an export goes and in which format (FX thread); tests answer it themselves. */
@FunctionalInterface
public interface ExportDialog {
    /** Where to write and as what. */
    record Target(Path file, ExportFormat format) {}

    /**
     * @param formats the formats offered, in order
     * @param selected the one offered first
     * @param folder where the dialog opens (the last export's folder)
     * @param fileName the name each format is offered under
     * @return empty when the user cancelled
     */
    Optional<Target> choose(
            Window owner,
            List<ExportFormat> formats,
            ExportFormat selected,
            Optional<Path> folder,
            Function<ExportFormat, String> fileName);

    /** The desktop's save dialog, one file type per format. */
    static ExportDialog saveDialog() {
        return (owner, formats, selected, folder, fileName) -> {
            int first = Math.max(0, formats.indexOf(selected));
            return SaveDialog.show(
                            owner,
                            "Export the report",
                            folder,
                            fileName.apply(formats.get(first)),
                            formats.stream()
                                    .map(f -> new SaveDialog.FileType(describe(f), f.extension()))
                                    .toList(),
                            first)
                    .map(c -> new Target(c.file(), formats.get(c.type())));
        };
    }

    /** "PDF", "Excel workbook", "FOCUS cost and usage CSV". */
    static String describe(ExportFormat f) {
        return switch (f) {
            case CSV -> "CSV";
            case XLSX -> "Excel workbook";
            case PDF -> "PDF";
            case JSON -> "JSON";
            case FOCUS -> "FOCUS cost and usage CSV";
            case TABLE -> "Text";
        };
    }
}
