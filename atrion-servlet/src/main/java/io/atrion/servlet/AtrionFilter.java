package io.atrion.servlet;

import io.atrion.Atrion;
import io.atrion.RouteDecision;
import io.atrion.Ticker;
import io.atrion.VoltageTier;
import io.atrion.WorkloadProfile;
import io.atrion.guard.AtrionRejectedException;
import io.atrion.guard.GuardConfig;
import io.atrion.guard.GuardRegistry;
import io.atrion.guard.Permit;
import io.atrion.guard.RouteGuard;
import io.atrion.lease.Lease;
import io.atrion.lease.LeaseOutcome;
import io.atrion.lease.TaskOptions;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * A Jakarta Servlet 6 filter that admits or sheds each HTTP request through Atrion and feeds the
 * outcome back as telemetry, through the route's {@link RouteGuard} (permit API).
 *
 * <pre>{@code
 * Atrion atrion = Atrion.builder().build();
 * AtrionFilter filter = AtrionFilter.builder(atrion)
 *         .guardConfig(GuardConfig.builder().limits(500, 0.25).build()) // trauma above 500 ms or 25 % errors
 *         .defaultVoltage(VoltageTier.NORMAL)
 *         .build();
 * servletContext.addFilter("atrion", filter)
 *         .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
 * }</pre>
 *
 * <h2>Per request</h2>
 * <ol>
 *   <li><b>Route.</b> The {@linkplain Builder#routeId route-id function} maps the request to a
 *       route id; by default {@link #methodAndServletPath} gives e.g. {@code "GET /orders"}. A
 *       function that returns null or an empty string lets the request through unguarded (for
 *       health checks, say).</li>
 *   <li><b>Voltage.</b> Read from the {@linkplain Builder#voltageHeader voltage header}
 *       ({@value #DEFAULT_VOLTAGE_HEADER} by default): a number or a tier name
 *       on the instance's ladder (SPEC §2.8, anchored on R_base; with the default physics
 *       {@code critical} 100, {@code high} 50, {@code normal} 20, {@code low} 15, {@code bulk} 12;
 *       case-insensitive, see {@link Atrion#parseVoltage}). A request without the header, or
 *       with a blank one, gets the {@linkplain Builder#defaultVoltage default voltage}. A header
 *       that is not a finite number &ge; 0 or a tier name (e.g. {@code "urgent"}, {@code "-3"},
 *       {@code "NaN"}) also gets the default voltage: the request is neither failed nor rejected
 *       for it, and {@link #invalidVoltageHeaders()} counts it. The header says how important a
 *       request is, so set it at a trusted edge (gateway, service mesh) and strip it from
 *       untrusted clients, who would otherwise all claim {@code critical}.</li>
 *   <li><b>Admission.</b> {@link RouteGuard#acquirePermission(double)}: the guard's decision on
 *       the route (a physics update with its telemetry averages when one is due, see
 *       {@link RouteGuard}). When the route sheds the request, the filter
 *       answers {@code 503 Service Unavailable} at once, without calling the rest of the chain,
 *       with a {@code Retry-After} header (see {@link #retryAfterSeconds}), {@code Cache-Control:
 *       no-store}, and a JSON body such as
 *       {@code {"route":"GET /orders","reason":"circuit_open","mode":"CIRCUIT_BREAKER","resistance":143.2,"retryAfterSeconds":9}}
 *       ({@code reason} is {@code circuit_open} or {@code insufficient_voltage}).</li>
 *   <li><b>Telemetry.</b> Otherwise the chain runs, timed with the Atrion instance's ticker. When
 *       it returns, the response status decides the outcome: {@link RouteGuard#onError} when the
 *       {@linkplain Builder#errorStatus error-status predicate} holds (5xx by default), else
 *       {@link RouteGuard#onSuccess}. Anything the chain throws — an exception, an undeclared
 *       checked exception, an {@link Error}, any {@link Throwable} — is recorded with
 *       {@link RouteGuard#onThrowable} (the guard's {@link GuardConfig#isError} decides, an error
 *       by default) in a {@code finally}, and rethrown as it is: the request's permit always ends.</li>
 * </ol>
 *
 * <h2>Asynchronous requests</h2>
 * When the chain returns with {@link ServletRequest#isAsyncStarted()} true, the filter
 * registers an {@link AsyncListener} and records the request when it completes: latency up to
 * completion, the final status; a timeout or an async error counts as an error. The permit is
 * released exactly once. Register the filter with {@code asyncSupported} true when servlets
 * behind it go asynchronous.
 *
 * <p>With {@link Builder#asyncLeases(WorkloadProfile)}, an asynchronous request also holds a
 * {@link Lease} of its route for its lifetime (SPEC §4): started when the chain returns with
 * async started, released when the request completes (COMPLETED, or FAILED for an error status, an
 * async error or the container's async timeout). The lease is alive while the request is (the
 * scheduler heartbeats it), and the application may report progress through the request attribute
 * {@value #LEASE_ATTRIBUTE}. A request still open at the profile's maximum duration is ended: its
 * lease times out (scarring the route 1.5·σ·multiplier), and the lease's cancellation answers
 * {@code 503} (if nothing was committed yet) and completes the async context.
 *
 * <h2>Dispatches</h2>
 * Only {@link DispatcherType#REQUEST} dispatches are guarded; FORWARD, INCLUDE, ASYNC and ERROR
 * dispatches pass straight through, so a request is counted once however it is dispatched.
 * Non-HTTP requests pass through too.
 *
 * <h2>Guards</h2>
 * Route guards come from the instance's {@link Atrion#guards() registry}, created with the
 * filter's {@linkplain Builder#guardConfig guard settings} when given (limits, capacity, probe
 * interval, probe voltage floor), else with the registry's. While a route sheds every request
 * the guard lets one through as a probe per probe interval (if its voltage is at least the probe
 * floor, 0 V by default: any caller); that is how a route heals once the application recovers. Probes are
 * served, so the decision counters (and the Micrometer metrics) count them as admitted: they equal
 * the responses clients saw.
 *
 * <p>Thread-safe; one instance serves all requests. Construct it in code and register it with
 * {@code ServletContext.addFilter(name, filter)} (or your framework's filter registration).
 */
public final class AtrionFilter implements Filter {

    /** The header the voltage is read from unless configured: {@value}. */
    public static final String DEFAULT_VOLTAGE_HEADER = "X-Atrion-Voltage";

    /** The default {@link Builder#maxRetryAfterSeconds}: {@value}. */
    public static final long DEFAULT_MAX_RETRY_AFTER_SECONDS = 30;

    /** The request attribute holding an async request's {@link Lease} (see {@link Builder#asyncLeases}). */
    public static final String LEASE_ATTRIBUTE = "io.atrion.lease";

    private static final Set<String> STANDARD_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    private final Atrion atrion;
    /** Monotonic: a request's duration is an interval, not a date. */
    private final Ticker ticker;
    private final GuardRegistry guards;
    private final Function<? super HttpServletRequest, String> routeId;
    private final String voltageHeader;
    private final double defaultVoltage;
    private final IntPredicate errorStatus;
    private final long maxRetryAfterSeconds;
    /** Null: the registry's settings for each route. */
    private final GuardConfig guardConfig;
    private final LongAdder invalidVoltageHeaders = new LongAdder();
    /** Null: async requests hold no lease. */
    private final WorkloadProfile asyncLeaseProfile;
    private final LongAdder asyncLeasesRefused = new LongAdder();

    private AtrionFilter(Builder b) {
        this.atrion = b.atrion;
        this.ticker = b.atrion.ticker();
        this.guards = b.guards == null ? b.atrion.guards() : b.guards;
        this.routeId = b.routeId;
        this.voltageHeader = b.voltageHeader;
        this.defaultVoltage = b.defaultVoltage == null ? b.atrion.defaultVoltage() : b.defaultVoltage;
        this.errorStatus = b.errorStatus;
        this.maxRetryAfterSeconds = b.maxRetryAfterSeconds;
        this.guardConfig = b.guardConfig;
        this.asyncLeaseProfile = b.asyncLeaseProfile;
    }

    /** A filter with every default over {@code atrion}. */
    public static AtrionFilter of(Atrion atrion) {
        return builder(atrion).build();
    }

    /** A builder of a filter over {@code atrion}. */
    public static Builder builder(Atrion atrion) {
        return new Builder(atrion);
    }

    /**
     * The default route id: the HTTP method, a space, and the path of the servlet mapping that
     * matched, without the context path — bounded by the number of servlet mappings, so that
     * user-controlled URLs cannot create routes without limit:
     * <ul>
     *   <li>path mapping {@code /orders/*}: the servlet path, {@code "GET /orders"} for
     *       {@code /orders/42};</li>
     *   <li>exact mapping {@code /health}: {@code "GET /health"};</li>
     *   <li>context root, and the default servlet {@code /}: {@code "GET /"} (every path the
     *       default servlet serves is one route: a framework's dispatcher servlet mapped at
     *       {@code /} needs its own {@linkplain Builder#routeId route-id function} with path
     *       templates);</li>
     *   <li>extension mapping {@code *.jsp}: the pattern, {@code "GET *.jsp"}.</li>
     * </ul>
     * Methods outside GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH are named
     * {@code OTHER}, for the same reason.
     */
    public static String methodAndServletPath(HttpServletRequest request) {
        String method = request.getMethod();
        if (method == null || !STANDARD_METHODS.contains(method)) {
            method = "OTHER";
        }
        HttpServletMapping mapping = request.getHttpServletMapping();
        MappingMatch match = mapping == null ? null : mapping.getMappingMatch();
        String path;
        if (match == MappingMatch.DEFAULT || match == MappingMatch.CONTEXT_ROOT) {
            path = "/";
        } else if (match == MappingMatch.EXTENSION) {
            path = mapping.getPattern();
        } else {
            path = request.getServletPath(); // PATH and EXACT (and a container that reports no mapping)
        }
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        return method + " " + path;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)
                || req.getDispatcherType() != DispatcherType.REQUEST) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String route = routeId.apply(request);
        if (route == null || route.isEmpty()) {
            chain.doFilter(req, res);
            return;
        }
        RouteGuard guard = guardConfig == null ? guards.guard(route) : guards.guard(route, guardConfig);
        double voltage = voltageOf(request);
        long startNanos = ticker.nanoTime();
        Permit permit;
        try {
            permit = guard.acquirePermission(voltage);
        } catch (AtrionRejectedException shed) {
            reject(response, guard, shed.decision(), voltage);
            return;
        }
        Outcome outcome = new Outcome(guard, permit, startNanos, response);
        boolean async = false;
        Throwable thrown = null;
        try {
            chain.doFilter(req, res);
            if (request.isAsyncStarted()) {
                AsyncContext context = request.getAsyncContext();
                if (asyncLeaseProfile != null) {
                    outcome.lease = startLease(route, voltage, request, context);
                }
                context.addListener(outcome);
                async = true; // the listener ends the permit (and the lease)
            }
        } catch (Throwable t) {
            thrown = t; // anything, an undeclared checked exception included: recorded, then rethrown as is
            throw t;
        } finally {
            if (thrown != null) {
                outcome.failed(thrown);
            } else if (!async) {
                outcome.completed();
            }
        }
    }

    /**
     * The lease of an async request, or null when the route refused it (the request goes on: it
     * was admitted; the refusal is counted in {@link #asyncLeasesRefused()}).
     */
    private Lease startLease(String route, double voltage, HttpServletRequest request, AsyncContext context) {
        HttpServletResponse response = (HttpServletResponse) context.getResponse();
        try {
            Lease lease = atrion.startTask(route, TaskOptions.builder().profile(asyncLeaseProfile).voltage(voltage)
                    .heartbeatWhileRunning(true).onCancel(() -> {
                        try {
                            if (!response.isCommitted()) {
                                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                            }
                        } finally {
                            context.complete();
                        }
                    }).build());
            request.setAttribute(LEASE_ATTRIBUTE, lease);
            return lease;
        } catch (AtrionRejectedException | IllegalArgumentException | IllegalStateException refused) {
            asyncLeasesRefused.increment();
            return null;
        }
    }

    /** Async requests that ran without a lease because the route refused to start one. */
    public long asyncLeasesRefused() {
        return asyncLeasesRefused.sum();
    }

    /**
     * The voltage of a request: its header parsed, or the default voltage when the header is
     * absent, blank or invalid (see the class documentation).
     */
    public double voltageOf(HttpServletRequest request) {
        String header = request.getHeader(voltageHeader);
        if (header == null || header.isBlank()) {
            return defaultVoltage;
        }
        try {
            double v = atrion.parseVoltage(header);
            if (Double.isFinite(v) && v >= 0) {
                return v;
            }
        } catch (IllegalArgumentException notAVoltage) {
            // fall through: counted and replaced by the default
        }
        invalidVoltageHeaders.increment();
        return defaultVoltage;
    }

    /** Requests whose voltage header was present but invalid (they got the default voltage). */
    public long invalidVoltageHeaders() {
        return invalidVoltageHeaders.sum();
    }

    /** The Atrion instance this filter admits through. */
    public Atrion atrion() {
        return atrion;
    }

    /** The header the voltage is read from. */
    public String voltageHeader() {
        return voltageHeader;
    }

    /** The voltage of requests without a (valid) voltage header. */
    public double defaultVoltage() {
        return defaultVoltage;
    }

    /**
     * The {@code Retry-After} of a shed request of {@code voltage}, in whole seconds, in [1,
     * maxRetryAfterSeconds]: {@link RouteGuard#retryAfterMillis} rounded up — the time, if the
     * application is healthy from now on, for the route's scar to decay far enough:
     * <ul>
     *   <li>{@code insufficient_voltage}: until R_base + S &lt; V, ln(S / (V − R_base)) / λ, so 1
     *       when the shedding comes from the current load rather than from scar;</li>
     *   <li>{@code circuit_open}: until the breaker can close, ln(S / max(σ, recoveryPoint − R_base)) / λ,
     *       and not before the guard's next probe may start.</li>
     * </ul>
     * When decay alone cannot get there (λ = 0, or V ≤ R_base), the maximum. It is an estimate: if
     * the application is still failing, closing takes longer.
     */
    public long retryAfterSeconds(RouteDecision decision, RouteGuard guard, double voltage) {
        return seconds(guard.retryAfterMillis(decision, voltage), maxRetryAfterSeconds);
    }

    /** Milliseconds to whole seconds, rounded up, in [1, maxSeconds]. */
    static long seconds(long millis, long maxSeconds) {
        if (millis >= maxSeconds * 1000) {
            return maxSeconds;
        }
        return Math.max(1, (millis + 999) / 1000);
    }

    private void reject(HttpServletResponse response, RouteGuard guard, RouteDecision d, double voltage)
            throws IOException {
        if (response.isCommitted()) {
            return; // an earlier filter already answered; nothing sensible to add
        }
        long retryAfter = retryAfterSeconds(d, guard, voltage);
        response.resetBuffer();
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", Long.toString(retryAfter));
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        String body = "{\"route\":" + jsonString(d.routeId())
                + ",\"reason\":\"" + d.reason().name().toLowerCase(Locale.ROOT) + '"'
                + ",\"mode\":\"" + d.mode().name() + '"'
                + ",\"resistance\":" + d.resistance()
                + ",\"retryAfterSeconds\":" + retryAfter + "}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** A JSON string literal. */
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }

    /** Ends one admitted request's permit exactly once, synchronously or from the async listener. */
    private final class Outcome implements AsyncListener {
        private final RouteGuard guard;
        private final Permit permit;
        private final long startNanos;
        private final HttpServletResponse response;
        private final AtomicBoolean ended = new AtomicBoolean();
        /** The async request's lease, or null. */
        volatile Lease lease;

        Outcome(RouteGuard guard, Permit permit, long startNanos, HttpServletResponse response) {
            this.guard = guard;
            this.permit = permit;
            this.startNanos = startNanos;
            this.response = response;
        }

        /** Whole milliseconds since the request was admitted. */
        private long elapsed() {
            return Math.max(0L, ticker.nanoTime() - startNanos) / 1_000_000L;
        }

        void completed() {
            if (ended.compareAndSet(false, true)) {
                boolean error = true;
                try {
                    error = errorStatus.test(response.getStatus());
                } finally { // a throwing errorStatus predicate still ends the permit (as an error)
                    try {
                        if (error) {
                            guard.onError(permit, elapsed());
                        } else {
                            guard.onSuccess(permit, elapsed());
                        }
                    } finally {
                        endLease(error ? LeaseOutcome.FAILED : LeaseOutcome.COMPLETED);
                    }
                }
            }
        }

        void failed(Throwable t) {
            if (ended.compareAndSet(false, true)) {
                try {
                    guard.onThrowable(permit, elapsed(), t);
                } finally {
                    endLease(LeaseOutcome.FAILED);
                }
            }
        }

        void timedOut() {
            if (ended.compareAndSet(false, true)) {
                try {
                    guard.onError(permit, elapsed());
                } finally {
                    endLease(LeaseOutcome.FAILED);
                }
            }
        }

        /** Ends the lease unless it already ended (a lease that timed out stays TIMEOUT). */
        private void endLease(LeaseOutcome outcome) {
            Lease l = lease;
            if (l != null) {
                l.release(outcome);
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            completed();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            timedOut();
        }

        @Override
        public void onError(AsyncEvent event) {
            Throwable t = event.getThrowable();
            if (t == null) {
                timedOut();
            } else {
                failed(t);
            }
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Async restarted from an async dispatch: listeners must register again to hear the end.
            event.getAsyncContext().addListener(this);
        }
    }

    /** Builder of {@link AtrionFilter}; {@link #build()} validates. */
    public static final class Builder {
        private final Atrion atrion;
        private GuardRegistry guards;
        private Function<? super HttpServletRequest, String> routeId = AtrionFilter::methodAndServletPath;
        private String voltageHeader = DEFAULT_VOLTAGE_HEADER;
        private Double defaultVoltage;
        private IntPredicate errorStatus = status -> status >= 500;
        private long maxRetryAfterSeconds = DEFAULT_MAX_RETRY_AFTER_SECONDS;
        private GuardConfig guardConfig;
        private WorkloadProfile asyncLeaseProfile;

        private Builder(Atrion atrion) {
            this.atrion = Objects.requireNonNull(atrion, "AtrionFilter.atrion must not be null");
        }

        /**
         * Maps a request to its route id; {@link AtrionFilter#methodAndServletPath} by default.
         * Return a path template ({@code "GET /orders/{id}"}), not the raw URL, to keep the number
         * of routes bounded; return null or "" to let a request through unguarded.
         */
        public Builder routeId(Function<? super HttpServletRequest, String> routeId) {
            this.routeId = Objects.requireNonNull(routeId, "AtrionFilter.routeId must not be null");
            return this;
        }

        /** The header carrying the voltage (a non-blank header name), default {@value #DEFAULT_VOLTAGE_HEADER}. */
        public Builder voltageHeader(String name) {
            this.voltageHeader = name;
            return this;
        }

        /**
         * The voltage of requests without a valid voltage header (finite, &ge; 0); the Atrion
         * instance's default voltage (100 unless configured) by default.
         */
        public Builder defaultVoltage(double voltage) {
            this.defaultVoltage = voltage;
            return this;
        }

        /** The voltage of requests without a valid voltage header, as a tier. */
        public Builder defaultVoltage(VoltageTier tier) {
            return defaultVoltage(atrion.voltage(Objects.requireNonNull(tier, "AtrionFilter.defaultVoltage must not be null")));
        }

        /** Which response statuses count as errors of the route; default {@code status >= 500}. */
        public Builder errorStatus(IntPredicate errorStatus) {
            this.errorStatus = Objects.requireNonNull(errorStatus, "AtrionFilter.errorStatus must not be null");
            return this;
        }

        /**
         * Where the route guards come from; the instance's {@link Atrion#guards()} by default.
         * Must belong to the same Atrion instance.
         */
        public Builder guards(GuardRegistry guards) {
            this.guards = Objects.requireNonNull(guards, "AtrionFilter.guards must not be null");
            return this;
        }

        /**
         * The settings of the guards this filter creates for its routes, for instance the routes'
         * limits: {@code GuardConfig.builder().limits(500, 0.25).build()} makes the physics treat a
         * route as in trauma above a 500 ms mean latency or 25 % errors. A route whose guard
         * already exists keeps its settings. Unset, the registry's settings apply
         * ({@link GuardRegistry#configure}, else {@link Atrion.Builder#guardConfig}).
         */
        public Builder guardConfig(GuardConfig config) {
            this.guardConfig = Objects.requireNonNull(config, "AtrionFilter.guardConfig must not be null");
            return this;
        }

        /**
         * Async requests hold a lease of their route with this profile for their lifetime (see
         * the class documentation), e.g. {@link WorkloadProfile#HEAVY} for report downloads that
         * stream for minutes: the request ends at the profile's maximum duration at the latest, and
         * its outcome scars the route like any lease's.
         */
        public Builder asyncLeases(WorkloadProfile profile) {
            this.asyncLeaseProfile = Objects.requireNonNull(profile, "AtrionFilter.asyncLeases must not be null");
            return this;
        }

        /** The largest {@code Retry-After} sent, in seconds (&ge; 1), default {@value #DEFAULT_MAX_RETRY_AFTER_SECONDS}. */
        public Builder maxRetryAfterSeconds(long seconds) {
            this.maxRetryAfterSeconds = seconds;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the setting at fault
         */
        public AtrionFilter build() {
            if (voltageHeader == null || voltageHeader.isBlank()) {
                throw new IllegalArgumentException("AtrionFilter.voltageHeader must be a non-blank header name, got "
                        + (voltageHeader == null ? "null" : "\"" + voltageHeader + "\""));
            }
            if (defaultVoltage != null && !(Double.isFinite(defaultVoltage) && defaultVoltage >= 0)) {
                throw new IllegalArgumentException("AtrionFilter.defaultVoltage must be a finite number >= 0, got "
                        + defaultVoltage);
            }
            if (maxRetryAfterSeconds < 1) {
                throw new IllegalArgumentException("AtrionFilter.maxRetryAfterSeconds must be >= 1, got "
                        + maxRetryAfterSeconds);
            }
            if (guards != null && guards.atrion() != atrion) {
                throw new IllegalArgumentException("AtrionFilter.guards must belong to the filter's Atrion instance");
            }
            return new AtrionFilter(this);
        }
    }
}
