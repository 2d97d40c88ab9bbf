package io.fraiseql.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.LightDataFetcher;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.WiringFactory;
import io.fraiseql.api.DatabaseUrl;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The conventional Java GraphQL stack, written the way a team would today: graphql-java's own
 * execution over a hand-written schema, one DataFetcher per root field that reads the same
 * views over JDBC (HikariCP, same pool size), each row's {@code data} parsed by Jackson into a
 * {@code Map}; nested objects (author, comments) come from the parent's map because the views
 * embed them (no N+1, so no DataLoader needed); the {@code ExecutionResult} is serialized with
 * Jackson. Parsed and validated documents are cached, as graphql-java's documentation
 * recommends. Filters and ordering use the views' flat columns, and the id is the last ORDER BY
 * key, so PostgreSQL does the same work for both stacks and both return the same rows.
 */
final class BaselineContender implements Contender {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final HikariDataSource pool;
  private final GraphQL graphql;
  private final Map<Workload, String> queries = new EnumMap<>(Workload.class);

  BaselineContender(DatabaseUrl url, int poolSize, Path benchDir) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("baseline");
    hc.setJdbcUrl(url.jdbcUrl());
    if (url.user() != null) {
      hc.setUsername(url.user());
    }
    if (url.password() != null) {
      hc.setPassword(url.password());
    }
    hc.setMaximumPoolSize(poolSize);
    hc.setMinimumIdle(Math.min(2, poolSize));
    this.pool = new HikariDataSource(hc);
    this.graphql = GraphQL.newGraphQL(schema()).preparsedDocumentProvider(new DocumentCache()).build();
    for (Workload w : Workload.values()) {
      queries.put(w, w.query(benchDir));
    }
  }

  @Override
  public String name() {
    return "baseline";
  }

  @Override
  public boolean supports(Workload workload) {
    return !workload.aggregate(); // the conventional stack has no aggregate resolvers
  }

  @Override
  public void run(Workload workload, Map<String, Object> variables, OutputStream out) throws Exception {
    runDocument(queries.get(workload), variables, out);
  }

  void runDocument(String query, Map<String, Object> variables, OutputStream out) throws Exception {
    ExecutionResult result =
        graphql.execute(ExecutionInput.newExecutionInput().query(query).variables(variables).build());
    MAPPER.writeValue(out, result.toSpecification());
  }

  @Override
  public void close() {
    pool.close();
  }

  // ------------------------------------------------------------------------------ schema

  private GraphQLSchema schema() {
    View users = new View("v_user", Map.of("id", "uuid", "email", "text", "createdAt", "timestamptz",
        "isActive", "boolean", "age", "integer"));
    View posts = new View("v_post", Map.of("id", "uuid", "authorId", "uuid", "published", "boolean",
        "createdAt", "timestamptz"));
    View comments = new View("v_comment", Map.of("id", "uuid", "postId", "uuid", "authorId", "uuid",
        "createdAt", "timestamptz"));
    RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
        .scalar(passThrough("DateTime"))
        .scalar(passThrough("JSON"))
        .wiringFactory(new SnakeCaseKeys())
        .type("Query", t -> t
            .dataFetcher("users", list(users)).dataFetcher("user", byId(users))
            .dataFetcher("posts", list(posts)).dataFetcher("post", byId(posts))
            .dataFetcher("comments", list(comments)))
        .type("Mutation", t -> t
            .dataFetcher("createPost", this::createPost)
            .dataFetcher("updatePost", this::updatePost)
            .dataFetcher("publishPost", this::publishPost))
        .type("PublishPostResult", t -> t.typeResolver(env -> env.getSchema().getObjectType(
            ((Map<?, ?>) env.getObject()).containsKey("code") ? "PublishPostError" : "PublishPostSuccess")))
        .build();
    return new SchemaGenerator().makeExecutableSchema(
        new SchemaParser().parse(BenchData.resource("bench/baseline.graphql")), wiring);
  }

  /** A view with the flat columns filters and ordering may use: GraphQL field to SQL type. */
  private record View(String name, Map<String, String> columns) {
    String column(String field) {
      if (!columns.containsKey(field)) {
        throw new IllegalArgumentException("cannot filter or sort " + name + " by " + field);
      }
      return snake(field);
    }
  }

  private DataFetcher<Map<String, Object>> byId(View view) {
    String sql = "SELECT data FROM " + view.name() + " WHERE id = CAST(? AS uuid)";
    return env -> {
      List<Map<String, Object>> rows = query(sql, List.<Object>of(env.<String>getArgument("id")));
      return rows.isEmpty() ? null : rows.get(0);
    };
  }

  private DataFetcher<List<Map<String, Object>>> list(View view) {
    return env -> {
      StringBuilder sql = new StringBuilder("SELECT data FROM ").append(view.name());
      List<Object> binds = new ArrayList<>();
      Map<String, Map<String, Object>> where = env.getArgument("where");
      if (where != null && !where.isEmpty()) {
        String sep = " WHERE ";
        for (Map.Entry<String, Map<String, Object>> field : where.entrySet()) {
          String column = view.column(field.getKey());
          String type = view.columns().get(field.getKey());
          for (Map.Entry<String, Object> op : field.getValue().entrySet()) {
            if (op.getValue() == null) {
              continue;
            }
            sql.append(sep).append(column);
            sep = " AND ";
            if (op.getKey().equals("in")) {
              sql.append(" = ANY(CAST(? AS ").append(type).append("[]))");
              binds.add(((List<?>) op.getValue()).toArray());
            } else {
              sql.append(operator(op.getKey())).append("CAST(? AS ").append(type).append(')');
              binds.add(op.getValue());
            }
          }
        }
      }
      sql.append(" ORDER BY ");
      List<Map<String, String>> orderBy = env.getArgument("orderBy");
      if (orderBy != null) {
        for (Map<String, String> item : orderBy) {
          for (Map.Entry<String, String> key : item.entrySet()) {
            sql.append(view.column(key.getKey())).append(key.getValue().equals("DESC") ? " DESC, " : " ASC, ");
          }
        }
      }
      sql.append("id");
      Integer limit = env.getArgument("limit");
      if (limit != null) {
        sql.append(" LIMIT ?");
        binds.add(limit);
      }
      Integer offset = env.getArgument("offset");
      if (offset != null) {
        sql.append(" OFFSET ?");
        binds.add(offset);
      }
      return query(sql.toString(), binds);
    };
  }

  private static String operator(String op) {
    return switch (op) {
      case "eq" -> " = ";
      case "neq" -> " <> ";
      case "gt" -> " > ";
      case "gte" -> " >= ";
      case "lt" -> " < ";
      case "lte" -> " <= ";
      default -> throw new IllegalArgumentException("unsupported operator " + op);
    };
  }

  private List<Map<String, Object>> query(String sql, List<Object> binds) throws Exception {
    try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      return rows(c, ps, binds);
    }
  }

  private static List<Map<String, Object>> rows(Connection c, PreparedStatement ps, List<Object> binds) throws Exception {
    bind(c, ps, binds);
    List<Map<String, Object>> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(MAPPER.readValue(rs.getString(1), MAP));
      }
    }
    return rows;
  }

  private static void bind(Connection c, PreparedStatement ps, List<Object> binds) throws SQLException {
    for (int i = 0; i < binds.size(); i++) {
      Object v = binds.get(i);
      if (v instanceof Object[] array) {
        ps.setArray(i + 1, c.createArrayOf("text", array));
      } else if (v instanceof List<?> list) {
        ps.setArray(i + 1, c.createArrayOf("text", list.toArray()));
      } else {
        ps.setObject(i + 1, v);
      }
    }
  }

  // --------------------------------------------------------------------------- mutations

  private static final Map<String, String> POST_COLUMNS = Map.of("id", "uuid", "authorId", "uuid",
      "title", "text", "body", "text", "published", "boolean", "tags", "text[]");
  private static final String REREAD_POST = "SELECT data FROM v_post WHERE id = CAST(? AS uuid)";

  private Map<String, Object> createPost(DataFetchingEnvironment env) throws Exception {
    Map<String, Object> input = env.getArgument("input");
    StringBuilder columns = new StringBuilder();
    StringBuilder values = new StringBuilder();
    List<Object> binds = new ArrayList<>();
    for (Map.Entry<String, Object> e : input.entrySet()) {
      String sep = binds.isEmpty() ? "" : ", ";
      columns.append(sep).append(snake(e.getKey()));
      values.append(sep).append("CAST(? AS ").append(POST_COLUMNS.get(e.getKey())).append(')');
      binds.add(e.getValue());
    }
    String insert = "INSERT INTO tb_post (" + columns + ") VALUES (" + values + ")";
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(insert)) {
        bind(c, ps, binds);
        ps.executeUpdate();
      }
      return reread(c, input.get("id"));
    });
  }

  private Map<String, Object> updatePost(DataFetchingEnvironment env) throws Exception {
    Object id = env.getArgument("id");
    Map<String, Object> input = env.getArgument("input");
    StringBuilder set = new StringBuilder();
    List<Object> binds = new ArrayList<>();
    for (Map.Entry<String, Object> e : input.entrySet()) {
      set.append(binds.isEmpty() ? "" : ", ").append(snake(e.getKey()))
          .append(" = CAST(? AS ").append(POST_COLUMNS.get(e.getKey())).append(')');
      binds.add(e.getValue());
    }
    return inTransaction(c -> {
      if (!binds.isEmpty()) {
        binds.add(id);
        try (PreparedStatement ps = c.prepareStatement("UPDATE tb_post SET " + set + " WHERE id = CAST(? AS uuid)")) {
          bind(c, ps, binds);
          if (ps.executeUpdate() == 0) {
            throw new IllegalArgumentException("No Post with this id exists");
          }
        }
      }
      return reread(c, id);
    });
  }

  private Map<String, Object> publishPost(DataFetchingEnvironment env) throws Exception {
    Map<String, Object> input = env.getArgument("input");
    Map<String, Object> snakeInput = new LinkedHashMap<>();
    input.forEach((k, v) -> snakeInput.put(snake(k), v));
    String json = MAPPER.writeValueAsString(snakeInput);
    return inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT status, message, entity::text, updated_fields FROM fn_publish_post(CAST(? AS jsonb))")) {
        ps.setString(1, json);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          String status = rs.getString(1);
          Map<String, Object> result = new LinkedHashMap<>();
          result.put("status", status);
          result.put("message", rs.getString(2));
          if (status.equals("success") || status.equals("created") || status.equals("updated")) {
            String entity = rs.getString(3);
            java.sql.Array fields = rs.getArray(4);
            List<String> updated = new ArrayList<>();
            if (fields != null) {
              for (Object f : (Object[]) fields.getArray()) {
                updated.add(camel((String) f));
              }
            }
            result.put("updated_fields", updated);
            result.put("post", entity == null ? null : MAPPER.readValue(entity, MAP));
            return result;
          }
          int code = status.startsWith("not_found") ? 404 : status.startsWith("conflict") ? 409 : 422;
          result.put("code", code);
          result.put("errors", List.of(Map.of("code", code, "identifier", status.substring(status.indexOf(':') + 1),
              "message", String.valueOf(result.get("message")))));
          c.rollback();
          return result;
        }
      }
    });
  }

  private static Map<String, Object> reread(Connection c, Object id) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(REREAD_POST)) {
      List<Map<String, Object>> rows = rows(c, ps, List.of(id));
      return rows.isEmpty() ? null : rows.get(0);
    }
  }

  private interface Work<T> {
    T run(Connection c) throws Exception;
  }

  private <T> T inTransaction(Work<T> work) throws Exception {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (Exception e) {
        c.rollback();
        throw e;
      }
    }
  }

  // ------------------------------------------------------------------------ plumbing

  /** Object fields read their value from the parent map under the snake_case key. */
  private static final class SnakeCaseKeys implements WiringFactory {
    @Override
    public DataFetcher<?> getDefaultDataFetcher(FieldWiringEnvironment env) {
      return new MapKey(snake(env.getFieldDefinition().getName()));
    }
  }

  private record MapKey(String key) implements LightDataFetcher<Object> {
    @Override
    public Object get(GraphQLFieldDefinition field, Object source, Supplier<DataFetchingEnvironment> env) {
      return source instanceof Map<?, ?> m ? m.get(key) : null;
    }

    @Override
    public Object get(DataFetchingEnvironment env) {
      return get(null, env.getSource(), () -> env);
    }
  }

  /** Parsed and validated documents by query text. */
  private static final class DocumentCache implements PreparsedDocumentProvider {
    private final Map<String, PreparsedDocumentEntry> cache = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(
        ExecutionInput input, Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
      return CompletableFuture.completedFuture(
          cache.computeIfAbsent(input.getQuery(), q -> parseAndValidate.apply(input)));
    }
  }

  /** DateTime and JSON: the value as the database rendered it. */
  private static GraphQLScalarType passThrough(String name) {
    return GraphQLScalarType.newScalar().name(name).coercing(new Coercing<Object, Object>() {
      @Override
      public Object serialize(Object value, GraphQLContext context, Locale locale) {
        return value;
      }

      @Override
      public Object parseValue(Object input, GraphQLContext context, Locale locale) {
        return input;
      }

      @Override
      public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
        return input instanceof StringValue s ? s.getValue() : input;
      }
    }).build();
  }

  static String snake(String camel) {
    StringBuilder sb = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char ch = camel.charAt(i);
      if (Character.isUpperCase(ch)) {
        sb.append('_').append(Character.toLowerCase(ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  static String camel(String snake) {
    StringBuilder sb = new StringBuilder(snake.length());
    boolean up = false;
    for (int i = 0; i < snake.length(); i++) {
      char ch = snake.charAt(i);
      if (ch == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    return sb.toString();
  }
}
