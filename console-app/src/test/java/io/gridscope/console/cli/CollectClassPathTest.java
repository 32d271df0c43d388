package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code collect} runs on a shorter class path than the console: launcher.conf's {@code collect.without} leaves off
 * JavaFX, ControlsFX and the document libraries, and a class of those jars that {@code collect} loaded would stop it
 * with a {@link NoClassDefFoundError}. Static references are what the JVM can load, so this proves none is reachable
 * (reflection and service lookups aside: no Gridscope class names a class of those jars in a string, and the kept
 * libraries' service files name their own):
 * <ul>
 *   <li>Gridscope's production classes reachable from {@link CollectCommand} through the classes they name (calls,
 *       fields, signatures, supertypes, annotations, lambdas) name no class of a left-off jar;</li>
 *   <li>{@code Main} and {@link GridscopeCommand}, which run before it, name none directly;</li>
 *   <li>no class of a library kept on {@code collect}'s class path names one.</li>
 * </ul>
 * The runtime class path is the one the build wrote to {@code target/runtime-classpath.txt}.
 */
class CollectClassPathTest {
    private static final Path CONF = Path.of("src/main/launcher/launcher.conf");
    private static final Path RUNTIME_CLASSPATH = Path.of("target/runtime-classpath.txt");
    /** Type names in descriptors and signatures: {@code Ljavafx/scene/Node;}, {@code Ljava/util/List<...>;}. */
    private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L([\\w/$]+)[;<]");

    private static final List<Path> leftOff = new ArrayList<>();
    private static final List<Path> keptLibraries = new ArrayList<>();
    /** The packages (internal form) of the left-off jars that no kept jar or Gridscope module also holds. */
    private static final Set<String> leftOffPackages = new HashSet<>();
    /** Gridscope's production classes (internal names) and where their bytes are. */
    private static final Map<String, Path> gridscope = new HashMap<>();

    @BeforeAll
    static void readClassPaths() throws IOException {
        List<PathMatcher> without = Files.readAllLines(CONF).stream()
                .filter(l -> l.startsWith("collect.without="))
                .map(l -> FileSystems.getDefault().getPathMatcher("glob:" + l.substring("collect.without=".length())))
                .toList();
        assertThat(without).as("collect.without lines in " + CONF).isNotEmpty();
        List<Path> runtime = Stream.of(
                        Files.readString(RUNTIME_CLASSPATH).strip().split(java.io.File.pathSeparator))
                .map(Path::of)
                .toList();
        Set<String> keptPackages = new HashSet<>();
        List<Path> gridscopeEntries = new ArrayList<>(List.of(Path.of("target/classes")));
        for (Path entry : runtime) {
            String name = entry.getFileName().toString();
            if (without.stream().anyMatch(m -> m.matches(Path.of(name)))) {
                leftOff.add(entry);
                leftOffPackages.addAll(packagesOf(entry));
            } else if (name.startsWith("gridscope-") || Files.isDirectory(entry)) {
                gridscopeEntries.add(entry);
                keptPackages.addAll(packagesOf(entry));
            } else {
                keptLibraries.add(entry);
                keptPackages.addAll(packagesOf(entry));
            }
        }
        leftOffPackages.removeAll(keptPackages);
        for (Path entry : gridscopeEntries) {
            forEachClass(entry, (name, bytes) -> {
                if (name.startsWith("io/gridscope/")) {
                    gridscope.put(name, entry);
                }
            });
        }
        assertThat(leftOff)
                .as("jars left off collect's class path")
                .anyMatch(p -> p.getFileName().toString().startsWith("javafx-graphics"))
                .anyMatch(p -> p.getFileName().toString().startsWith("poi-ooxml"))
                .anyMatch(p -> p.getFileName().toString().startsWith("pdfbox-"));
        assertThat(leftOffPackages)
                .contains("javafx/scene", "org/apache/poi/xssf/usermodel", "org/apache/pdfbox/pdmodel");
        assertThat(keptLibraries)
                .as("libraries kept")
                .anyMatch(p -> p.getFileName().toString().startsWith("sqlite-jdbc"))
                .anyMatch(p -> p.getFileName().toString().startsWith("oshi-core"));
        assertThat(gridscope).containsKey("io/gridscope/console/cli/CollectCommand");
    }

    @Test
    void nothingCollectReachesNamesAClassOfAJarItRunsWithout() throws IOException {
        Map<String, String> reachedFrom = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add("io/gridscope/console/cli/CollectCommand");
        reachedFrom.put("io/gridscope/console/cli/CollectCommand", "");
        List<String> problems = new ArrayList<>();
        while (!queue.isEmpty()) {
            String cls = queue.poll();
            for (String ref : references(classBytes(cls))) {
                if (leftOffPackages.contains(packageOf(ref))) {
                    problems.add(path(reachedFrom, cls) + " -> " + ref);
                } else if (gridscope.containsKey(ref) && !reachedFrom.containsKey(ref)) {
                    reachedFrom.put(ref, cls);
                    queue.add(ref);
                }
            }
        }
        assertThat(problems)
                .as("classes of left-off jars named on collect's paths")
                .isEmpty();
        // the walk went through the collectors, the history, alerting and the accounting file
        assertThat(reachedFrom.keySet())
                .anyMatch(c -> c.startsWith("io/gridscope/collectors/"))
                .anyMatch(c -> c.startsWith("io/gridscope/history/"))
                .anyMatch(c -> c.startsWith("io/gridscope/alerts/"))
                .contains("io/gridscope/reports/config/AccountingFile");
        // and not into the console's windows or the report writers, which do name them
        assertThat(reachedFrom.keySet()).noneMatch(c -> c.startsWith("io/gridscope/console/ui/"));
    }

    @Test
    void whatRunsBeforeCollectNamesNoneDirectly() throws IOException {
        for (String cls : List.of("io/gridscope/console/Main", "io/gridscope/console/cli/GridscopeCommand")) {
            assertThat(references(classBytes(cls))).as(cls).noneMatch(ref -> leftOffPackages.contains(packageOf(ref)));
        }
    }

    @Test
    void noLibraryKeptOnCollectsClassPathNamesAClassOfAJarLeftOff() throws IOException {
        Set<String> problems = new TreeSet<>();
        int[] classes = {0};
        for (Path jar : keptLibraries) {
            forEachClass(jar, (name, bytes) -> {
                classes[0]++;
                for (String ref : references(bytes)) {
                    if (leftOffPackages.contains(packageOf(ref))) {
                        problems.add(jar.getFileName() + ": " + name + " -> " + ref);
                    }
                }
            });
        }
        assertThat(classes[0]).as("classes read from the kept libraries").isGreaterThan(1000);
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheckSeesAReferenceToALeftOffJar() throws IOException {
        // the console's window names JavaFX: the same reading finds it
        assertThat(references(classBytes("io/gridscope/console/ui/GridscopeApp")))
                .anyMatch(ref -> leftOffPackages.contains(packageOf(ref)));
    }

    /** Every class a class file names: its constant pool's classes and the types in its descriptors and signatures. */
    static Set<String> references(byte[] bytes) {
        ClassModel model = ClassFile.of().parse(bytes);
        Set<String> refs = new HashSet<>();
        for (PoolEntry e : model.constantPool()) {
            if (e instanceof ClassEntry c) {
                String n = c.asInternalName();
                if (n.startsWith("[")) {
                    Matcher m = DESCRIPTOR_TYPE.matcher(n);
                    while (m.find()) {
                        refs.add(m.group(1));
                    }
                } else {
                    refs.add(n);
                }
            } else if (e instanceof Utf8Entry u) {
                String s = u.stringValue();
                if (s.indexOf(';') >= 0) {
                    Matcher m = DESCRIPTOR_TYPE.matcher(s);
                    while (m.find()) {
                        refs.add(m.group(1));
                    }
                }
            }
        }
        return refs;
    }

    private static byte[] classBytes(String name) throws IOException {
        Path entry = gridscope.get(name);
        assertThat(entry).as(name).isNotNull();
        if (Files.isDirectory(entry)) {
            return Files.readAllBytes(entry.resolve(name + ".class"));
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            return jar.getInputStream(jar.getEntry(name + ".class")).readAllBytes();
        }
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }

    private static String path(Map<String, String> reachedFrom, String cls) {
        List<String> chain = new ArrayList<>();
        for (String c = cls; !c.isEmpty(); c = reachedFrom.get(c)) {
            chain.addFirst(c.substring(c.lastIndexOf('/') + 1));
        }
        return String.join(" -> ", chain);
    }

    private static Set<String> packagesOf(Path entry) {
        Set<String> packages = new HashSet<>();
        forEachClass(entry, (name, bytes) -> packages.add(packageOf(name)), false);
        return packages;
    }

    interface ClassVisitor {
        void visit(String internalName, byte[] bytes);
    }

    private static void forEachClass(Path entry, ClassVisitor visitor) {
        forEachClass(entry, visitor, true);
    }

    /** Every class of a jar or directory (multi-release versions and module descriptors left out). */
    private static void forEachClass(Path entry, ClassVisitor visitor, boolean readBytes) {
        try {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> files = Files.walk(entry)) {
                    for (Path f :
                            files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        String name = entry.relativize(f).toString().replace('\\', '/');
                        if (!name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
                            visitor.visit(
                                    name.substring(0, name.length() - 6), readBytes ? Files.readAllBytes(f) : null);
                        }
                    }
                }
            } else if (Files.isRegularFile(entry)) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    for (var e : java.util.Collections.list(jar.entries())) {
                        String name = e.getName();
                        if (name.endsWith(".class")
                                && !name.startsWith("META-INF/")
                                && !name.endsWith("module-info.class")) {
                            visitor.visit(
                                    name.substring(0, name.length() - 6),
                                    readBytes ? jar.getInputStream(e).readAllBytes() : null);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(entry.toString(), e);
        }
    }
}
