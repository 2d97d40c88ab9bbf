package io.fraiseql.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed {@code postgresql://user:pass@host:port/db?param=value} URL. {@link #toString()}
 * prints the password as {@code REDACTED}, so the object is safe to log.
 */
public final class DatabaseUrl {
  private final String host;
  private final int port;
  private final String database;
  private final String user;
  private final String password;
  private final Map<String, String> parameters;

  private DatabaseUrl(
      String host, int port, String database, String user, String password, Map<String, String> p) {
    this.host = host;
    this.port = port;
    this.database = database;
    this.user = user;
    this.password = password;
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(p));
  }

  /** Builds a URL from its parts. */
  public static DatabaseUrl of(String host, int port, String database, String user, String password) {
    return new DatabaseUrl(
        Objects.requireNonNull(host), port, Objects.requireNonNull(database), user, password, Map.of());
  }

  /**
   * Parses {@code postgresql://} or {@code postgres://} URLs. The error message never repeats the
   * URL, which may contain a password.
   */
  public static DatabaseUrl parse(String url) {
    Objects.requireNonNull(url, "url");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "The database URL is not a valid URI; expected postgresql://user:pass@host:port/db");
    }
    String scheme = uri.getScheme();
    if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
      throw new IllegalArgumentException(
          "The database URL must start with postgresql:// (got scheme " + scheme + ")");
    }
    String host = uri.getHost() == null ? "localhost" : uri.getHost();
    int port = uri.getPort() == -1 ? 5432 : uri.getPort();
    String path = uri.getRawPath();
    if (path == null || path.length() <= 1) {
      throw new IllegalArgumentException("The database URL names no database");
    }
    String database = decode(path.substring(1));
    String user = null;
    String password = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }
    Map<String, String> params = new LinkedHashMap<>();
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        params.put(
            decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return new DatabaseUrl(host, port, database, user, password, params);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String database() {
    return database;
  }

  /** The user name, or {@code null}. */
  public String user() {
    return user;
  }

  /** The password, or {@code null}. Never log it. */
  public String password() {
    return password;
  }

  /** Extra query parameters ({@code sslmode}, ...), in URL order. */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** The pgjdbc URL of this database, without credentials or parameters. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /**
   * The connection properties for pgjdbc's {@code DriverManager}: {@code user} and {@code password}
   * when set, then the URL's parameters. The result holds the password: never log it.
   */
  public java.util.Properties jdbcProperties() {
    java.util.Properties props = new java.util.Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    parameters.forEach(props::setProperty);
    return props;
  }

  @Override
  public String toString() {
    return "postgresql://"
        + (user == null ? "" : user + (password == null ? "" : ":REDACTED") + "@")
        + host
        + ":"
        + port
        + "/"
        + database;
  }
}
