package io.fraiseql.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark workload. Q1-Q4 are read verbatim from {@code ../shared/bench/queries}; Q1v and
 * Q4v are Q1 and Q4 as clients send them, with variables (the same answers); Q5 lists 10,000
 * posts; A1-A2 aggregate the 100,000 posts (one aggregate, then groups); M1-M3 write through
 * {@code @insert}, {@code @update} and {@code @function}.
 */
public enum Workload {
  Q1("one user by id, 4 fields"),
  Q2("100 users ordered by createdAt, 5 fields"),
  Q3("20 newest posts with author and comments"),
  Q4("50 active users older than 30"),
  Q1V("Q1 with the id as a variable"),
  Q4V("Q4 with the filter and the limit as variables"),
  Q5("10,000 comments, 3 fields (streaming)"),
  A1("aggregate of 100,000 posts: count, first and last createdAt"),
  A2("100,000 posts in 120 groups by published and month"),
  M1("create a post (@insert)"),
  M2("update a post (@update)"),
  M3("publish a post (@function)");

  /** User 1 of the data set (ids are md5('user:' || n)). */
  public static final String USER1 = "bdb1dd10-5679-979c-a82b-28edd1c8ccd2";
  /** Rows of Q5 in the JMH run. */
  public static final int Q5_ROWS = 10_000;

  /** A1: one aggregate over every post (flat columns of v_post). */
  static final String A1_QUERY = "{ postsAggregate { count min { createdAt } max { createdAt } } }";
  /** A2: every post grouped by its published flag and month (2 x 60 groups). */
  static final String A2_QUERY = "{ postGroups(by: [{field: published}, {field: createdAt, bucket: MONTH}])"
      + " { key { published createdAt } count } }";

  /** Q1 with a variable, as clients send it. */
  static final String Q1V_QUERY = "query Q1($id: ID!) { user(id: $id) { id email name createdAt } }";
  /** Q4 with variables: the whole filter as one input object, and the limit. */
  static final String Q4V_QUERY = "query Q4($limit: Int!, $where: UserWhereInput) {"
      + " users(limit: $limit, where: $where) { id email name age isActive } }";
  /** The variables of Q1v: built once, as a server hands the engine a parsed map. */
  static final Map<String, Object> Q1V_VARIABLES = Map.of("id", USER1);
  static final Map<String, Object> Q4V_VARIABLES = Map.of("limit", 50,
      "where", ordered("isActive", Map.of("eq", true), "age", Map.of("gt", 30)));

  static final String M1_QUERY = "mutation M1($input: CreatePostInput!) {"
      + " createPost(input: $input) { id title published createdAt author { name } } }";
  static final String M2_QUERY = "mutation M2($id: ID!, $input: UpdatePostInput!) {"
      + " updatePost(id: $id, input: $input) { id title published } }";
  static final String M3_QUERY = "mutation M3($input: PublishPostInput!) { publishPost(input: $input) {"
      + " __typename ... on PublishPostSuccess { status message updatedFields post { id title published } }"
      + " ... on PublishPostError { status code message } } }";

  private final String description;

  Workload(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  public boolean mutation() {
    return name().startsWith("M");
  }

  /** An aggregate or group workload: only FraiseQL (and the raw SQL) answer it. */
  public boolean aggregate() {
    return name().startsWith("A");
  }

  /** For a workload with variables, the workload without them that answers the same; else itself. */
  public Workload literal() {
    return switch (this) {
      case Q1V -> Q1;
      case Q4V -> Q4;
      default -> this;
    };
  }

  @Override
  public String toString() {
    return literal() == this ? name() : name().substring(0, name().length() - 1) + "v";
  }

  /**
   * The Q5 document for a number of rows. Comments, not posts: v_post aggregates every post's
   * comments into its JSONB, which makes a 10,000-post list cost PostgreSQL about a second and
   * leaves nothing of the client visible; v_comment only embeds its author.
   */
  public static String listRows(int rows) {
    return "{ comments(limit: " + rows + ") { id body createdAt } }";
  }

  /** The GraphQL document of this workload. */
  public String query(Path benchDir) {
    return switch (this) {
      case Q1, Q2, Q3, Q4 -> BenchData.read(benchDir.resolve("queries/" + name().toLowerCase(java.util.Locale.ROOT) + ".graphql"));
      case Q1V -> Q1V_QUERY;
      case Q4V -> Q4V_QUERY;
      case Q5 -> listRows(Q5_ROWS);
      case A1 -> A1_QUERY;
      case A2 -> A2_QUERY;
      case M1 -> M1_QUERY;
      case M2 -> M2_QUERY;
      case M3 -> M3_QUERY;
    };
  }

  /**
   * The variables of one request. {@code postId} is the calling thread's own post (M2, M3);
   * {@code n} makes each M1 row and each M2 title distinct.
   */
  public Map<String, Object> variables(String postId, long n) {
    return switch (this) {
      case M1 -> Map.of("input", ordered(
          "id", java.util.UUID.randomUUID().toString(), "authorId", USER1,
          "title", "bench m1 " + n, "body", "written by the M1 benchmark"));
      case M2 -> Map.of("id", postId, "input", ordered("title", "bench post " + postId + " #" + n));
      case M3 -> Map.of("input", ordered("postId", postId));
      case Q1V -> Q1V_VARIABLES;
      case Q4V -> Q4V_VARIABLES;
      default -> Map.of();
    };
  }

  private static Map<String, Object> ordered(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
