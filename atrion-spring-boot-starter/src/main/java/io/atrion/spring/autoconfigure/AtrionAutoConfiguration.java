package io.atrion.spring.autoconfigure;

import io.atrion.Atrion;
import io.atrion.guard.GuardConfig;
import io.atrion.servlet.TierCounters;
import io.atrion.spring.AtrionGuarded;
import io.atrion.spring.AtrionProperties;
import java.util.Map;
import org.springframework.aop.Advisor;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Role;
import org.springframework.core.type.AnnotationMetadata;

/**
 * The {@link Atrion} bean from {@code atrion.*} properties, per-route guard settings, per-tier
 * counters, and the {@link AtrionGuarded} advisor. Off with {@code atrion.enabled=false}; an
 * application's own {@code Atrion} bean replaces the auto-configured one (the integrations use it).
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "atrion.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AtrionProperties.class)
@Import(AtrionAutoConfiguration.ProxyCreatorRegistrar.class)
public class AtrionAutoConfiguration {

    /** The instance, built from the properties; invalid values fail the start naming the property. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Atrion atrion(AtrionProperties properties) {
        AtrionConfigConverter converter = new AtrionConfigConverter(properties);
        Atrion atrion = converter.build();
        for (Map.Entry<String, GuardConfig> e : converter.routeGuards().entrySet()) {
            atrion.guards().configure(e.getKey(), e.getValue());
        }
        return atrion;
    }

    /** Admitted and shed calls per route and tier, recorded by the annotation and the filter. */
    @Bean
    @ConditionalOnMissingBean
    public TierCounters atrionTierCounters(Atrion atrion) {
        return new TierCounters(atrion);
    }

    /**
     * The advisor of {@link AtrionGuarded} methods and classes. Infrastructure role, so Spring's
     * infrastructure auto-proxy creator applies it without AspectJ; its collaborators are looked up
     * on the first guarded call, so creating it early (as advisors are) initializes nothing else.
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean(name = "atrionGuardedAdvisor")
    public static Advisor atrionGuardedAdvisor(ObjectProvider<Atrion> atrion, ObjectProvider<TierCounters> tiers,
                                               ObjectProvider<AtrionProperties> properties) {
        ComposablePointcut pointcut = new ComposablePointcut(new AnnotationMatchingPointcut(null, AtrionGuarded.class, true))
                .union(new AnnotationMatchingPointcut(AtrionGuarded.class, true));
        AtrionGuardedInterceptor interceptor = new AtrionGuardedInterceptor(atrion, tiers, properties);
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(pointcut, interceptor);
        advisor.setOrder(0);
        return advisor;
    }

    /** Makes sure an auto-proxy creator exists even with {@code spring.aop.auto=false}. */
    static final class ProxyCreatorRegistrar implements ImportBeanDefinitionRegistrar {
        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
        }
    }
}
