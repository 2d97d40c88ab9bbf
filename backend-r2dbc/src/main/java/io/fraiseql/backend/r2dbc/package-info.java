/**
 * The r2dbc-postgresql backend: an r2dbc-pool {@code ConnectionPool}, one transaction per
 * statement, rows as a {@code Flux} with back-pressure, the JSON column read as bytes.
 */
package io.fraiseql.backend.r2dbc;
