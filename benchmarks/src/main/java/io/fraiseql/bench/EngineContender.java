package io.fraiseql.bench;

import io.fraiseql.FraiseQL;
import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.api.GraphQLRequest;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The engine in process on one backend, streaming its response into the buffer; named
 * {@code engine-<backend>}, or {@code engine-<backend>-pgbouncer} when it reaches the database
 * through PgBouncer in transaction mode. The {@code -tv} contenders are the same engine with users
 * and posts read from the table views {@code tv_user} and {@code tv_post} of the copy of the data
 * set that has them.
 */
final class EngineContender implements Contender {
  /**
   * What the table-view contenders measure: the reads of users and posts (and the aggregates of
   * posts, whose view joins every post to its author), and the writes to posts.
   */
  static final Set<Workload> TABLE_VIEW_WORKLOADS =
      EnumSet.of(Workload.Q2, Workload.Q3, Workload.A1, Workload.A2, Workload.M1, Workload.M2, Workload.M3);

  private final String name;
  private final FraiseQL engine;
  private final Set<Workload> workloads;
  private final Map<Workload, String> queries = new EnumMap<>(Workload.class);

  EngineContender(String backend, DatabaseUrl url, boolean pgBouncer, int poolSize, Path benchDir) {
    this("engine-" + backend + (pgBouncer ? "-pgbouncer" : ""), BenchData.sdl(benchDir), backend, url, pgBouncer,
        poolSize, benchDir, EnumSet.allOf(Workload.class));
  }

  private EngineContender(String name, String sdl, String backend, DatabaseUrl url, boolean pgBouncer, int poolSize,
      Path benchDir, Set<Workload> workloads) {
    this.name = name;
    this.workloads = workloads;
    this.engine = FraiseQL.builder().schema(sdl).databaseUrl(url).backend(backend).pgBouncer(pgBouncer)
        .poolSize(poolSize).build();
    for (Workload w : Workload.values()) {
      queries.put(w, w.query(benchDir));
    }
  }

  /** The engine over tv_user and tv_post (see {@link BenchData#loadTableViews}). */
  static EngineContender onTableViews(String backend, DatabaseUrl url, int poolSize, Path benchDir) {
    return new EngineContender("engine-" + backend + BenchEnv.TABLE_VIEWS, BenchData.tableViewSdl(benchDir), backend,
        url, false, poolSize, benchDir, TABLE_VIEW_WORKLOADS);
  }

  @Override
  public boolean supports(Workload workload) {
    return workloads.contains(workload);
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
