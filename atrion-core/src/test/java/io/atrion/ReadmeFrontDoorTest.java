package io.atrion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.atrion.guard.AtrionRejectedException;
import io.atrion.guard.RouteGuard;
import org.junit.jupiter.api.Test;

/**
 * The "Use it" example at the top of README.md, verbatim between the markers (plus one line that
 * keeps the result for the assertions), so that the first code a reader sees keeps compiling and
 * does what the text around it says.
 */
class ReadmeFrontDoorTest {

    /** Stands in for the reader's own client; the example calls {@code client.stock(...)}. */
    static final class InventoryClient {
        int calls;

        String stock(String sku) {
            calls++;
            return sku + ": 7 in stock";
        }
    }

    @Test
    void theFrontDoorExampleCallsAHealthyRoute() {
        InventoryClient client = new InventoryClient();
        String result = null;
        AtrionRejectedException rejected = null;
        // ---- README example begins ----
        Atrion atrion = Atrion.builder()
                .slo(Slo.fromLimits(500, 0.25))    // trouble: mean latency above 500 ms, or 25 % errors
                .build();
        RouteGuard inventory = atrion.guard("inventory");
        try {
            String stock = inventory.executeSupplier(atrion.voltage(VoltageTier.HIGH), () -> client.stock("sku-42"));
            result = stock;
        } catch (AtrionRejectedException shed) {
            // not called: shed.decision() says why (CIRCUIT_OPEN, INSUFFICIENT_VOLTAGE) and what R was
            rejected = shed;
        }
        // ---- README example ends ----
        // A new route starts in BOOTSTRAP at R = 1.2·R_base = 12 Ω (SPEC §2.5); HIGH is 50 V on
        // the ladder anchored at R_base = 10 Ω (SPEC §2.8: 5·R_base), so 50 > 12 and the call runs.
        assertNull(rejected == null ? null : rejected.decision(), "the HIGH call was shed");
        assertEquals("sku-42: 7 in stock", result);
        assertEquals(1, client.calls);
        atrion.close();
    }

    @Test
    void aShedCallIsNotMadeAndTheExceptionSaysWhy() {
        InventoryClient client = new InventoryClient();
        Atrion atrion = Atrion.builder().slo(Slo.fromLimits(500, 0.25)).build();
        RouteGuard inventory = atrion.guard("inventory");
        // 5 V against R = 12 Ω at bootstrap (SPEC §2.5): V > R fails, the supplier must not run.
        AtrionRejectedException shed = assertThrows(AtrionRejectedException.class,
                () -> inventory.executeSupplier(5.0, () -> client.stock("sku-42")));
        assertEquals(0, client.calls);
        assertFalse(shed.decision().allowed());
        assertEquals(Reason.INSUFFICIENT_VOLTAGE, shed.decision().reason());
        atrion.close();
    }
}
