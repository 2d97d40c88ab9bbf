/** FraiseQL's public types. */
package io.fraiseql.api;
