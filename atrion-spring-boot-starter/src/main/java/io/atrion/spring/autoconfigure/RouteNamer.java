package io.atrion.spring.autoconfigure;

import io.atrion.servlet.AtrionFilter;
import io.atrion.spring.AtrionProperties.RouteNaming;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Names a request's route for the filter: {@code "GET /orders/{id}"} from the Spring MVC handler
 * that will serve it (the pattern, so ids in URLs do not create routes), or AtrionFilter's
 * method and servlet path. Requests under the excluded prefixes (the actuator's base path among
 * them) and requests no handler serves get null: they pass unguarded. The name is computed once
 * per request and kept in a request attribute.
 *
 * <p>The handler is looked up by asking each of the application's {@link HandlerMapping}s in the
 * dispatcher's order — before the dispatcher runs, because the filter must decide first. The lookup works on a wrapper whose attribute writes stay local, so the real
 * dispatch starts from a clean request.
 */
final class RouteNamer implements Function<HttpServletRequest, String> {

    /** Request attribute holding the computed route id ("" for unguarded). */
    static final String ATTRIBUTE = RouteNamer.class.getName() + ".route";

    private static final Set<String> STANDARD_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    private final RouteNaming naming;
    private final List<String> excludedPrefixes;
    private final ObjectProvider<HandlerMapping> mappingBeans;
    /** The application's handler mappings in the dispatcher's order, looked up on first use. */
    private volatile List<HandlerMapping> mappings;

    RouteNamer(RouteNaming naming, List<String> excludedPrefixes, ObjectProvider<HandlerMapping> mappingBeans) {
        this.naming = naming;
        this.excludedPrefixes = List.copyOf(excludedPrefixes);
        this.mappingBeans = mappingBeans;
    }

    @Override
    public String apply(HttpServletRequest request) {
        Object cached = request.getAttribute(ATTRIBUTE);
        if (cached instanceof String s) {
            return s.isEmpty() ? null : s;
        }
        String route = name(request);
        request.setAttribute(ATTRIBUTE, route == null ? "" : route);
        return route;
    }

    private String name(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        for (String prefix : excludedPrefixes) {
            if (path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")) {
                return null;
            }
        }
        if (naming == RouteNaming.SERVLET_PATH) {
            return AtrionFilter.methodAndServletPath(request);
        }
        List<HandlerMapping> all = mappings;
        if (all == null) {
            // The dispatcher detects every HandlerMapping bean and sorts them by order; so do we.
            all = mappingBeans.orderedStream().toList();
            mappings = all;
        }
        if (all.isEmpty()) {
            return AtrionFilter.methodAndServletPath(request);
        }
        String method = STANDARD_METHODS.contains(request.getMethod()) ? request.getMethod() : "OTHER";
        for (HandlerMapping mapping : all) {
            LocalAttributes probe = new LocalAttributes(request);
            try {
                if (mapping.usesPathPatterns()) {
                    ServletRequestPathUtils.parseAndCache(probe);
                }
                HandlerExecutionChain chain = mapping.getHandler(probe);
                if (chain != null) {
                    Object pattern = probe.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
                    return pattern == null ? null : method + " " + pattern;
                }
            } catch (Exception noMatch) {
                // e.g. a media type no handler produces: the dispatcher will answer it; try the next mapping
            }
        }
        return null;
    }

    /** The request with attribute writes kept on the side (reads fall through to the request). */
    private static final class LocalAttributes extends HttpServletRequestWrapper {
        private final Map<String, Object> local = new HashMap<>();
        private final Set<String> removed = new HashSet<>();

        LocalAttributes(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Object getAttribute(String name) {
            if (local.containsKey(name)) {
                return local.get(name);
            }
            return removed.contains(name) ? null : super.getAttribute(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            if (value == null) {
                removeAttribute(name);
                return;
            }
            local.put(name, value);
            removed.remove(name);
        }

        @Override
        public void removeAttribute(String name) {
            local.remove(name);
            removed.add(name);
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            Set<String> names = new HashSet<>(Collections.list(super.getAttributeNames()));
            names.removeAll(removed);
            names.addAll(local.keySet());
            return Collections.enumeration(names);
        }
    }
}
