package io.atrion.spring.autoconfigure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atrion.ConfigKeys;
import io.atrion.spring.AtrionProperties;
import java.beans.PropertyDescriptor;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;

/**
 * The starter reads the physics, SLO and tuner settings through {@link ConfigKeys}, the core's one
 * mapping: every key has its property in {@link AtrionProperties} (a key added to the core fails
 * here until the property exists), every such property is a key or one of the SLO's limits, and a
 * value set on a property reaches its key.
 */
class ConfigKeysPropertiesTest {

    /** Properties of the physics, SLO and tuner sections that are not keys: the SLO given as limits. */
    private static final Set<String> NOT_KEYS = Set.of("slo.maxLatencyMs", "slo.maxErrorRate", "slo.maxSaturation");

    @Test
    void everyKeyHasItsProperty() {
        BeanWrapper bean = new BeanWrapperImpl(new AtrionProperties());
        for (String key : ConfigKeys.keys()) {
            String path = AtrionConfigConverter.beanPath(key);
            assertTrue(bean.isReadableProperty(path) && bean.isWritableProperty(path), key + " has no property " + path);
        }
    }

    @Test
    void everyPropertyOfTheSectionsIsAKeyOrALimit() {
        Set<String> expected = new TreeSet<>(NOT_KEYS);
        for (String key : ConfigKeys.keys()) {
            expected.add(AtrionConfigConverter.beanPath(key));
        }
        Set<String> leaves = new TreeSet<>();
        BeanWrapper bean = new BeanWrapperImpl(new AtrionProperties());
        for (String section : List.of("physics", "slo", "autoTuner")) {
            collectLeaves(bean, section, leaves);
        }
        assertEquals(expected, leaves);
    }

    @Test
    void propertyNamesAreTheKeysInKebabCase() {
        assertEquals("atrion.physics.base-resistance", AtrionConfigConverter.propertyName("config.baseResistance"));
        assertEquals("atrion.slo.criticality.latency", AtrionConfigConverter.propertyName("slo.criticality.latency"));
        assertEquals("atrion.slo.baseline-latency-ms", AtrionConfigConverter.propertyName("slo.baselineLatencyMs"));
        assertEquals("atrion.auto-tuner.window-size", AtrionConfigConverter.propertyName("autoTuner.windowSize"));
        assertEquals("atrion.auto-tuner.enabled", AtrionConfigConverter.propertyName("autoTuner"));
    }

    @Test
    void aValueSetOnAPropertyReachesItsKey() {
        AtrionProperties properties = new AtrionProperties();
        BeanWrapper bean = new BeanWrapperImpl(properties);
        List<String> keys = ConfigKeys.keys();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            bean.setPropertyValue(AtrionConfigConverter.beanPath(key), value(key, i));
        }
        ConfigKeys read = new AtrionConfigConverter(properties).configKeys();
        for (int i = 0; i < keys.size(); i++) {
            assertEquals(value(keys.get(i), i), read.get(keys.get(i)), keys.get(i));
        }
    }

    /** A value of the key's kind that differs from key to key (i is the key's index). */
    private static Object value(String key, int i) {
        switch (ConfigKeys.kind(key)) {
            case BOOLEAN:
                return false;
            case INTEGER:
                return 100 + i;
            default:
                return 0.5 + i;
        }
    }

    private static void collectLeaves(BeanWrapper bean, String path, Set<String> out) {
        Class<?> type = bean.getPropertyType(path);
        if (type == Double.class || type == Integer.class || type == boolean.class) {
            out.add(path);
            return;
        }
        for (PropertyDescriptor d : new BeanWrapperImpl(type).getPropertyDescriptors()) {
            if (!d.getName().equals("class")) {
                collectLeaves(bean, path + "." + d.getName(), out);
            }
        }
    }
}
