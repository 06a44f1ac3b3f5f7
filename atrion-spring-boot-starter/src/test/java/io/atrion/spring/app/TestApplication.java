package io.atrion.spring.app;

import io.atrion.VoltageTier;
import io.atrion.guard.AtrionRejectedException;
import io.atrion.spring.AtrionGuarded;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A small application for the starter's tests: guarded beans and a controller that can be made to fail. */
@SpringBootApplication
public class TestApplication {

    /** A dependency that can be made to fail and counts the calls that ran. */
    public abstract static class Switchable {
        final AtomicBoolean failing = new AtomicBoolean();
        final AtomicInteger calls = new AtomicInteger();

        /** Methods, not fields: the test sees the bean through its proxy. */
        public void failing(boolean fail) {
            failing.set(fail);
        }

        public int calls() {
            return calls.get();
        }
    }

    /** A downstream dependency whose calls fail while {@link #failing} is set. */
    @Service
    public static class Inventory extends Switchable {

        @AtrionGuarded(route = "inventory", tier = VoltageTier.HIGH, fallbackMethod = "fallback")
        public String stock(String sku) {
            calls.incrementAndGet();
            if (failing.get()) {
                throw new IllegalStateException("inventory down");
            }
            return "stock:" + sku;
        }

        /** Shed calls: the most specific fallback. */
        String fallback(String sku, AtrionRejectedException shed) {
            return "shed:" + sku + ":" + shed.decision().reason();
        }

        /** Failed calls. */
        String fallback(String sku, Throwable failure) {
            return "failed:" + sku;
        }

        @AtrionGuarded(route = "inventory-raw")
        public String raw(String sku) {
            calls.incrementAndGet();
            if (failing.get()) {
                throw new IllegalStateException("inventory down");
            }
            return sku;
        }
    }

    /** An asynchronous dependency. */
    @Service
    public static class Payments extends Switchable {

        @AtrionGuarded(route = "payments", fallbackMethod = "fallback")
        public CompletionStage<String> pay(String order) {
            calls.incrementAndGet();
            return failing.get() ? CompletableFuture.failedFuture(new IllegalStateException("gateway down"))
                    : CompletableFuture.completedFuture("paid:" + order);
        }

        CompletionStage<String> fallback(String order, AtrionRejectedException shed) {
            return CompletableFuture.completedFuture("shed:" + order);
        }

        CompletionStage<String> fallback(String order, Exception failure) {
            return CompletableFuture.completedFuture("failed:" + order);
        }
    }

    /** HTTP routes: /orders/{id} answers 500 while {@link #failing} is set. */
    @RestController
    public static class Orders {
        private final AtomicBoolean failing = new AtomicBoolean();

        public void failing(boolean fail) {
            failing.set(fail);
        }

        @GetMapping("/orders/{id}")
        public ResponseEntity<String> order(@PathVariable String id) {
            return failing.get() ? ResponseEntity.internalServerError().body("db down") : ResponseEntity.ok("order " + id);
        }
    }
}
