package io.atrion.spring.autoconfigure;

import io.atrion.servlet.AtrionFilter;
import io.atrion.servlet.TierCounters;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * The filter the starter registers: atrion-servlet's {@link AtrionFilter} unchanged, plus the
 * per-tier count of each guarded request (admitted when the rest of the chain ran, shed when the
 * filter answered 503 without calling it) for the stream and the dashboard.
 */
final class AtrionServletFilter implements Filter {

    private final AtrionFilter filter;
    private final RouteNamer routes;
    private final TierCounters tiers;

    AtrionServletFilter(AtrionFilter filter, RouteNamer routes, TierCounters tiers) {
        this.filter = filter;
        this.routes = routes;
        this.tiers = tiers;
    }

    /** The wrapped filter (its invalid-header count, voltage parsing, Retry-After estimate). */
    AtrionFilter filter() {
        return filter;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (tiers == null || !(req instanceof HttpServletRequest request) || req.getDispatcherType() != DispatcherType.REQUEST) {
            filter.doFilter(req, res, chain);
            return;
        }
        String route = routes.apply(request);
        if (route == null) {
            chain.doFilter(req, res);
            return;
        }
        boolean[] ran = new boolean[1];
        try {
            filter.doFilter(req, res, (rq, rs) -> {
                ran[0] = true;
                chain.doFilter(rq, rs);
            });
        } finally {
            tiers.record(route, voltage(request), ran[0]);
        }
    }

    /** The request's voltage as the filter reads it, without counting an invalid header twice. */
    private double voltage(HttpServletRequest request) {
        String header = request.getHeader(filter.voltageHeader());
        if (header == null || header.isBlank()) {
            return filter.defaultVoltage();
        }
        try {
            double v = filter.atrion().parseVoltage(header);
            return Double.isFinite(v) && v >= 0 ? v : filter.defaultVoltage();
        } catch (IllegalArgumentException invalid) {
            return filter.defaultVoltage();
        }
    }
}
