/**
 * The vertx-pg-client backend: a Vert.x {@code Pool}, one transaction per statement, rows read
 * through a cursor in batches and handed to the sink as the UTF-8 bytes PostgreSQL wrote.
 */
package io.fraiseql.backend.vertx;
