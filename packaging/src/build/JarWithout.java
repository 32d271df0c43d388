import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Copies a jar without the entries under the given directories (package time, run as a source file:
 * {@code java JarWithout.java IN OUT DIR/ [DIR/ ...]}). The packages use it to drop the native libraries of other
 * platforms from sqlite-jdbc and JNA: the Linux x86-64 ones are installed beside the jars and loaded from there.
 * Entries keep their order, times and compression; the jar must have lost at least one entry, else it fails (a
 * library that moved its natives would otherwise ship them silently).
 */
public final class JarWithout {
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: JarWithout IN OUT DIR/ [DIR/ ...]");
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int dropped = 0;
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(in));
                ZipOutputStream zout = new ZipOutputStream(Files.newOutputStream(out))) {
            for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                if (dropped(e.getName(), args)) {
                    dropped++;
                    continue;
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                zout.putNextEntry(copy);
                zin.transferTo(zout);
                zout.closeEntry();
            }
        }
        if (dropped == 0) {
            throw new IllegalStateException(in + " has no entry under " + String.join(", ", java.util.List.of(args).subList(2, args.length)));
        }
        System.err.println("JarWithout: " + in.getFileName() + ": " + dropped + " entries left out");
    }

    private static boolean dropped(String name, String[] args) {
        for (int i = 2; i < args.length; i++) {
            if (name.startsWith(args[i]) && !name.equals(args[i])) {
                return true;
            }
        }
        return false;
    }
}
