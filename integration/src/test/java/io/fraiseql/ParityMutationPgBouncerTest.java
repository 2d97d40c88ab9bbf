package io.fraiseql;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.PgBouncer;

/**
 * The mutation corpus again, every backend through a real PgBouncer in {@code pool_mode =
 * transaction} with {@code pgBouncer(true)}: the same answers and the same rows left behind on
 * every backend. Skipped, with the reason, where PgBouncer is not installed.
 */
class ParityMutationPgBouncerTest extends ParityMutationTest {
  @Override
  FraiseQL.Builder connect(FraiseQL.Builder builder, DatabaseUrl url) {
    return builder.databaseUrl(PgBouncer.shared().route(url)).pgBouncer(true);
  }
}
