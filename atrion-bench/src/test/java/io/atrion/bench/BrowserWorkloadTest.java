package io.atrion.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Engine;
import io.atrion.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BrowserWorkloadBenchmark measures the same workload as the browser's bench.js: the same
 * telemetry rows, and every route OPERATIONAL after the warm-up.
 */
class BrowserWorkloadTest {

    /**
     * The rows equal bench.js's, computed in Node from the JavaScript generator:
     * {@code import('.../bench.js').then(m => m.rows())} gave row 0 = (80.62537634279579,
     * 0.0008572614658623934, 0.40190509879030284), row 4095 = (89.02977071236819,
     * 0.0014449430780950933, 0.3230878754518926), and a sum of every value, added row by row in
     * order, of 329552.127425421.
     */
    @Test
    void rowsAreTheJavaScriptGeneratorsBitForBit() {
        int n = BrowserWorkloadBenchmark.ROWS;
        double[] lat = new double[n];
        double[] err = new double[n];
        double[] sat = new double[n];
        BrowserWorkloadBenchmark.rows(lat, err, sat);
        assertEquals(80.62537634279579, lat[0]);
        assertEquals(0.0008572614658623934, err[0]);
        assertEquals(0.40190509879030284, sat[0]);
        assertEquals(89.02977071236819, lat[n - 1]);
        assertEquals(0.0014449430780950933, err[n - 1]);
        assertEquals(0.3230878754518926, sat[n - 1]);
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += lat[k] + err[k] + sat[k];
            // Healthy: below every baseline of the default SLO (100 ms, 1 %, 0.5).
            assertTrue(lat[k] >= 70 && lat[k] < 90 && err[k] >= 0 && err[k] < 0.005 && sat[k] >= 0.3 && sat[k] < 0.45);
        }
        assertEquals(329552.127425421, sum);
    }

    @ParameterizedTest
    @CsvSource({"FAST", "REFERENCE"})
    void everyRouteIsOperationalAfterTheWarmUpAndStaysSo(Engine engine) {
        BrowserWorkloadBenchmark b = new BrowserWorkloadBenchmark();
        b.engine = engine;
        b.setUp(); // throws unless all 1,000 routes are OPERATIONAL
        for (int i = 0; i < 20 * BrowserWorkloadBenchmark.ROUTES; i++) {
            b.route();
        }
        assertEquals(BrowserWorkloadBenchmark.ROUTES, b.count(Mode.OPERATIONAL));
    }
}
