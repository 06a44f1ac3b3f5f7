package io.atrion.redis;

import io.atrion.Atrion;
import io.atrion.state.ConnectionState;
import io.atrion.state.StateStats;

/**
 * One node of {@link RedisProcessTest}, in a JVM of its own: connects to Redis, feeds the route
 * "db" stressed telemetry every 50 ms for {@code updates} updates, prints its scar and counters,
 * closes. Arguments: URI, node id, updates.
 */
public final class FleetChildMain {

    private FleetChildMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (Atrion a = Atrion.builder().physics(RedisSharingTest.N1)
                .stateProvider(RedisStateProvider.builder().uri(args[0]).nodeId(args[1]).build()).build()) {
            for (int i = 0; i < 400 && a.stateStats().orElseThrow().connectionState() != ConnectionState.CONNECTED; i++) {
                Thread.sleep(50);
            }
            int updates = Integer.parseInt(args[2]);
            for (int i = 0; i < updates; i++) {
                a.route("db", RedisSharingTest.STRESSED);
                Thread.sleep(50);
            }
            StateStats st = a.stateStats().orElseThrow();
            System.out.println("scar=" + a.state("db").orElseThrow().scar() + " published=" + st.published()
                    + " merged=" + st.merged() + " state=" + st.connectionState());
        }
    }
}
