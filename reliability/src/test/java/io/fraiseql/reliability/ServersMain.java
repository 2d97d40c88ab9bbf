package io.fraiseql.reliability;

import io.fraiseql.server.Main;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts one {@code serve} per backend in this JVM through the real command line and prints
 * {@code ready <backend> <port>} for each; then waits to be killed. Used by
 * {@link LogAmplificationTest}, which reads the console of this JVM.
 */
public final class ServersMain {
  private ServersMain() {}

  public static void main(String[] args) throws InterruptedException {
    for (String backend : List.of("jdbc", "vertx", "r2dbc")) {
      List<String> serve = new ArrayList<>(List.of(args));
      serve.addAll(List.of("--backend", backend));
      Main.Running running = Main.run(serve.toArray(String[]::new), Map.of(), System.out, System.err);
      if (running.exitCode() != 0) {
        System.exit(running.exitCode());
      }
      System.out.println("ready " + backend + " " + running.server().port());
      System.out.flush();
    }
    Thread.currentThread().join();
  }
}
