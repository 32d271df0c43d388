package io.gridscope.console.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Exactly one process collects into a data directory and evaluates its alert rules: the one holding the operating
 * system's lock on {@value #FILE_NAME} there. {@code ./gridscope collect} refuses to start when another process
 * holds it; the console, finding it held (a {@code collect} service on the same directory), opens as a viewer of
 * what that process stores: history, alerts, and on-call actions that the collecting process applies. The lock goes
 * with the process (kill -9 included); the file's text only says who holds it.
 */
public final class CollectorLock implements AutoCloseable {
    public static final String FILE_NAME = "collector.lock";

    /** Who holds the lock, as its file says. */
    public record Holder(long pid, String role, Instant since) {
        @Override
        public String toString() {
            return role + " (pid " + pid + ", since " + since + ")";
        }
    }

    /**
     * The lock files this JVM holds, by real path. The operating system's file locks belong to the process, and
     * closing any channel of the file releases them all (see {@link FileLock}): this JVM must never open and close the
     * file while it holds the lock, neither to try again nor to read who holds it.
     */
    private static final Map<Path, CollectorLock> HELD = new HashMap<>();

    private final Path key;
    private final Holder holder;
    private final FileChannel channel;
    private final FileLock lock;

    private CollectorLock(Path key, Holder holder, FileChannel channel, FileLock lock) {
        this.key = key;
        this.holder = holder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock for {@code role} ("console", "collect"); empty when another process (or this one) holds it.
     *
     * @throws IOException when the file cannot be created or locked at all
     */
    public static Optional<CollectorLock> tryAcquire(Path dataDir, String role) throws IOException {
        Path key = dataDir.toRealPath().resolve(FILE_NAME);
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                return Optional.empty();
            }
            FileChannel ch =
                    FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            if (l == null) {
                ch.close();
                return Optional.empty();
            }
            Holder holder = new Holder(ProcessHandle.current().pid(), role, Instant.now());
            byte[] text =
                    (holder.pid() + " " + holder.role() + " " + holder.since() + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(text), 0);
                ch.force(false);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            CollectorLock lock = new CollectorLock(key, holder, ch, l);
            HELD.put(key, lock);
            return Optional.of(lock);
        }
    }

    /** Who holds the lock, from its file; empty when the file is missing or unreadable. */
    public static Optional<Holder> holder(Path dataDir) {
        try {
            synchronized (HELD) {
                CollectorLock own = HELD.get(dataDir.toRealPath().resolve(FILE_NAME));
                if (own != null) {
                    return Optional.of(own.holder); // reading the file would release the lock
                }
            }
            String[] parts = Files.readString(dataDir.resolve(FILE_NAME), StandardCharsets.UTF_8)
                    .strip()
                    .split(" ");
            if (parts.length < 3) {
                return Optional.empty();
            }
            return Optional.of(new Holder(Long.parseLong(parts[0]), parts[1], Instant.parse(parts[2])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        synchronized (HELD) {
            if (!HELD.remove(key, this)) {
                return; // closed before
            }
            release();
        }
    }

    private void release() {
        try {
            lock.release();
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(CollectorLock.class).warn("releasing {}: {}", FILE_NAME, e.toString());
        }
        try {
            channel.close();
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(CollectorLock.class).warn("closing {}: {}", FILE_NAME, e.toString());
        }
    }
}
