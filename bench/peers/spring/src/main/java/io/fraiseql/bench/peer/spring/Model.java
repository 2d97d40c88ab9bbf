package io.fraiseql.bench.peer.spring;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/** The rows of tb_user, tb_post and tb_comment, and the query arguments. */
final class Model {
  private Model() {}

  /** Timestamps as PostgreSQL's to_jsonb writes them (the data set's are whole seconds). */
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  static String timestamp(OffsetDateTime t) {
    return t.withOffsetSameInstant(ZoneOffset.UTC).format(TIMESTAMP);
  }

  record User(UUID id, String email, String name, String createdAt, boolean isActive, Integer age) {}

  record Post(UUID id, UUID authorId, String title, String body, boolean published, String createdAt) {}

  record Comment(UUID id, UUID postId, UUID authorId, String body, String createdAt) {}

  enum OrderDirection { ASC, DESC }

  record OrderBy(OrderDirection createdAt) {}

  record BooleanFilter(Boolean eq) {}

  record IntFilter(Integer eq, Integer gt, Integer gte, Integer lt, Integer lte) {}

  record UserWhereInput(BooleanFilter isActive, IntFilter age) {}

  /** The ORDER BY of a list argument (createdAt), with the id last so that pages are stable. */
  static String orderBy(List<OrderBy> orderBy) {
    StringBuilder sql = new StringBuilder(" ORDER BY ");
    if (orderBy != null) {
      for (OrderBy o : orderBy) {
        if (o.createdAt() != null) {
          sql.append("created_at ").append(o.createdAt().name()).append(", ");
        }
      }
    }
    return sql.append("id").toString();
  }
}
