package io.atrion.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The shop's HTTP API; the starter's filter guards each route ("GET /products/{sku}", "POST /orders"). */
@RestController
public class ShopController {

    private final Clients.Inventory inventory;
    private final Clients.Recommendations recommendations;
    private final Clients.Payments payments;
    private final Downstreams downstreams;

    public ShopController(Clients.Inventory inventory, Clients.Recommendations recommendations,
                          Clients.Payments payments, Downstreams downstreams) {
        this.inventory = inventory;
        this.recommendations = recommendations;
        this.payments = payments;
        this.downstreams = downstreams;
    }

    @GetMapping("/products/{sku}")
    public Map<String, Object> product(@PathVariable String sku) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sku", sku);
        body.put("stock", inventory.stock(sku));
        body.put("recommendations", recommendations.forSku(sku));
        return body;
    }

    @PostMapping("/orders")
    public CompletionStage<Map<String, Object>> order() {
        return payments.charge("order").thenApply(status -> Map.of("payment", status));
    }

    /** Starts ({@code on}) or ends ({@code off}) the storm in every downstream. */
    @PostMapping("/admin/storm/{state}")
    public Map<String, Object> storm(@PathVariable String state) {
        downstreams.storm("on".equals(state));
        return Map.of("storm", downstreams.storm());
    }
}
