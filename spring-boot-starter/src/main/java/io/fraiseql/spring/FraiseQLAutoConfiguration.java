package io.fraiseql.spring;

import io.fraiseql.FraiseQL;
import io.fraiseql.api.DatabaseUrl;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Builds the FraiseQL engine from the application's {@code DataSource} (or
 * {@code spring.datasource.*}) and the {@code fraiseql.*} properties, and serves it at
 * {@code fraiseql.path} on Spring MVC or WebFlux, with a health indicator and Micrometer metrics
 * when the application has them. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(FraiseQL.class)
@EnableConfigurationProperties(FraiseQLProperties.class)
public class FraiseQLAutoConfiguration {

  /** The engine; closed (with its pool) when the context closes. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public FraiseQL fraiseQL(FraiseQLProperties properties, ResourceLoader resources, Environment environment,
      ObjectProvider<DataSource> dataSource, ObjectProvider<FraiseQLBuilderCustomizer> customizers) {
    FraiseQL.Builder builder = FraiseQL.builder()
        .schema(schema(resources, properties.getSchema()))
        .statementTimeout(properties.getStatementTimeout())
        .poolTimeout(properties.getPoolTimeout());
    if (properties.getBackend() != null && !properties.getBackend().isBlank()) {
      builder.backend(properties.getBackend().trim());
    }
    if (properties.getPoolSize() != null) {
      builder.poolSize(properties.getPoolSize());
    }
    DatabaseUrl url = databaseUrl(properties, environment);
    if (url != null) {
      builder.databaseUrl(url);
    }
    DataSource ds = dataSource.getIfUnique();
    if (ds != null && properties.getDatabaseUrl() == null) {
      builder.dataSource(ds); // the jdbc backend uses the application's pool; the others the URL
    }
    if (url == null && ds == null) {
      throw new IllegalStateException("FraiseQL needs a database: a DataSource (spring.datasource.url) or"
          + " fraiseql.database-url=postgresql://user:pass@host:port/db");
    }
    RequestAttributes.parseAll(properties.getSessionVariables()).forEach(builder::sessionVariable);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  private static String schema(ResourceLoader resources, String location) {
    Resource resource = resources.getResource(location);
    if (!resource.exists()) {
      throw new IllegalStateException("fraiseql.schema: " + location + " does not exist (put a schema.graphql on the"
          + " class path, or set fraiseql.schema to a resource location)");
    }
    try (InputStream in = resource.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("fraiseql.schema: cannot read " + location + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code fraiseql.database-url}, else {@code spring.datasource.url} (a {@code jdbc:postgresql:}
   * URL) with its username and password, else null.
   */
  static DatabaseUrl databaseUrl(FraiseQLProperties properties, Environment environment) {
    if (properties.getDatabaseUrl() != null && !properties.getDatabaseUrl().isBlank()) {
      return DatabaseUrl.parse(properties.getDatabaseUrl().trim());
    }
    String jdbc = environment.getProperty("spring.datasource.url");
    if (jdbc == null || !jdbc.startsWith("jdbc:postgresql://")) {
      return null;
    }
    String user = environment.getProperty("spring.datasource.username");
    String password = environment.getProperty("spring.datasource.password");
    StringBuilder url = new StringBuilder("postgresql://");
    if (user != null && !user.isEmpty()) {
      url.append(encode(user));
      if (password != null && !password.isEmpty()) {
        url.append(':').append(encode(password));
      }
      url.append('@');
    }
    return DatabaseUrl.parse(url.append(jdbc.substring("jdbc:postgresql://".length())).toString());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Request metrics through the application's Micrometer registry, when it has one. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
  static class MetricsConfiguration {
    @Bean
    @ConditionalOnMissingBean
    RequestObserver fraiseQLRequestObserver(ObjectProvider<MeterRegistry> registry) {
      MeterRegistry r = registry.getIfUnique();
      return r == null ? RequestObserver.NOOP : new MicrometerRequestObserver(r);
    }
  }

  /** The {@code fraiseql} health indicator (management.health.fraiseql.enabled). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  @ConditionalOnProperty(prefix = "management.health.fraiseql", name = "enabled", matchIfMissing = true)
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "fraiseqlHealthIndicator")
    FraiseQLHealthIndicator fraiseqlHealthIndicator(FraiseQL engine, FraiseQLProperties properties) {
      return new FraiseQLHealthIndicator(engine, properties.getPoolTimeout().plus(Duration.ofSeconds(1)));
    }
  }

  /** {@code fraiseql.path} on Spring MVC. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "org.springframework.web.servlet.function.RouterFunction")
  @ConditionalOnProperty(prefix = "fraiseql", name = "http-enabled", matchIfMissing = true)
  static class MvcConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "fraiseqlRouter")
    org.springframework.web.servlet.function.RouterFunction<org.springframework.web.servlet.function.ServerResponse> fraiseqlRouter(
        FraiseQL engine, FraiseQLProperties properties, ObjectProvider<RequestObserver> observer) {
      return new FraiseQLMvcEndpoint(engine, properties, observer.getIfAvailable(() -> RequestObserver.NOOP)).routes();
    }
  }

  /** {@code fraiseql.path} on WebFlux. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(name = "org.springframework.web.reactive.function.server.RouterFunction")
  @ConditionalOnProperty(prefix = "fraiseql", name = "http-enabled", matchIfMissing = true)
  static class WebFluxConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "fraiseqlRouter")
    org.springframework.web.reactive.function.server.RouterFunction<org.springframework.web.reactive.function.server.ServerResponse> fraiseqlRouter(
        FraiseQL engine, FraiseQLProperties properties, ObjectProvider<RequestObserver> observer) {
      return new FraiseQLWebFluxEndpoint(engine, properties, observer.getIfAvailable(() -> RequestObserver.NOOP)).routes();
    }
  }
}
