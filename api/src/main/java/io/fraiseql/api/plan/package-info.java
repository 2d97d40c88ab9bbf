/** Immutable query plans: what the planner builds and the SQL builder and transformer consume. */
package io.fraiseql.api.plan;
