package io.fraiseql.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code fraiseql.*} settings. With a {@code DataSource} (or {@code spring.datasource.*}) and a
 * {@code schema.graphql} on the class path an application needs none of them.
 */
@ConfigurationProperties("fraiseql")
public class FraiseQLProperties {
  /** The SDL, as a Spring resource location. */
  private String schema = "classpath:schema.graphql";

  /** The HTTP path of the GraphQL endpoint (GET and POST). */
  private String path = "/graphql";

  /** Serve GraphQL over HTTP at {@link #path}; false leaves only the {@code FraiseQL} bean. */
  private boolean httpEnabled = true;

  /** The backend id ({@code jdbc}, {@code vertx}, {@code r2dbc}); default: the only one present. */
  private String backend;

  /**
   * {@code postgresql://user:pass@host:port/db}; default: the application's {@code DataSource}
   * (jdbc backend) or {@code spring.datasource.url}, username and password (other backends).
   */
  private String databaseUrl;

  /** Connections of the engine's own pool (not used when the application's DataSource is). */
  private Integer poolSize;

  /** Per-statement timeout. */
  private Duration statementTimeout = Duration.ofSeconds(30);

  /** How long a request waits for a free connection (engine's own pool). */
  private Duration poolTimeout = Duration.ofSeconds(5);

  /**
   * PostgreSQL settings set in every transaction, each {@code NAME=SOURCE} with SOURCE one of
   * {@code header:X-Tenant-Id}, {@code claim:sub} (a JWT claim of the authenticated principal;
   * nested claims by dotted path) or {@code principal} (the authenticated principal's name).
   */
  private List<String> sessionVariables = new ArrayList<>();

  /** Largest POST body in bytes. */
  private int maxBodySize = 1024 * 1024;

  public String getSchema() {
    return schema;
  }

  public void setSchema(String schema) {
    this.schema = schema;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public boolean isHttpEnabled() {
    return httpEnabled;
  }

  public void setHttpEnabled(boolean httpEnabled) {
    this.httpEnabled = httpEnabled;
  }

  public String getBackend() {
    return backend;
  }

  public void setBackend(String backend) {
    this.backend = backend;
  }

  public String getDatabaseUrl() {
    return databaseUrl;
  }

  public void setDatabaseUrl(String databaseUrl) {
    this.databaseUrl = databaseUrl;
  }

  public Integer getPoolSize() {
    return poolSize;
  }

  public void setPoolSize(Integer poolSize) {
    this.poolSize = poolSize;
  }

  public Duration getStatementTimeout() {
    return statementTimeout;
  }

  public void setStatementTimeout(Duration statementTimeout) {
    this.statementTimeout = statementTimeout;
  }

  public Duration getPoolTimeout() {
    return poolTimeout;
  }

  public void setPoolTimeout(Duration poolTimeout) {
    this.poolTimeout = poolTimeout;
  }

  public List<String> getSessionVariables() {
    return sessionVariables;
  }

  public void setSessionVariables(List<String> sessionVariables) {
    this.sessionVariables = sessionVariables;
  }

  public int getMaxBodySize() {
    return maxBodySize;
  }

  public void setMaxBodySize(int maxBodySize) {
    this.maxBodySize = maxBodySize;
  }
}
