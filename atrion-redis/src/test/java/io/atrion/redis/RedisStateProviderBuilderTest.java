package io.atrion.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Invalid settings fail at build() with a message naming the setting; defaults are as documented. */
class RedisStateProviderBuilderTest {

    private static void rejects(String field, UnaryOperator<RedisStateProvider.Builder> setting) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> setting.apply(RedisStateProvider.builder().uri("redis://127.0.0.1:6379")).build());
        assertTrue(e.getMessage().contains("RedisStateProvider." + field), e.getMessage());
    }

    @Test
    void namesTheSettingAtFault() {
        assertThrows(IllegalArgumentException.class, () -> RedisStateProvider.builder().build(), "uri is required");
        assertThrows(IllegalArgumentException.class, () -> RedisStateProvider.builder().uri("http://x"));
        rejects("nodeId", b -> b.nodeId(""));
        rejects("nodeId", b -> b.nodeId("n".repeat(129)));
        rejects("keyPrefix", b -> b.keyPrefix(""));
        rejects("channel", b -> b.channel(""));
        rejects("keyTtl", b -> b.keyTtl(Duration.ofMillis(999)));
        rejects("maxPublishHz", b -> b.maxPublishHz(0));
        rejects("maxPublishHz", b -> b.maxPublishHz(Double.NaN));
        rejects("maxPublishHz", b -> b.maxPublishHz(1001));
        rejects("maxPendingCommands", b -> b.maxPendingCommands(1));
        rejects("commandTimeout", b -> b.commandTimeout(Duration.ZERO));
        rejects("reconnectDelay", b -> b.reconnectDelay(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        rejects("trustedCertificates", b -> b.trustedCertificates(Path.of("/nonexistent/ca.pem")));
    }

    @Test
    void defaults() {
        RedisStateProvider p = RedisStateProvider.builder().uri("redis://127.0.0.1:6379").build();
        assertEquals("atrion:route:", p.keyPrefix());
        assertEquals("atrion:state", p.channel());
        assertEquals(100, p.minPublishIntervalMillis()); // 10 Hz
        assertTrue(p.nodeId().matches(".+-" + ProcessHandle.current().pid() + "-[0-9a-f]{6}"), p.nodeId());
        assertEquals(334, RedisStateProvider.builder().uri("redis://h").maxPublishHz(3).build().minPublishIntervalMillis());
    }
}
