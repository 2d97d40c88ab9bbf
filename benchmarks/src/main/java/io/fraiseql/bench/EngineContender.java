package io.fraiseql.bench;

import io.fraiseql.FraiseQL;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The engine in process on one backend, streaming its response into the buffer; named
 * {@code engine-<backend>}, or {@code engine-<backend>-pgbouncer} when it reaches the database
 * through PgBouncer in transaction mode.
 */
final class EngineContender implements Contender {
  private final String name;
  private final FraiseQL engine;
  private final Map<Workload, String> queries = new EnumMap<>(Workload.class);

  EngineContender(String backend, DatabaseUrl url, boolean pgBouncer, int poolSize, Path benchDir) {
    this.name = "engine-" + backend + (pgBouncer ? "-pgbouncer" : "");
    this.engine = FraiseQL.builder().schema(BenchData.sdl(benchDir)).databaseUrl(url).backend(backend)
        .pgBouncer(pgBouncer).poolSize(poolSize).build();
    for (Workload w : Workload.values()) {
      queries.put(w, w.query(benchDir));
    }
  }

  /** For the heap search: one document outside the workload. */
  void runDocument(String query, OutputStream out) throws Exception {
    engine.execute(GraphQLRequest.of(query), out);
  }

  FraiseQL engine() {
    return engine;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void run(Workload workload, Map<String, Object> variables, OutputStream out) throws Exception {
    engine.execute(GraphQLRequest.of(queries.get(workload), variables), out);
  }

  @Override
  public void close() {
    engine.close();
  }
}
