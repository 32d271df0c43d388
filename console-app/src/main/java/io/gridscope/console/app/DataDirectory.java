package io.gridscope.console.app;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Makes sure a directory can hold Gridscope's files, with one-line errors a user can act on. */
public final class DataDirectory {
    private DataDirectory() {}

    /**
     * Creates {@code dir} (and parents) if needed and proves it writable by creating and deleting a probe file.
     *
     * @throws UserFacingException with exit code {@link ExitCodes#IO} when it is a file, cannot be created, or is
     *     not writable
     */
    public static Path prepare(Path dir, String what) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new UserFacingException(what + " " + abs + " is a file, not a directory", ExitCodes.IO);
        }
        try {
            Files.createDirectories(abs);
        } catch (FileAlreadyExistsException e) {
            throw new UserFacingException(
                    what + " " + abs + " cannot be created: " + e.getFile() + " is a file, not a directory",
                    ExitCodes.IO,
                    e);
        } catch (AccessDeniedException e) {
            throw new UserFacingException(what + " " + abs + " cannot be created: permission denied", ExitCodes.IO, e);
        } catch (FileSystemException e) {
            throw new UserFacingException(what + " " + abs + " cannot be created: " + reason(e), ExitCodes.IO, e);
        } catch (IOException e) {
            throw new UserFacingException(what + " " + abs + " cannot be created: " + e.getMessage(), ExitCodes.IO, e);
        }
        try {
            Path probe = Files.createTempFile(abs, ".gridscope-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new UserFacingException(what + " " + abs + " is not writable: " + reason(e), ExitCodes.IO, e);
        }
        return abs;
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse) {
            if (fse.getReason() != null) {
                return fse.getReason().toLowerCase(java.util.Locale.ROOT);
            }
            return "the file system refused (" + e.getClass().getSimpleName() + ")";
        }
        return String.valueOf(e.getMessage());
    }
}
