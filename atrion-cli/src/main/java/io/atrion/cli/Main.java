package io.atrion.cli;

import io.atrion.Engine;
import io.atrion.lab.LabCommand;
import io.atrion.web.WebServer;
import java.io.BufferedWriter;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Entry point of the {@code ./atrion} command. */
public final class Main {

    static final String USAGE = String.join("\n",
            "usage: atrion <command> [options]",
            "",
            "commands:",
            "  lab [SCENARIO] [--policy P] [--out DIR]        the wind tunnel: Atrion and Resilience4j through the",
            "                                                 same storms on virtual time (atrion lab --help)",
            "  replay [--engine auto|fast|reference] FILE|-   replay a JSON Lines trace (SPEC.md section 8)",
            "  web [--port N]                                 serve the browser demo on 127.0.0.1 (default port "
                    + WebCommand.DEFAULT_PORT + ")",
            "  dashboard URL [--port N]                       the live dashboard of a service's Atrion stream, on",
            "                                                 127.0.0.1 (default port " + DashboardCommand.DEFAULT_PORT + ")",
            "  fleet --redis URI [--nodes N]                  N instances in separate JVMs sharing one route through",
            "                                                 Redis; one sees its dependency fail (atrion fleet --help)",
            "  help                                           show this text",
            "");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs a command and returns its exit code; for tests. */
    static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        if (args.length == 0) {
            stderr.print(USAGE);
            return 2;
        }
        String command = args[0];
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        switch (command) {
            case "lab":
                return LabCommand.run(rest, stdout, stderr);
            case "replay":
                return replay(rest, stdin, stdout, stderr);
            case "web":
                return web(rest, stdout, stderr);
            case "dashboard":
                return serve(DashboardCommand.start(rest, stdout, stderr));
            case "fleet":
                return FleetCommand.run(rest, stdout, stderr);
            case "help":
            case "--help":
            case "-h":
                stdout.print(USAGE);
                return 0;
            default:
                stderr.print("atrion: unknown command '" + command + "'\n" + USAGE);
                return 2;
        }
    }

    private static int web(List<String> args, PrintStream stdout, PrintStream stderr) {
        WebServer server = WebCommand.start(args, stdout, stderr);
        if (server == null) {
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "atrion-web-stop"));
        try {
            Thread.currentThread().join(); // serve until the process is stopped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        return 0;
    }

    private static int serve(AutoCloseable server) {
        if (server == null) {
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }, "atrion-stop"));
        try {
            Thread.currentThread().join(); // serve until the process is stopped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int replay(List<String> args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        Engine engine = null;
        String file = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--engine") || a.startsWith("--engine=")) {
                String value;
                if (a.startsWith("--engine=")) {
                    value = a.substring("--engine=".length());
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    stderr.println("atrion replay: --engine needs a value: auto, fast or reference");
                    return 2;
                }
                try {
                    engine = Engine.parse(value);
                } catch (IllegalArgumentException e) {
                    stderr.println("atrion replay: " + e.getMessage());
                    return 2;
                }
            } else if (a.startsWith("--")) {
                stderr.println("atrion replay: unknown option " + a + "\n" + USAGE);
                return 2;
            } else if (file == null) {
                file = a;
            } else {
                stderr.println("atrion replay: one input only, got '" + file + "' and '" + a + "'");
                return 2;
            }
        }
        if (file == null) {
            stderr.println("atrion replay: missing input: a FILE, or - for standard input\n" + USAGE);
            return 2;
        }
        InputStream in;
        try {
            in = file.equals("-") ? stdin : new FileInputStream(file);
        } catch (FileNotFoundException e) {
            stderr.println("atrion replay: cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        try (InputStream input = in) {
            Writer out = new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), 1 << 16);
            return new ReplayCommand(engine).run(input, out, stderr);
        } catch (UnsupportedOperationException e) {
            stderr.println("atrion replay: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            stderr.println("atrion replay: " + e.getMessage());
            return 2;
        }
    }
}
