package io.atrion.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * The live dashboard: a static page (HTML, CSS and ES modules, no external resources) that reads
 * an {@link AtrionStreamServlet} and shows every route: R(t) with its break and recovery points,
 * scar, mode, admitted and shed requests per tier, and a sortable list with sparklines that
 * renders only the rows in view (a service with thousands of routes stays responsive).
 *
 * <p>Map it beside the stream, with a trailing {@code /*}: the page looks for the stream at
 * {@code ../stream} relative to itself (or at the URL in its {@code ?stream=} parameter).
 * <pre>{@code
 * servletContext.addServlet("atrion-dashboard", new AtrionDashboardServlet()).addMapping("/atrion/dashboard/*");
 * servletContext.addServlet("atrion-stream", stream).addMapping("/atrion/stream");   // async
 * }</pre>
 * The files are on the class path too ({@link DashboardFiles}), for other servers
 * ({@code ./atrion dashboard URL} serves them the same way).
 */
public final class AtrionDashboardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            // Without the trailing slash the page's relative URLs (../stream, dashboard.js) would miss.
            String query = request.getQueryString();
            response.sendRedirect(request.getRequestURI() + "/" + (query == null ? "" : "?" + query));
            return;
        }
        String name = path.equals("/") ? "index.html" : path.substring(1);
        String type = DashboardFiles.contentType(name);
        if (type == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (InputStream in = DashboardFiles.open(name)) {
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            byte[] body = in.readAllBytes();
            response.setContentType(type);
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
