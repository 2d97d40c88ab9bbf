/**
 * Internal rendering machinery of the SQL builder: the render context (one place for quoting,
 * keywords and bind parameters) and one renderer per plan node. Not a public API: it may change
 * in any release.
 */
package io.fraiseql.sql.internal;
