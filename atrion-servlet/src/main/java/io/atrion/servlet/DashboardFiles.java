package io.atrion.servlet;

import java.io.InputStream;
import java.util.Map;

/**
 * The dashboard page's files on the class path, for any server: {@link AtrionDashboardServlet}
 * serves them in a servlet container, {@code ./atrion dashboard} with the JDK's HTTP server. No
 * servlet types here, so this class loads without the Servlet API.
 */
public final class DashboardFiles {

    /** Class-path folder of the page's files. */
    public static final String RESOURCE_DIR = "io/atrion/servlet/dashboard/";

    /** The page's files and their content types; nothing else is served. */
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html;charset=UTF-8",
            "dashboard.css", "text/css;charset=UTF-8",
            "dashboard.js", "text/javascript;charset=UTF-8",
            "charts.js", "text/javascript;charset=UTF-8");

    private DashboardFiles() {
    }

    /** The content type of one of the page's files, or null for any other name. */
    public static String contentType(String name) {
        return TYPES.get(name);
    }

    /** One of the page's files (e.g. {@code index.html}), or null for any other name. */
    public static InputStream open(String name) {
        if (!TYPES.containsKey(name)) {
            return null;
        }
        return DashboardFiles.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name);
    }
}
