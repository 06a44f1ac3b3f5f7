package io.atrion.spring.autoconfigure;

import io.atrion.Atrion;
import io.atrion.micrometer.AtrionMetrics;
import io.atrion.servlet.AtrionDashboardServlet;
import io.atrion.servlet.AtrionStreamServlet;
import io.atrion.servlet.TierCounters;
import io.atrion.spring.AtrionEndpoint;
import io.atrion.spring.AtrionHealthIndicator;
import io.atrion.spring.AtrionProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What the starter adds for operations, each part when its library is present: the actuator
 * endpoint {@code atrion}, the health indicator, the Micrometer binder, and — over HTTP, under
 * the actuator's base path — the live stream {@code atrion/stream} and the dashboard
 * {@code atrion/dashboard/}.
 */
@AutoConfiguration(after = AtrionAutoConfiguration.class)
@ConditionalOnBean(Atrion.class)
public class AtrionActuatorAutoConfiguration {

    /** The Micrometer binder; Spring Boot binds every MeterBinder bean to the application's registries. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, AtrionMetrics.class})
    @ConditionalOnBooleanProperty(name = "atrion.decision-counters", matchIfMissing = true)
    static class Metrics {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        AtrionMetrics atrionMetrics(Atrion atrion) {
            return AtrionMetrics.of(atrion);
        }
    }

    /** The health indicator {@code atrion}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnBooleanProperty(name = "atrion.health.enabled", matchIfMissing = true)
    static class HealthConfiguration {
        @Bean(name = "atrionHealthIndicator")
        @ConditionalOnMissingBean(name = "atrionHealthIndicator")
        AtrionHealthIndicator atrionHealthIndicator(Atrion atrion, AtrionProperties properties) {
            String code = properties.getHealth().getOpenStatus();
            if (code == null || code.isBlank()) {
                throw new org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException(
                        "atrion.health.open-status", code, "a status code such as UNKNOWN, DOWN or OUT_OF_SERVICE");
            }
            return new AtrionHealthIndicator(atrion, new Status(code.trim().toUpperCase(Locale.ROOT)));
        }
    }

    /** The endpoint {@code atrion}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    static class EndpointConfiguration {
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint
        AtrionEndpoint atrionEndpoint(Atrion atrion, ObjectProvider<TierCounters> tiers) {
            return new AtrionEndpoint(atrion, tiers.getIfAvailable());
        }
    }

    /**
     * The stream and the dashboard, as servlets at {@code <base path>/atrion/stream} and
     * {@code <base path>/atrion/dashboard/*} of the application's server (exact servlet mappings
     * win over the dispatcher's). Present when the endpoint is exposed over HTTP; a management
     * server on its own port does not get them (the application's port serves them).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Endpoint.class, ServletRegistrationBean.class, WebEndpointProperties.class})
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnAvailableEndpoint(endpoint = AtrionEndpoint.class)
    @ConditionalOnBooleanProperty(name = "atrion.stream.enabled", matchIfMissing = true)
    static class StreamConfiguration {

        static String basePath(Environment environment) {
            String base = environment.getProperty("management.endpoints.web.base-path", "/actuator");
            return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        AtrionStreamServlet atrionStreamServlet(Atrion atrion, AtrionProperties properties,
                                                ObjectProvider<TierCounters> tiers) {
            AtrionProperties.Stream s = properties.getStream();
            return AtrionConfigConverter.checked("atrion.stream", () -> AtrionStreamServlet.builder(atrion)
                    .interval(s.getInterval())
                    .maxQueuedFrames(s.getMaxQueuedFrames())
                    .maxClients(s.getMaxClients())
                    .tierCounters(tiers.getIfAvailable())
                    .build());
        }

        @Bean
        ServletRegistrationBean<AtrionStreamServlet> atrionStreamRegistration(AtrionStreamServlet stream,
                                                                             Environment environment) {
            ServletRegistrationBean<AtrionStreamServlet> r =
                    new ServletRegistrationBean<>(stream, basePath(environment) + "/atrion/stream");
            r.setName("atrionStream");
            r.setAsyncSupported(true);
            return r;
        }

        @Bean
        @ConditionalOnBooleanProperty(name = "atrion.dashboard.enabled", matchIfMissing = true)
        ServletRegistrationBean<AtrionDashboardServlet> atrionDashboardRegistration(Environment environment) {
            ServletRegistrationBean<AtrionDashboardServlet> r = new ServletRegistrationBean<>(
                    new AtrionDashboardServlet(), basePath(environment) + "/atrion/dashboard/*");
            r.setName("atrionDashboard");
            return r;
        }
    }
}
