package io.gridscope.console.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gridscope.collectors.prometheus.scrape.ScrapePreset;
import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.SourceAuth;
import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.app.UserFacingException;
import io.gridscope.model.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ./gridscope sources list|add|remove}: the Prometheus sources saved in {@code ui.properties}, as the console's
 * Sources page saves them, for machines without a display. A source is checked as the page's form checks it
 * ({@link SourceSpec#validate}, {@link SourceAuth#validate}); a secret is only ever read from a file.
 */
@Command(
        name = "sources",
        mixinStandardHelpOptions = true,
        description = {
            "List, add and remove the Prometheus sources.",
            "An exporter is scraped into the history by collect and the console; a Prometheus server is queried "
                    + "by the console."
        },
        subcommands = {SourcesCommand.ListSources.class, SourcesCommand.Add.class, SourcesCommand.Remove.class},
        footer = {
            "",
            "Sources are saved in $XDG_CONFIG_HOME/gridscope/ui.properties, as the",
            "console's Sources page saves them. collect and the console read them when",
            "they start: restart a running collect to apply a change.",
            "A console that is open now keeps its own list and writes it back when it",
            "closes or changes page, undoing a change made here: close it first.",
            "A token or password is never taken on the command line: it is read from a",
            "file, of which only the path is saved."
        })
public final class SourcesCommand implements Callable<Integer> {
    /**
     * Printed on stderr after every change: a console keeps the settings it read at start and writes them all back
     * (closing, changing page), and nothing tells reliably whether one is open ({@code CollectorLock} says who
     * collects into a data directory, not who has the settings open).
     */
    static final String CONSOLE_NOTE = "gridscope: note: a console that is open now keeps its own list and writes it "
            + "back when it closes or changes page, undoing this change: close it, then run this again";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("gridscope: sources needs a command: list, add or remove");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** Where the sources are saved: the console's configuration directory. */
    static Path configDir() {
        return AppPaths.fromEnvironment().configDir();
    }

    /** The saved settings; a file that exists but cannot be read is an error, never an empty list. */
    static UiSettings read(Path configDir) {
        try {
            return UiSettings.read(configDir);
        } catch (IOException e) {
            throw new UserFacingException(e.getMessage(), ExitCodes.IO, e);
        }
    }

    static void save(UiSettings settings, Path configDir) {
        try {
            settings.save(configDir);
        } catch (IOException e) {
            throw new UserFacingException(
                    "cannot write " + configDir.resolve(UiSettings.FILE_NAME) + ": " + e.getMessage(), ExitCodes.IO, e);
        }
    }

    static String type(SourceSpec s) {
        return s.type() == SourceSpec.Type.EXPORTER ? "exporter" : "server";
    }

    static String preset(ScrapePreset.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** How the source authenticates, without its secret: a file path at most. */
    static String auth(SourceAuth a) {
        String secret = a.secretFile()
                .map(f -> "file " + f)
                .orElse("typed in the console, not saved: enter it again there or use a file");
        return switch (a.kind()) {
            case NONE -> "none";
            case BEARER -> "bearer (" + secret + ")";
            case BASIC -> "basic " + a.username() + " (" + secret + ")";
        };
    }

    /** {@code sources list}: the saved sources as a table, or as JSON. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the saved Prometheus sources: id, type (exporter or server), URL, preset, interval "
                    + "and authentication (never a secret).")
    static final class ListSources implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print one JSON array instead of a table.")
        boolean json;

        @Override
        public Integer call() throws JsonProcessingException {
            UiSettings settings = read(configDir());
            List<SourceSpec> sources = SourceSpec.loadAll(settings);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                List<Map<String, Object>> list = new ArrayList<>();
                sources.forEach(s -> list.add(json(s)));
                out.println(new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(list));
            } else if (sources.isEmpty()) {
                out.println("No sources.");
            } else {
                table(sources, out);
            }
            out.flush();
            for (String key : settings.keys()) {
                if (!key.startsWith("source.") || !key.endsWith(".url")) {
                    continue;
                }
                String id = key.substring("source.".length(), key.length() - ".url".length());
                if (settings.get(key).filter(u -> !u.isBlank()).isPresent()
                        && sources.stream().noneMatch(s -> s.id().equals(id))) {
                    spec.commandLine()
                            .getErr()
                            .println("gridscope: warning: saved source " + id + " is not valid and is ignored by "
                                    + "collect and the console; remove it with: gridscope sources remove " + id);
                }
            }
            return ExitCodes.OK;
        }

        private static void table(List<SourceSpec> sources, PrintWriter out) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "TYPE", "URL", "PRESET", "INTERVAL", "AUTH"});
            for (SourceSpec s : sources) {
                rows.add(new String[] {
                    s.id(),
                    type(s),
                    s.url().toString(),
                    s.type() == SourceSpec.Type.EXPORTER ? preset(s.preset()) : "-",
                    Durations.format(s.interval()),
                    auth(s.auth()) + (s.insecureSkipTlsVerify() ? "  [TLS not verified]" : "")
                });
            }
            int[] width = new int[rows.get(0).length];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    width[i] = Math.max(width[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length - 1; i++) {
                    line.append(row[i]).append(" ".repeat(width[i] - row[i].length() + 2));
                }
                out.println(line.append(row[row.length - 1]));
            }
        }

        private static Map<String, Object> json(SourceSpec s) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("type", type(s));
            m.put("url", s.url().toString());
            m.put("preset", s.type() == SourceSpec.Type.EXPORTER ? preset(s.preset()) : null);
            m.put("interval", Durations.format(s.interval()));
            Map<String, Object> auth = new LinkedHashMap<>();
            auth.put("kind", s.auth().kind().name().toLowerCase(Locale.ROOT));
            if (s.auth().kind() == SourceAuth.Kind.BASIC) {
                auth.put("username", s.auth().username());
            }
            if (s.auth().kind() != SourceAuth.Kind.NONE) {
                auth.put("secretFile", s.auth().secretFile().map(Path::toString).orElse(null));
            }
            m.put("auth", auth);
            m.put("insecureSkipTlsVerify", s.insecureSkipTlsVerify());
            return m;
        }
    }

    /** {@code sources add}: a source checked as the console's form checks it, then saved. */
    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Save a Prometheus source: an exporter's /metrics URL, scraped into the history by collect and the "
                        + "console, or with --server a Prometheus server the console queries.",
                "Checked as the console's Sources page checks it; each problem is printed with its option "
                        + "(exit 2). An ID that is saved already is refused (exit 1) unless --replace is given."
            },
            footer = {
                "",
                "Examples:",
                "  ./gridscope sources add node7 http://10.0.0.7:9100/metrics",
                "  ./gridscope sources add gpu7 http://10.0.0.7:9400/metrics --preset dcgm",
                "  ./gridscope sources add prom https://prom.example:9090 --server \\",
                "      --bearer-token-file /etc/gridscope/prom.token",
                "",
                "collect and the console read the sources when they start: restart a",
                "running collect to apply a change. A console that is open now keeps its",
                "own list and writes it back when it closes or changes page, undoing a",
                "change made here: close it first."
            })
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(
                index = "0",
                paramLabel = "ID",
                description = "The source's name: 1-64 letters, digits, '.', '_' or '-'.")
        String id;

        @Parameters(
                index = "1",
                paramLabel = "URL",
                description = "An exporter's metrics URL, or with --server the Prometheus server's URL (http or "
                        + "https, no credentials in it).")
        String url;

        @Option(
                names = "--server",
                description = "URL is a Prometheus server to query (its hosts' history stays there), not an "
                        + "exporter to scrape.")
        boolean server;

        @Option(
                names = "--preset",
                paramLabel = "PRESET",
                converter = PresetConverter.class,
                description = "How an exporter's samples become Gridscope series: node_exporter (default), "
                        + "dcgm_exporter, or raw (every sample as it is). Exporters only.")
        ScrapePreset.Kind preset;

        @Option(
                names = "--interval",
                paramLabel = "DURATION",
                defaultValue = "15s",
                description = "How often it is scraped or queried, at least 1s (default: 15s).")
        String interval;

        @Option(
                names = "--insecure-skip-tls-verify",
                description = "Over https, accept any certificate (self-signed, another host name).")
        boolean insecure;

        @Option(
                names = "--bearer-token-file",
                paramLabel = "FILE",
                description = "Authenticate with the bearer token on the first line of FILE (an absolute path; "
                        + "only the path is saved, the file is read at each use).")
        String bearerTokenFile;

        @Option(
                names = "--basic-auth",
                paramLabel = "USER",
                description = "Authenticate as USER with HTTP basic authentication; the password comes from "
                        + "--password-file.")
        String basicUser;

        @Option(
                names = "--password-file",
                paramLabel = "FILE",
                description = "The password for --basic-auth, on the first line of FILE (an absolute path; only "
                        + "the path is saved).")
        String passwordFile;

        @Option(names = "--replace", description = "Replace the saved source of the same ID.")
        boolean replace;

        @Override
        public Integer call() {
            SourceAuth.Kind kind = SourceAuth.Kind.NONE;
            String user = "";
            String file = "";
            String fileOption = "";
            if (bearerTokenFile != null) {
                kind = SourceAuth.Kind.BEARER;
                file = bearerTokenFile;
                fileOption = "--bearer-token-file";
            } else if (basicUser != null) {
                kind = SourceAuth.Kind.BASIC;
                user = basicUser;
                file = passwordFile == null ? "" : passwordFile;
                fileOption = "--password-file";
            }
            List<String> problems = problems(kind, user, file, fileOption);
            if (!problems.isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                problems.forEach(p -> err.println("gridscope: " + p));
                err.println("Try '" + spec.qualifiedName() + " --help' for more information.");
                err.flush();
                return ExitCodes.USAGE;
            }
            SourceSpec source = SourceSpec.of(
                    id,
                    server ? SourceSpec.Type.PROMETHEUS_SERVER : SourceSpec.Type.EXPORTER,
                    url,
                    preset != null ? preset : ScrapePreset.Kind.NODE_EXPORTER,
                    interval,
                    SourceAuth.of(kind, user, "", file),
                    insecure);
            Path dir = configDir();
            UiSettings settings = read(dir);
            boolean existed = SourceSpec.isSaved(settings, source.id());
            if (existed && !replace) {
                throw new UserFacingException(
                        "a source named " + source.id() + " is saved already"
                                + SourceSpec.loadAll(settings).stream()
                                        .filter(s -> s.id().equals(source.id()))
                                        .findFirst()
                                        .map(s -> " (" + type(s) + " " + s.url() + ")")
                                        .orElse("")
                                + ": give --replace to replace it",
                        ExitCodes.FAILURE);
            }
            SourceSpec.removeFrom(settings, source.id());
            source.storeInto(settings);
            save(settings, dir);
            PrintWriter out = spec.commandLine().getOut();
            out.println((existed ? "Replaced" : "Added") + " source " + source.id() + ": " + describe(source) + ".");
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            Optional<Path> secretFile = source.auth().secretFile();
            if (secretFile.isPresent()
                    && !(Files.isRegularFile(secretFile.get()) && Files.isReadable(secretFile.get()))) {
                err.println("gridscope: warning: " + fileOption + " " + secretFile.get() + " is not a file this user "
                        + "can read now; the source fails to authenticate until it is");
            }
            err.println(CONSOLE_NOTE);
            err.flush();
            return ExitCodes.OK;
        }

        /** Every problem, one line each, named after its option: what the console's form would refuse, and more. */
        private List<String> problems(SourceAuth.Kind kind, String user, String file, String fileOption) {
            List<String> problems = new ArrayList<>();
            Map<String, String> errors = SourceSpec.validate(id, url, interval);
            errors.putAll(SourceAuth.validate(kind, user, "", file));
            if (errors.containsKey("id")) {
                problems.add("ID '" + id + "': " + errors.get("id"));
            }
            if (errors.containsKey("url")) {
                problems.add("URL: " + errors.get("url").replaceFirst("^URL ", ""));
            }
            if (errors.containsKey("interval")) {
                problems.add("--interval '" + interval + "': " + errors.get("interval"));
            }
            if (server && preset != null) {
                problems.add("--preset: for an exporter only (a server's series are read by their names)");
            }
            if (bearerTokenFile != null && basicUser != null) {
                problems.add("--bearer-token-file and --basic-auth: give one of them, not both");
            } else if (passwordFile != null && basicUser == null) {
                problems.add("--password-file: goes with --basic-auth USER");
            }
            if (errors.containsKey("username")) {
                problems.add("--basic-auth: " + errors.get("username"));
            }
            if (errors.containsKey("secret")) {
                String what = kind == SourceAuth.Kind.BASIC ? "password" : "token";
                if (kind == SourceAuth.Kind.BASIC && passwordFile == null) {
                    problems.add("--password-file: needed with --basic-auth, a file holding the password (a secret "
                            + "is never taken on the command line)");
                } else if (file.isBlank()) {
                    problems.add(fileOption + ": empty; give the absolute path of a file holding the " + what);
                } else {
                    problems.add(fileOption + ": " + errors.get("secret").replaceFirst("^the secret file ", ""));
                }
            }
            return problems;
        }

        private static String describe(SourceSpec s) {
            return (s.type() == SourceSpec.Type.EXPORTER
                            ? "exporter " + s.url() + ", preset " + preset(s.preset()) + ", scraped"
                            : "Prometheus server " + s.url() + ", queried")
                    + " every " + Durations.format(s.interval()) + ", auth " + auth(s.auth())
                    + (s.insecureSkipTlsVerify() ? ", TLS not verified" : "");
        }
    }

    /** {@code sources remove ID}: every saved key of the source; its history stays. */
    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = {
                "Forget a saved source: every setting of it is removed. What it collected stays in the history.",
                "An ID that is not saved is an error (exit 1)."
            },
            footer = {
                "",
                "collect and the console read the sources when they start: restart a",
                "running collect to apply a change. A console that is open now keeps its",
                "own list and writes it back when it closes or changes page, undoing a",
                "change made here: close it first."
            })
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "The source to remove (see: gridscope sources list).")
        String id;

        @Override
        public Integer call() {
            Path dir = configDir();
            UiSettings settings = read(dir);
            if (!SourceSpec.isSaved(settings, id)) {
                List<String> saved = SourceSpec.loadAll(settings).stream()
                        .map(SourceSpec::id)
                        .toList();
                throw new UserFacingException(
                        "no source named " + id + " in " + dir.resolve(UiSettings.FILE_NAME)
                                + (saved.isEmpty()
                                        ? " (no sources are saved)"
                                        : " (saved: " + String.join(", ", saved) + ")"),
                        ExitCodes.FAILURE);
            }
            Optional<SourceSpec> removed = SourceSpec.loadAll(settings).stream()
                    .filter(s -> s.id().equals(id))
                    .findFirst();
            SourceSpec.removeFrom(settings, id);
            save(settings, dir);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Removed source " + id
                    + removed.map(s -> " (" + type(s) + " " + s.url() + ")").orElse("")
                    + (removed.map(s -> s.type() == SourceSpec.Type.PROMETHEUS_SERVER)
                                    .orElse(false)
                            ? "; its history stays on the server."
                            : "; what it collected stays in the history."));
            out.flush();
            spec.commandLine().getErr().println(CONSOLE_NOTE);
            spec.commandLine().getErr().flush();
            return ExitCodes.OK;
        }
    }

    /** {@code --preset}: node_exporter, dcgm_exporter or raw, in any case, with '-' or '_', or node and dcgm. */
    static final class PresetConverter implements ITypeConverter<ScrapePreset.Kind> {
        @Override
        public ScrapePreset.Kind convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT).replace('-', '_');
            return switch (v) {
                case "node", "node_exporter" -> ScrapePreset.Kind.NODE_EXPORTER;
                case "dcgm", "dcgm_exporter" -> ScrapePreset.Kind.DCGM_EXPORTER;
                case "raw" -> ScrapePreset.Kind.RAW;
                default ->
                    throw new TypeConversionException(
                            "'" + value + "' is not a preset: node_exporter, dcgm_exporter or raw");
            };
        }
    }
}
