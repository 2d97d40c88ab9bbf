package io.fraiseql;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraiseql.api.DatabaseUrl;
import io.fraiseql.tck.PgBouncer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The parity corpus again, every backend through a real PgBouncer in {@code pool_mode =
 * transaction} with {@code pgBouncer(true)}: the answers must be byte-identical across backends
 * and to the answers of a direct connection. Skipped, with the reason, where PgBouncer is not
 * installed.
 */
class ParityPgBouncerTest extends ParityTest {
  FraiseQL direct;

  @Override
  FraiseQL.Builder connect(FraiseQL.Builder builder, DatabaseUrl url) {
    return builder.databaseUrl(PgBouncer.shared().route(url)).pgBouncer(true);
  }

  @BeforeAll
  void startDirect() {
    // configured like the corpus engines (the role too), only connected directly
    direct = corpusEngine(super.connect(FraiseQL.builder(), url), "jdbc").build();
  }

  @AfterAll
  void stopDirect() {
    if (direct != null) {
      direct.close();
    }
  }

  @Override
  void checkAgainstReference(Case c, String answer) {
    assertThat(answer).as("%s through PgBouncer vs directly", c.name())
        .isEqualTo(new String(direct.execute(c.request()), StandardCharsets.UTF_8));
  }
}
