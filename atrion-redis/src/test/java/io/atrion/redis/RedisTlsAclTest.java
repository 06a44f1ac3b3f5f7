package io.atrion.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.Atrion;
import io.atrion.Engine;
import io.atrion.ManualClock;
import io.atrion.state.ConnectionState;
import io.atrion.state.StateStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss://} with an ACL user: a TLS-only {@code redis-server} whose default user is off,
 * a self-signed certificate made with {@code openssl} for 127.0.0.1, and the user {@code atrion}.
 * Credentials in the URI and on the builder both work; a wrong password never connects, is counted,
 * and routing goes on.
 */
class RedisTlsAclTest {

    private static Path certificate(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl failed (Debian: apt-get install openssl)");
        }
        return dir.resolve("cert.pem");
    }

    @Test
    void sharesOverTlsWithAnAclUser() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("atrion-tls");
        try {
            sharesOverTls(dir, certificate(dir));
        } finally {
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void sharesOverTls(Path dir, Path cert) throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.startTls(
                "--tls-cert-file", cert.toString(), "--tls-key-file", dir.resolve("key.pem").toString(),
                "--tls-ca-cert-file", cert.toString(), "--tls-auth-clients", "no",
                "--user", "default", "off",
                "--user", "atrion", "on", ">s3cret", "~atrion:*", "&atrion:*", "+@all")) {
            ManualClock clock = new ManualClock(RedisSharingTest.T0);
            String host = "127.0.0.1:" + redis.port();
            RedisStateProvider inUri = RedisStateProvider.builder().uri("rediss://atrion:s3cret@" + host)
                    .nodeId("a").trustedCertificates(cert).build();
            RedisStateProvider onBuilder = RedisStateProvider.builder().uri("rediss://" + host)
                    .username("atrion").password("s3cret".toCharArray()).nodeId("b").trustedCertificates(cert).build();
            RedisStateProvider wrong = RedisStateProvider.builder().uri("rediss://" + host)
                    .username("atrion").password("guess".toCharArray()).nodeId("c").trustedCertificates(cert).build();
            try (Atrion a = node(clock, inUri); Atrion b = node(clock, onBuilder); Atrion c = node(clock, wrong)) {
                Await.synced(a, b); // over TLS, as the ACL user
                b.route("db", RedisSharingTest.CALM);
                a.route("db", RedisSharingTest.CALM);
                Await.until("first vectors exchanged", () -> stats(a).merged() >= 1 && stats(b).merged() >= 1,
                        () -> stats(a) + " " + stats(b));
                clock.advance(100); // a's next 10 Hz slot
                long merged = stats(b).merged();
                a.route("db", RedisSharingTest.STRESSED); // S = 0·e^(−0.01) + 5 = 5
                Await.until("b merged a's vector", () -> stats(b).merged() > merged, () -> stats(b).toString());
                assertEquals(0.3 * 5.0, b.state("db").orElseThrow().scar(), 1e-15);

                c.route("db", RedisSharingTest.STRESSED);
                Await.until("c's failed logins counted", () -> stats(c).providerErrors() >= 2, () -> stats(c).toString());
                assertTrue(wrong.connectionState() != ConnectionState.CONNECTED);
                // c routes on local state alone: a second stressed update at the same instant, 5·e^0 + 5.
                assertEquals(10.0, c.route("db", RedisSharingTest.STRESSED).scar());
            }
        }
    }

    private static Atrion node(ManualClock clock, RedisStateProvider p) {
        return Atrion.builder().engine(Engine.FAST).clock(clock).physics(RedisSharingTest.N1).autoTunerDisabled()
                .stateProvider(p).build();
    }

    private static StateStats stats(Atrion a) {
        return a.stateStats().orElseThrow();
    }
}
