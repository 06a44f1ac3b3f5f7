package io.atrion.spring.autoconfigure;

import io.atrion.Atrion;
import io.atrion.servlet.AtrionFilter;
import io.atrion.servlet.TierCounters;
import io.atrion.spring.AtrionProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.HandlerMapping;

/**
 * atrion-servlet's {@link AtrionFilter} on every request of a servlet web application, with
 * {@code atrion.filter.enabled=true} (off by default). Requests are named by the Spring MVC
 * handler's pattern ({@code atrion.filter.route-naming}); the actuator's base path and
 * {@code atrion.filter.exclude-paths} are left unguarded.
 */
@AutoConfiguration(after = AtrionAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({AtrionFilter.class, FilterRegistrationBean.class, HandlerMapping.class})
@ConditionalOnBooleanProperty(name = "atrion.filter.enabled")
@ConditionalOnBean(Atrion.class)
public class AtrionWebAutoConfiguration {

    /** The filter's registration: mapped to {@code atrion.filter.url-patterns}, REQUEST dispatches, async supported. */
    @Bean
    public FilterRegistrationBean<AtrionServletFilter> atrionFilterRegistration(
            Atrion atrion, AtrionProperties properties, ObjectProvider<TierCounters> tiers,
            ObjectProvider<HandlerMapping> mappings, Environment environment) {
        AtrionProperties.Filter f = properties.getFilter();
        List<String> excluded = new ArrayList<>(f.getExcludePaths());
        String actuator = environment.getProperty("management.endpoints.web.base-path", "/actuator");
        if (!actuator.isEmpty() && !actuator.equals("/")) {
            excluded.add(actuator); // at the root the endpoints are exact paths the handler lookup names
        }
        RouteNamer namer = new RouteNamer(f.getRouteNaming(), excluded, mappings);
        AtrionFilter.Builder b = AtrionFilter.builder(atrion).routeId(namer).voltageHeader(f.getVoltageHeader());
        if (f.getDefaultVoltage() != null) {
            b.defaultVoltage(f.getDefaultVoltage());
        } else if (f.getDefaultTier() != null) {
            b.defaultVoltage(f.getDefaultTier());
        }
        b.maxRetryAfterSeconds(Math.max(1, f.getMaxRetryAfter().toSeconds()));
        AtrionFilter filter = AtrionConfigConverter.checked("atrion.filter", b::build);
        FilterRegistrationBean<AtrionServletFilter> registration =
                new FilterRegistrationBean<>(new AtrionServletFilter(filter, namer, tiers.getIfAvailable()));
        registration.setName("atrionFilter");
        registration.setUrlPatterns(f.getUrlPatterns());
        registration.setAsyncSupported(true);
        registration.setOrder(f.getOrder());
        return registration;
    }
}
