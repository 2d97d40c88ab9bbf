package io.fraiseql.bench.peer.spring;

import io.fraiseql.bench.peer.spring.Model.Comment;
import io.fraiseql.bench.peer.spring.Model.IntFilter;
import io.fraiseql.bench.peer.spring.Model.OrderBy;
import io.fraiseql.bench.peer.spring.Model.Post;
import io.fraiseql.bench.peer.spring.Model.User;
import io.fraiseql.bench.peer.spring.Model.UserWhereInput;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Controller;

/**
 * Q1-Q4 as a Spring for GraphQL app answers them: one query per root field, and one batched query
 * per relation and request (@BatchMapping, so no N+1): the posts' authors, their comments, and the
 * comments' authors.
 */
@Controller
public class BlogController {
  private static final String USER_COLUMNS = "id, email, name, created_at, is_active, age";
  private static final RowMapper<User> USER = (rs, n) -> new User(rs.getObject("id", UUID.class),
      rs.getString("email"), rs.getString("name"), createdAt(rs), rs.getBoolean("is_active"),
      rs.getObject("age", Integer.class));
  private static final RowMapper<Post> POST = (rs, n) -> new Post(rs.getObject("id", UUID.class),
      rs.getObject("author_id", UUID.class), rs.getString("title"), rs.getString("body"),
      rs.getBoolean("published"), createdAt(rs));
  private static final RowMapper<Comment> COMMENT = (rs, n) -> new Comment(rs.getObject("id", UUID.class),
      rs.getObject("post_id", UUID.class), rs.getObject("author_id", UUID.class), rs.getString("body"),
      createdAt(rs));

  private final NamedParameterJdbcTemplate jdbc;

  public BlogController(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  private static String createdAt(ResultSet rs) throws SQLException {
    return Model.timestamp(rs.getObject("created_at", OffsetDateTime.class));
  }

  @QueryMapping
  public User user(@Argument UUID id) {
    List<User> found = jdbc.query("SELECT " + USER_COLUMNS + " FROM tb_user WHERE id = :id",
        Map.of("id", id), USER);
    return found.isEmpty() ? null : found.get(0);
  }

  @QueryMapping
  public List<User> users(@Argument Integer limit, @Argument List<OrderBy> orderBy, @Argument UserWhereInput where) {
    MapSqlParameterSource params = new MapSqlParameterSource();
    List<String> conditions = new ArrayList<>();
    if (where != null) {
      if (where.isActive() != null && where.isActive().eq() != null) {
        conditions.add("is_active = :isActive");
        params.addValue("isActive", where.isActive().eq());
      }
      IntFilter age = where.age();
      if (age != null) {
        Map<String, Integer> ops = new LinkedHashMap<>();
        ops.put("=", age.eq());
        ops.put(">", age.gt());
        ops.put(">=", age.gte());
        ops.put("<", age.lt());
        ops.put("<=", age.lte());
        int i = 0;
        for (Map.Entry<String, Integer> op : ops.entrySet()) {
          if (op.getValue() != null) {
            conditions.add("age " + op.getKey() + " :age" + i);
            params.addValue("age" + i++, op.getValue());
          }
        }
      }
    }
    String sql = "SELECT " + USER_COLUMNS + " FROM tb_user"
        + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
        + Model.orderBy(orderBy) + limit(limit, params);
    return jdbc.query(sql, params, USER);
  }

  @QueryMapping
  public List<Post> posts(@Argument Integer limit, @Argument List<OrderBy> orderBy) {
    MapSqlParameterSource params = new MapSqlParameterSource();
    return jdbc.query("SELECT id, author_id, title, body, published, created_at FROM tb_post"
        + Model.orderBy(orderBy) + limit(limit, params), params, POST);
  }

  private static String limit(Integer limit, MapSqlParameterSource params) {
    if (limit == null) {
      return "";
    }
    params.addValue("limit", limit);
    return " LIMIT :limit";
  }

  @BatchMapping(typeName = "Post", field = "author")
  public Map<Post, User> postAuthors(List<Post> posts) {
    return authors(posts, Post::authorId);
  }

  @BatchMapping(typeName = "Post", field = "comments")
  public Map<Post, List<Comment>> comments(List<Post> posts) {
    Map<UUID, List<Comment>> byPost = jdbc.query(
        "SELECT id, post_id, author_id, body, created_at FROM tb_comment WHERE post_id IN (:ids)"
            + " ORDER BY created_at, id",
        Map.of("ids", posts.stream().map(Post::id).collect(Collectors.toSet())), COMMENT)
        .stream().collect(Collectors.groupingBy(Comment::postId));
    Map<Post, List<Comment>> comments = new LinkedHashMap<>();
    posts.forEach(p -> comments.put(p, byPost.getOrDefault(p.id(), List.of())));
    return comments;
  }

  @BatchMapping(typeName = "Comment", field = "author")
  public Map<Comment, User> commentAuthors(List<Comment> comments) {
    return authors(comments, Comment::authorId);
  }

  /** The authors of a batch of posts or comments, in one SELECT. */
  private <T> Map<T, User> authors(List<T> batch, Function<T, UUID> authorId) {
    Set<UUID> ids = batch.stream().map(authorId).collect(Collectors.toSet());
    Map<UUID, User> users = jdbc.query("SELECT " + USER_COLUMNS + " FROM tb_user WHERE id IN (:ids)",
        Map.of("ids", ids), USER).stream().collect(Collectors.toMap(User::id, Function.identity()));
    Map<T, User> authors = new LinkedHashMap<>();
    batch.forEach(item -> authors.put(item, users.get(authorId.apply(item))));
    return authors;
  }
}
