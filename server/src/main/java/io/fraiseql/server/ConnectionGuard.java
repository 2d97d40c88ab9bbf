package io.fraiseql.server;

import io.fraiseql.api.error.ErrorCode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.AttributeKey;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the {@link ClientLimits} on every connection, from the moment it is accepted, on
 * HTTP/1.1 and h2c alike:
 * <ul>
 *   <li><b>cap</b>: beyond {@code maxConnections} open connections a new one is reset at once,
 *       before Vert.x sees it; open connections keep working;
 *   <li><b>request read timeout</b>: a request's head and body must arrive within the timeout from
 *       its first byte, else the client gets 408 (when nothing of a response was sent; on HTTP/2
 *       the stream, on HTTP/1.1 the connection is then closed) or the connection is closed;
 *   <li><b>idle timeout</b>: a connection with no request in progress is closed once it has gone
 *       that long without starting one (bytes that never make a request do not count).
 * </ul>
 * Vert.x's own idle timeout counts any byte as activity and would also cut a request waiting for
 * a slow statement; this one knows which requests are in progress. It hooks into Netty through the
 * Vert.x {@link io.vertx.core.transport.Transport} SPI (NIO, with a handler added to every accepted
 * channel) and into Vert.x Web through {@link #onRequest}; the deadlines are checked by one
 * periodic sweep over the open connections.
 */
final class ConnectionGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
  private static final AttributeKey<Watch> WATCH = AttributeKey.valueOf("fraiseql.connection-guard");
  private static final long REFUSAL_LOG_NANOS = Duration.ofSeconds(10).toNanos();
  /** How long a connection answered 408 is still read (and discarded) before it is closed. */
  private static final long LINGER_MILLIS = 1_000;
  private static final String TIMEOUT_BODY = GraphQLHandler.errorBody(
      "The request did not arrive in time", ErrorCode.BAD_USER_INPUT);

  private final ClientLimits limits;
  private final long idleNanos;
  private final long readNanos;
  private final Set<Watch> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong refusedLogged = new AtomicLong();
  private final AtomicLong nextRefusalLog = new AtomicLong(System.nanoTime());
  private Vertx vertx;
  private long sweep = -1;

  ConnectionGuard(ClientLimits limits) {
    this.limits = limits;
    this.idleNanos = limits.idleTimeout().toNanos();
    this.readNanos = limits.requestReadTimeout().toNanos();
  }

  /** The transport the server's Vert.x is built with: NIO, with this guard on every accepted channel. */
  io.vertx.core.transport.Transport transport() {
    io.vertx.core.spi.transport.Transport spi = new GuardedTransport(io.vertx.core.transport.Transport.NIO.implementation());
    return new io.vertx.core.transport.Transport() {
      @Override
      public String name() {
        return "nio";
      }

      @Override
      public boolean available() {
        return true;
      }

      @Override
      public Throwable unavailabilityCause() {
        return null;
      }

      @Override
      public io.vertx.core.spi.transport.Transport implementation() {
        return spi;
      }
    };
  }

  /** Starts checking the deadlines; {@link Vertx#close()} stops it. */
  void start(Vertx v) {
    this.vertx = v;
    long shortest = Math.min(idleNanos, readNanos);
    long period = Math.max(10, Math.min(1_000, shortest / 10 / 1_000_000));
    sweep = v.setPeriodic(period, id -> sweep());
  }

  void stop() {
    if (vertx != null && sweep >= 0) {
      vertx.cancelTimer(sweep);
    }
  }

  /** Client connections open now. */
  int openConnections() {
    return count.get();
  }

  /** Connections refused because the cap was reached, since the start. */
  long refusedConnections() {
    return refused.get();
  }

  /** Every request, first thing (the router's first handler): its connection is no longer idle. */
  void onRequest(RoutingContext ctx) {
    Watch w = watch(ctx.request().connection());
    if (w != null) {
      w.requestStarted(ctx);
    }
  }

  /** Closes a connection at once, dropping what is still queued for the client. */
  static void closeNow(HttpConnection connection) {
    Watch w = watch(connection);
    if (w != null) {
      w.closeNow();
    } else {
      connection.close();
    }
  }

  private static Watch watch(HttpConnection connection) {
    // Vert.x's HTTP/1.x and HTTP/2 connections both extend ConnectionBase, which knows its channel
    if (connection instanceof io.vertx.core.net.impl.ConnectionBase base) {
      return base.channel().attr(WATCH).get();
    }
    return null;
  }

  private void sweep() {
    long now = System.nanoTime();
    for (Watch w : open) {
      if (w.expired) {
        continue;
      }
      long oldest = w.oldestRead();
      if (oldest != 0 && now - oldest > readNanos) {
        w.channel.eventLoop().execute(w::readTimedOut);
      } else if (w.idle() && now - w.lastActive > idleNanos) {
        w.channel.eventLoop().execute(w::idleTimedOut);
      }
    }
    long pending = refused.get() - refusedLogged.get();
    long due = nextRefusalLog.get();
    if (pending > 0 && now - due >= 0 && nextRefusalLog.compareAndSet(due, now + REFUSAL_LOG_NANOS)) {
      refusedLogged.addAndGet(pending);
      LOG.warn("Refused {} connection(s): {} are open, the limit (--max-connections)", pending, limits.maxConnections());
    }
  }

  /** Accepts a channel within the cap (watching it from now on), or resets it at once. */
  private void accept(Channel ch, ChannelHandler vertxHandler) {
    if (count.incrementAndGet() > limits.maxConnections()) {
      count.decrementAndGet();
      refused.incrementAndGet();
      ch.config().setOption(ChannelOption.SO_LINGER, 0); // a reset: nothing lingers on either side
      ch.close();
      return;
    }
    Watch w = new Watch(ch);
    ch.attr(WATCH).set(w);
    open.add(w);
    ch.closeFuture().addListener(f -> {
      open.remove(w);
      count.decrementAndGet();
    });
    ch.pipeline().addFirst("fraiseql-guard", w);
    ch.pipeline().addLast(vertxHandler);
  }

  /** The deadlines of one connection. Written on its event loop, read by the sweep. */
  final class Watch extends ChannelInboundHandlerAdapter {
    final Channel channel;
    private ChannelHandlerContext context;
    /** When the connection last started or ended a request (or was accepted). */
    volatile long lastActive = System.nanoTime();
    /** HTTP/1.x: the first byte of a request head not yet complete, or 0. */
    volatile long pendingSince;
    volatile boolean http2;
    volatile boolean expired;
    private boolean read;
    /** Requests whose body has not fully arrived, with the time of their first byte. */
    final Map<HttpServerRequest, Long> receiving = new ConcurrentHashMap<>();
    final AtomicInteger inFlight = new AtomicInteger();

    Watch(Channel channel) {
      this.channel = channel;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      this.context = ctx;
    }

    /**
     * Closes the channel from this handler, the first in the pipeline, so the close goes straight
     * to the socket: Vert.x's handler would first wait for the queued bytes to reach a client that
     * may never read them.
     */
    void closeNow() {
      context.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (expired) {
        io.netty.util.ReferenceCountUtil.release(msg); // answered 408 or closing: what still comes is discarded
        return;
      }
      if (!read) {
        read = true;
        http2 = startsWithPreface(msg); // h2c with prior knowledge: "PRI * HTTP/2.0..."
      }
      // on HTTP/1.x bytes between requests begin the next request's head
      if (!http2 && pendingSince == 0 && receiving.isEmpty() && inFlight.get() == 0) {
        pendingSince = System.nanoTime();
      }
      ctx.fireChannelRead(msg);
    }

    private boolean startsWithPreface(Object msg) {
      if (msg instanceof io.netty.buffer.ByteBuf b && b.readableBytes() >= 3) {
        int i = b.readerIndex();
        return b.getByte(i) == 'P' && b.getByte(i + 1) == 'R' && b.getByte(i + 2) == 'I';
      }
      return false;
    }

    void requestStarted(RoutingContext ctx) {
      HttpServerRequest req = ctx.request();
      long now = System.nanoTime();
      if (req.version() == HttpVersion.HTTP_2) {
        http2 = true;
      }
      long start = pendingSince != 0 && inFlight.get() == 0 ? pendingSince : now;
      pendingSince = 0;
      lastActive = now;
      inFlight.incrementAndGet();
      if (!req.isEnded()) {
        receiving.put(req, start);
        req.end().onComplete(ar -> receiving.remove(req));
      }
      ctx.addEndHandler(ar -> {
        receiving.remove(req);
        inFlight.decrementAndGet();
        lastActive = System.nanoTime();
      });
    }

    /** The first byte of the oldest request still arriving, or 0. */
    long oldestRead() {
      long oldest = http2 ? 0 : pendingSince;
      for (Long t : receiving.values()) {
        if (oldest == 0 || t - oldest < 0) {
          oldest = t;
        }
      }
      return oldest;
    }

    boolean idle() {
      return inFlight.get() == 0 && receiving.isEmpty() && (http2 || pendingSince == 0);
    }

    /** On the event loop: answers 408 where nothing was answered yet, and closes. */
    void readTimedOut() {
      long oldest = oldestRead();
      if (expired || oldest == 0 || System.nanoTime() - oldest <= readNanos) {
        return;
      }
      for (Map.Entry<HttpServerRequest, Long> e : receiving.entrySet()) {
        if (e.getValue() != oldest) {
          continue;
        }
        HttpServerRequest req = e.getKey();
        HttpServerResponse response = req.response();
        receiving.remove(req);
        LOG.debug("{}: the request did not arrive within {}", channel.remoteAddress(), Values.format(limits.requestReadTimeout()));
        if (http2) { // the stream, not the connection; what the client still sends is discarded
          if (!response.headWritten() && !response.ended()) {
            response.setStatusCode(408).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                .end(TIMEOUT_BODY);
          } else {
            response.reset(0);
          }
          return;
        }
        expired = true;
        if (!response.headWritten() && !response.ended() && !response.closed()) {
          response.setStatusCode(408).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
              .putHeader(HttpHeaders.CONNECTION, "close").end(TIMEOUT_BODY).onComplete(ar -> lingerThenClose());
        } else {
          closeNow();
        }
        return;
      }
      expired = true;
      LOG.debug("{}: no complete request head within {}", channel.remoteAddress(), Values.format(limits.requestReadTimeout()));
      if (!http2 && inFlight.get() == 0) {
        byte[] body = TIMEOUT_BODY.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json; charset=utf-8\r\n"
            + "content-length: " + body.length + "\r\nconnection: close\r\n\r\n";
        // written below Vert.x's codecs, which have no request to answer
        context.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body))
            .addListener(f -> lingerThenClose());
      } else {
        closeNow();
      }
    }

    /**
     * After a 408: stops sending, and closes a moment later. Closing at once while the client is
     * still sending would reset the connection, and a reset discards the answer the client has not
     * read yet.
     */
    private void lingerThenClose() {
      if (channel instanceof io.netty.channel.socket.SocketChannel socket && channel.isActive()) {
        socket.shutdownOutput().addListener(f -> channel.eventLoop().schedule(() -> {
          closeNow();
        }, LINGER_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS));
      } else {
        closeNow();
      }
    }

    /** On the event loop: closes a connection that is still idle. */
    void idleTimedOut() {
      if (expired || !idle() || System.nanoTime() - lastActive <= idleNanos) {
        return;
      }
      expired = true;
      LOG.debug("{}: closing the connection, idle for {}", channel.remoteAddress(), Values.format(limits.idleTimeout()));
      closeNow();
    }
  }

  /**
   * NIO as Vert.x has it, except that every accepted channel goes through {@link #accept} before
   * Vert.x's own initializer.
   */
  private final class GuardedTransport implements io.vertx.core.spi.transport.Transport {
    private final io.vertx.core.spi.transport.Transport nio;

    GuardedTransport(io.vertx.core.spi.transport.Transport nio) {
      this.nio = nio;
    }

    @Override
    public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
      nio.configure(options, domainSocket, bootstrap);
      ChannelHandler vertxHandler = bootstrap.config().childHandler();
      bootstrap.childHandler(new Gate(vertxHandler));
    }

    @Override
    public boolean supportsDomainSockets() {
      return nio.supportsDomainSockets();
    }

    @Override
    public boolean supportFileRegion() {
      return nio.supportFileRegion();
    }

    @Override
    public boolean isAvailable() {
      return nio.isAvailable();
    }

    @Override
    public Throwable unavailabilityCause() {
      return nio.unavailabilityCause();
    }

    @Override
    public java.net.SocketAddress convert(io.vertx.core.net.SocketAddress address) {
      return nio.convert(address);
    }

    @Override
    public io.vertx.core.net.SocketAddress convert(java.net.SocketAddress address) {
      return nio.convert(address);
    }

    @Override
    public IoHandlerFactory ioHandlerFactory() {
      return nio.ioHandlerFactory();
    }

    @Override
    public EventLoopGroup eventLoopGroup(int type, int nThreads, ThreadFactory threadFactory, int ioRatio) {
      return nio.eventLoopGroup(type, nThreads, threadFactory, ioRatio);
    }

    @Override
    public DatagramChannel datagramChannel() {
      return nio.datagramChannel();
    }

    @Override
    @SuppressWarnings("deprecation") // the SPI's signature
    public DatagramChannel datagramChannel(io.netty.channel.socket.InternetProtocolFamily family) {
      return nio.datagramChannel(family);
    }

    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
      return nio.channelFactory(domainSocket);
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
      return nio.serverChannelFactory(domainSocket);
    }

    @Override
    public void configure(DatagramChannel channel, DatagramSocketOptions options) {
      nio.configure(channel, options);
    }

    @Override
    public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket, io.netty.bootstrap.Bootstrap bootstrap) {
      nio.configure(options, connectTimeout, domainSocket, bootstrap);
    }
  }

  /** The accepted channels' first initializer. */
  @ChannelHandler.Sharable
  private final class Gate extends ChannelInitializer<Channel> {
    private final ChannelHandler vertxHandler;

    Gate(ChannelHandler vertxHandler) {
      this.vertxHandler = vertxHandler;
    }

    @Override
    protected void initChannel(Channel ch) {
      accept(ch, vertxHandler);
    }
  }
}
