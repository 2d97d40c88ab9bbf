/**
 * Internals of the streaming writer: the byte-level JSON scanner, compiled projections and the
 * per-row projector. Not an API: these types may change in any release.
 */
package io.fraiseql.transform.internal;
