/**
 * The streaming GraphQL response writer: {@link io.fraiseql.transform.ResponseWriter} writes the
 * {@code {"data":...,"errors":[...]}} envelope over DSL-JSON and projects each database row's JSON
 * document onto the selection set, byte for byte, without building strings or trees per row.
 */
package io.fraiseql.transform;
