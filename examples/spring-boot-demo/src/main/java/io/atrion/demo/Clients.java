package io.atrion.demo;

import io.atrion.VoltageTier;
import io.atrion.guard.AtrionRejectedException;
import io.atrion.spring.AtrionGuarded;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Service;

/** The guarded clients of the shop's three dependencies. */
public final class Clients {

    private Clients() {
    }

    /** Stock levels: important (HIGH), with a cached answer when shed or failing. */
    @Service
    public static class Inventory {
        private final Downstreams downstreams;

        public Inventory(Downstreams downstreams) {
            this.downstreams = downstreams;
        }

        @AtrionGuarded(route = "inventory", tier = VoltageTier.HIGH, fallbackMethod = "cachedStock")
        public String stock(String sku) {
            downstreams.call("inventory");
            return "in stock";
        }

        String cachedStock(String sku, AtrionRejectedException shed) {
            return "unknown (inventory shed: " + shed.decision().reason().name().toLowerCase() + ")";
        }

        String cachedStock(String sku, Throwable failure) {
            return "unknown (inventory failed)";
        }
    }

    /** Recommendations: nice to have (LOW), shed early; an empty list otherwise. */
    @Service
    public static class Recommendations {
        private final Downstreams downstreams;

        public Recommendations(Downstreams downstreams) {
            this.downstreams = downstreams;
        }

        @AtrionGuarded(route = "recommendations", tier = VoltageTier.LOW, fallbackMethod = "none")
        public List<String> forSku(String sku) {
            downstreams.call("recommendations");
            return List.of(sku + "-case", sku + "-charger");
        }

        List<String> none(String sku, Throwable failure) {
            return List.of();
        }
    }

    /** Payments: CRITICAL and asynchronous; a shed or failed charge is queued for later. */
    @Service
    public static class Payments {
        private final Downstreams downstreams;
        private final ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "payments");
            t.setDaemon(true);
            return t;
        });

        public Payments(Downstreams downstreams) {
            this.downstreams = downstreams;
        }

        @AtrionGuarded(route = "payments", tier = VoltageTier.CRITICAL, fallbackMethod = "later")
        public CompletionStage<String> charge(String order) {
            return CompletableFuture.supplyAsync(() -> {
                downstreams.call("payments");
                return "paid";
            }, executor);
        }

        CompletionStage<String> later(String order, Throwable failure) {
            return CompletableFuture.completedFuture("queued");
        }
    }
}
