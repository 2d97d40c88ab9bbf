/**
 * SQL rendering: turns the immutable plans of {@code io.fraiseql.api.plan} into parameterized
 * {@link io.fraiseql.api.SqlStatement}s for PostgreSQL. Start with {@link
 * io.fraiseql.sql.SqlRenderer}.
 */
package io.fraiseql.sql;
