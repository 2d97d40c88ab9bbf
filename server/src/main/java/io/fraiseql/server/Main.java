package io.fraiseql.server;

import io.fraiseql.FraiseQL;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;

/** {@code java -jar fraiseql-server.jar serve|demo|init|sql|schema|table-view|--help|--version}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Running running = run(args, System.getenv(), System.out, System.err);
    if (running.exitCode() != 0) {
      System.exit(running.exitCode());
    }
    if (running.server() != null) {
      AutoCloseable resource = running.resource();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        closeQuietly(resource);
        LogSetup.flush(); // last: the lines of the shutdown still queued in the async appender
      }, "fraiseql-shutdown"));
      try {
        running.awaitStop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The outcome of a command: an exit status, and for {@code serve} and {@code demo} the running
   * server (its owner closes it).
   */
  public record Running(int exitCode, FraiseQLServer server, AutoCloseable resource) {
    /** Blocks until the server stops. */
    public void awaitStop() throws InterruptedException {
      server.awaitStop();
    }
  }

  /** Runs a command with the given environment; never calls {@code System.exit}. */
  public static Running run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Cli.Command command;
    try {
      command = Cli.parse(Arrays.asList(args), env);
    } catch (Cli.UsageException e) {
      err.println("fraiseql-server: " + e.getMessage());
      err.println("Run with --help for the commands and options.");
      return new Running(2, null, null);
    }
    try {
      if (command instanceof Cli.Help) {
        out.print(Cli.help());
        return new Running(0, null, null);
      }
      if (command instanceof Cli.Version) {
        out.println("fraiseql-server " + version() + " (Java " + Runtime.version() + ")");
        return new Running(0, null, null);
      }
      if (command instanceof Cli.Sql) {
        out.print(SqlScripts.resource(SqlScripts.MUTATION_RESPONSE));
        out.flush();
        return new Running(0, null, null);
      }
      if (command instanceof Cli.TableViewRun tableView) {
        return new Running(TableViewCommand.run(tableView, out, err), null, null);
      }
      if (command instanceof Cli.PrintSchema schema) {
        try {
          out.print(FraiseQL.printSchema(schema.sdl()));
        } catch (RuntimeException e) {
          err.println("fraiseql-server: the schema cannot be served: " + e.getMessage());
          return new Running(1, null, null);
        }
        out.flush();
        return new Running(0, null, null);
      }
      if (command instanceof Cli.Init init) {
        return new Running(init(init, out, err), null, null);
      }
      if (command instanceof Cli.Serve serve) {
        LogSetup.apply(serve.config().production().logFormat());
        FraiseQLServer server = FraiseQLServer.start(serve.config());
        return new Running(0, server, server);
      }
      Cli.DemoRun demo = (Cli.DemoRun) command;
      LogSetup.apply(demo.config().production().logFormat());
      Demo running = Demo.start(demo.config(), demo.loadExample(), out);
      return new Running(0, running.server(), running);
    } catch (RuntimeException | java.util.ServiceConfigurationError e) {
      // ServiceConfigurationError: a broken backend jar on the class path
      err.println("fraiseql-server: cannot start: " + e.getMessage());
      return new Running(1, null, null);
    }
  }

  /** The server's version, from the jar. */
  static String version() {
    try (java.io.InputStream in = Main.class.getClassLoader().getResourceAsStream("fraiseql/server-version.properties")) {
      java.util.Properties p = new java.util.Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** {@code init}: reads the catalog and writes the SDL; 1 when the database cannot be read. */
  private static int init(Cli.Init init, PrintStream out, PrintStream err) {
    String sdl;
    try (Connection c = DriverManager.getConnection(init.databaseUrl().jdbcUrl(), init.databaseUrl().jdbcProperties())) {
      sdl = SchemaInit.generate(c, init.viewPatterns(), init.sample());
    } catch (SQLException e) {
      err.println("fraiseql-server: cannot read the views of " + init.databaseUrl() + ": " + e.getMessage());
      return 1;
    }
    if (init.out() == null) {
      out.print(sdl);
      out.flush();
      return 0;
    }
    try {
      Files.writeString(init.out(), sdl, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("fraiseql-server: cannot write " + init.out() + ": " + e.getMessage());
      return 1;
    }
    err.println("fraiseql-server: wrote " + init.out());
    return 0;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      System.err.println("fraiseql-server: error while stopping: " + e.getMessage());
    }
  }
}
