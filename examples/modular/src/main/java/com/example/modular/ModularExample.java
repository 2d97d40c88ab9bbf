package com.example.modular;

import io.fraiseql.FraiseQL;
import io.fraiseql.api.GraphQLRequest;
import io.fraiseql.spi.BackendProvider;
import io.fraiseql.spi.Backends;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs one query on the module path and checks what the module system says about FraiseQL:
 * {@code ModularExample SCHEMA_FILE DATABASE_URL BACKEND...} (the backends expected on the module
 * path; with several, {@code FRAISEQL_DB_BACKEND} picks one). Exits non-zero on any failed check.
 */
public final class ModularExample {
  /** FraiseQL's modules that every application has. */
  static final List<String> ENGINE = List.of(
      "io.fraiseql", "io.fraiseql.api", "io.fraiseql.planner", "io.fraiseql.sql", "io.fraiseql.transform");
  /** The only modules an internal package may be exported to. */
  static final Set<String> FRIENDS = Set.of("io.fraiseql", "io.fraiseql.server");

  private ModularExample() {}

  public static void main(String[] args) throws Exception {
    Module self = ModularExample.class.getModule();
    check(self.isNamed() && self.getName().equals("com.example.modular"), "runs as a named module: " + self);

    // the providers found through the module graph, each from its own named module
    List<BackendProvider> found = Backends.discover(ModularExample.class.getClassLoader());
    Set<String> ids = new TreeSet<>();
    for (BackendProvider p : found) {
      Module m = p.getClass().getModule();
      check(m.getName().equals("io.fraiseql.backend." + p.id()) && !m.getDescriptor().isAutomatic(),
          "provider " + p.id() + " comes from an explicit module: " + m);
      ids.add(p.id());
    }
    Set<String> expected = new TreeSet<>(List.of(args).subList(2, args.length));
    check(ids.equals(expected), "backends found " + ids + ", expected " + expected);
    System.out.println("backends: " + ids);
    if (ids.contains("vertx") || ids.contains("r2dbc")) {
      // their drivers need SCRAM for password authentication (PostgreSQL's default)
      check(ModuleLayer.boot().findModule("com.ongres.scram.client").isPresent(), "SCRAM is resolved");
    }
    System.out.println("chosen: " + Backends.select(found, null, System.getenv(Backends.ENV)).id());

    int closed = 0;
    for (Module m : ModuleLayer.boot().modules()) {
      if (m.getName().startsWith("io.fraiseql")) {
        closed += checkEncapsulation(m, self);
      }
    }
    for (String name : ENGINE) {
      check(ModuleLayer.boot().findModule(name).isPresent(), "module " + name + " is resolved");
    }
    check(closed == 4, "four internal packages, all closed (" + closed + ")");
    checkReflectionIsRefused();
    System.out.println("internal packages closed: " + closed);

    try (FraiseQL engine = FraiseQL.builder().schemaFile(Path.of(args[0])).databaseUrl(args[1]).build()) {
      byte[] json = engine.execute(GraphQLRequest.of("{ users { id email } }"));
      System.out.println(new String(json, StandardCharsets.UTF_8));
    }
  }

  /** The module is explicit and exports its internal packages to FraiseQL's own modules at most. */
  private static int checkEncapsulation(Module m, Module self) {
    ModuleDescriptor d = m.getDescriptor();
    check(!d.isAutomatic() && !d.isOpen(), m.getName() + " has a module descriptor");
    check(d.opens().isEmpty(), m.getName() + " opens nothing");
    int internal = 0;
    for (String pkg : m.getPackages()) {
      if (pkg.endsWith(".internal")) {
        internal++;
        check(!m.isExported(pkg, self) && !m.isOpen(pkg, self), pkg + " is closed to applications");
      }
    }
    for (ModuleDescriptor.Exports e : d.exports()) {
      if (e.source().endsWith(".internal")) {
        check(e.isQualified() && FRIENDS.containsAll(e.targets()), e + " is exported only to FraiseQL");
      }
    }
    return internal;
  }

  /** A public method of a public class in an internal package cannot be called, not even reflectively. */
  private static void checkReflectionIsRefused() throws ClassNotFoundException, NoSuchMethodException,
      InvocationTargetException {
    Method snakeCase = Class.forName("io.fraiseql.planner.internal.Names").getMethod("snakeCase", String.class);
    try {
      snakeCase.invoke(null, "fullName");
      throw new IllegalStateException("io.fraiseql.planner.internal.Names.snakeCase was callable");
    } catch (IllegalAccessException expected) {
      // not exported to this module
    }
    try {
      snakeCase.setAccessible(true);
      throw new IllegalStateException("io.fraiseql.planner.internal.Names.snakeCase was made accessible");
    } catch (InaccessibleObjectException expected) {
      // not opened to this module
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("check failed: " + what);
    }
  }
}
