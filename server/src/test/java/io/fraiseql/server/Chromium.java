package io.fraiseql.server;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A headless Chromium driven over the Chrome DevTools Protocol (a WebSocket, with Vert.x's
 * client): navigate, evaluate JavaScript, wait for a condition, and the events seen (requests,
 * console errors, exceptions). Started with the flags that work on a root-run CI machine.
 */
final class Chromium implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final Process process;
  private final Path profile;
  private final Vertx vertx = Vertx.vertx();
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
  /** Every event received, in order. */
  final List<JsonObject> events = Collections.synchronizedList(new ArrayList<>());

  /** The browser's executable: {@code FRAISEQL_CHROMIUM}, else chromium (Debian) or Chrome on the PATH, else null. */
  static String executable() {
    String given = System.getenv("FRAISEQL_CHROMIUM");
    if (given != null && !given.isBlank()) {
      return given;
    }
    for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    return null;
  }

  Chromium(String executable) throws Exception {
    profile = Files.createTempDirectory("fraiseql-chromium");
    Path log = profile.resolve("chromium.log");
    process = new ProcessBuilder(executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0", "about:blank")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    // Chromium writes the port it chose, then the browser's WebSocket path, into this file
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String output = Files.exists(log) ? Files.readString(log) : "";
        close();
        throw new IllegalStateException("Chromium did not start: " + output);
      }
      Thread.sleep(50);
    }
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
    String page = pageSocket(port);
    WebSocketClient client = vertx.createWebSocketClient(new io.vertx.core.http.WebSocketClientOptions()
        .setMaxFrameSize(64 * 1024 * 1024).setMaxMessageSize(64 * 1024 * 1024));
    URI uri = URI.create(page);
    socket = client.connect(new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort())
            .setURI(uri.getPath()))
        .toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    socket.textMessageHandler(text -> {
      JsonObject message = new JsonObject(text);
      Integer id = message.getInteger("id");
      if (id != null) {
        CompletableFuture<JsonObject> f = pending.remove(id);
        if (f != null) {
          f.complete(message);
        }
      } else {
        events.add(message);
      }
    });
  }

  /** The WebSocket URL of the page the browser opened. */
  private static String pageSocket(int port) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      var r = Fixture.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
          .timeout(Duration.ofSeconds(10)).GET().build());
      for (Object t : new JsonArray(r.body())) {
        JsonObject target = (JsonObject) t;
        if ("page".equals(target.getString("type"))) {
          return target.getString("webSocketDebuggerUrl");
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Chromium has no page: " + r.body());
      }
      Thread.sleep(50);
    }
  }

  /** Sends a command and waits for its result. */
  JsonObject send(String method, JsonObject params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonObject> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.writeTextMessage(new JsonObject().put("id", id).put("method", method).put("params", params).encode());
    JsonObject message = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (message.containsKey("error")) {
      throw new IllegalStateException(method + " failed: " + message.getJsonObject("error").encode());
    }
    return message.getJsonObject("result");
  }

  /** The value of a JavaScript expression (awaited when it is a promise). */
  Object evaluate(String expression) throws Exception {
    JsonObject result = send("Runtime.evaluate", new JsonObject().put("expression", expression)
        .put("returnByValue", true).put("awaitPromise", true));
    if (result.containsKey("exceptionDetails")) {
      throw new IllegalStateException("the page threw: " + result.getJsonObject("exceptionDetails").encode());
    }
    return result.getJsonObject("result").getValue("value");
  }

  /** Evaluates {@code expression} until {@code done} accepts its value; fails with {@code what} after a minute. */
  Object await(String what, String expression, Predicate<Object> done) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Object value = null;
    while (System.nanoTime() < deadline) {
      value = evaluate(expression);
      if (done.test(value)) {
        return value;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for " + what + "; last value: " + value + "; page: "
        + evaluate("document.body ? document.body.innerText.slice(0, 2000) : ''"));
  }

  /** The events of one method. */
  List<JsonObject> events(String method) {
    synchronized (events) {
      return events.stream().filter(e -> method.equals(e.getString("method"))).toList();
    }
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
    if (process != null) {
      List<ProcessHandle> children = process.descendants().toList();
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      children.forEach(ProcessHandle::destroyForcibly); // its renderers and helpers, started by it
    }
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind
    }
  }
}
