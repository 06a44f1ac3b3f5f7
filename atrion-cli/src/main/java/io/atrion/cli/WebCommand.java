package io.atrion.cli;

import io.atrion.web.WebServer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code atrion web [--port N]}: serves the browser demo and the parity page (module atrion-web:
 * the physics core compiled to WebAssembly and JavaScript by TeaVM) on 127.0.0.1 with the JDK's
 * HTTP server, printing the URL, until the process is stopped.
 */
final class WebCommand {

    static final int DEFAULT_PORT = 8787;

    private WebCommand() {
    }

    /** Parses the options and starts the server; null (after a message on {@code stderr}) when it cannot. */
    static WebServer start(List<String> args, PrintStream stdout, PrintStream stderr) {
        int port = DEFAULT_PORT;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value;
            if (a.startsWith("--port=")) {
                value = a.substring("--port=".length());
            } else if (a.equals("--port") && i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                stderr.println("atrion web: unknown argument " + a + " (usage: atrion web [--port N])");
                return null;
            }
            try {
                port = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                stderr.println("atrion web: --port must be 0..65535 (0 picks a free port), got " + value);
                return null;
            }
        }
        WebServer server;
        try {
            server = WebServer.start(port);
        } catch (IOException e) {
            stderr.println("atrion web: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage()
                    + " (try --port 0)");
            return null;
        } catch (IllegalStateException e) {
            stderr.println("atrion web: " + e.getMessage());
            return null;
        }
        stdout.println("atrion web: demo at " + server.uri() + "  (parity check: " + server.uri()
                + "parity.html); Ctrl-C stops");
        stdout.flush();
        return server;
    }
}
