package io.fraiseql.server;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * What the server allows one client connection, so that clients which connect and say nothing,
 * send a request slowly, or open connections by the thousand cannot take it down.
 *
 * @param idleTimeout a connection with no request in progress is closed after this long without one
 * @param requestReadTimeout a request's head and body must arrive within this, from its first byte
 * @param maxConnections open client connections; beyond it new ones are closed at once
 * @param maxStreams responses that may stream a large answer at once (each holds a database
 *     connection while its client reads); 0 for the engine's default, half the pool size
 */
public record ClientLimits(Duration idleTimeout, Duration requestReadTimeout, int maxConnections, int maxStreams) {
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_REQUEST_READ_TIMEOUT = Duration.ofSeconds(30);
  /** The cap on connections when the process may open enough files. */
  public static final int MAX_CONNECTIONS_CAP = 10_000;

  /** The defaults: 60 s idle, 30 s to read a request, {@link #defaultMaxConnections()}, half the pool streaming. */
  public static final ClientLimits DEFAULTS = new ClientLimits(DEFAULT_IDLE_TIMEOUT, DEFAULT_REQUEST_READ_TIMEOUT,
      defaultMaxConnections(), 0);

  public ClientLimits {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(requestReadTimeout, "requestReadTimeout");
    if (idleTimeout.isNegative() || idleTimeout.isZero() || requestReadTimeout.isNegative() || requestReadTimeout.isZero()) {
      throw new IllegalArgumentException("the idle and request read timeouts must be positive");
    }
    if (maxConnections < 1 || maxStreams < 0) {
      throw new IllegalArgumentException("maxConnections must be positive and maxStreams not negative");
    }
  }

  /**
   * {@value #MAX_CONNECTIONS_CAP}, or half the process's open-file limit when that is lower (the
   * rest is for the database pool, the jar and the logs), at least 64.
   */
  public static int defaultMaxConnections() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long files = unix.getMaxFileDescriptorCount();
      if (files > 0) {
        return (int) Math.max(64, Math.min(MAX_CONNECTIONS_CAP, files / 2));
      }
    }
    return MAX_CONNECTIONS_CAP;
  }

  /** A copy with other timeouts. */
  public ClientLimits withTimeouts(Duration idle, Duration read) {
    return new ClientLimits(idle, read, maxConnections, maxStreams);
  }
}
