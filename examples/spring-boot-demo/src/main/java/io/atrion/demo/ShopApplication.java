package io.atrion.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop guarded by the Atrion starter: product pages read stock from a flaky inventory
 * service and recommendations from a slow one, orders go through a payment gateway. The
 * downstreams can be thrown into a storm and healed at {@code POST /admin/storm/on|off}; the
 * dashboard is at {@code /actuator/atrion/dashboard/}.
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
