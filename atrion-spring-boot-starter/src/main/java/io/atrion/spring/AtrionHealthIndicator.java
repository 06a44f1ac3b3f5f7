package io.atrion.spring;

import io.atrion.Atrion;
import io.atrion.Mode;
import io.atrion.RouteState;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the Atrion instance: UP while no route's breaker is open; while one or more are, the
 * configured status ({@code atrion.health.open-status}, UNKNOWN by default so that one open route
 * does not take the instance out of a load balancer) with the open routes in the details.
 */
public class AtrionHealthIndicator implements HealthIndicator {

    private final Atrion atrion;
    private final Status openStatus;

    /** An indicator over {@code atrion} reporting {@code openStatus} while a breaker is open. */
    public AtrionHealthIndicator(Atrion atrion, Status openStatus) {
        this.atrion = atrion;
        this.openStatus = openStatus;
    }

    @Override
    public Health health() {
        List<String> open = new ArrayList<>();
        List<String> ids = atrion.routes();
        for (String id : ids) {
            RouteState s = atrion.state(id).orElse(null);
            if (s != null && s.mode() == Mode.CIRCUIT_BREAKER) {
                open.add(id);
            }
        }
        Health.Builder b = open.isEmpty() ? Health.up() : Health.status(openStatus);
        return b.withDetail("routes", ids.size()).withDetail("openRoutes", open).build();
    }
}
