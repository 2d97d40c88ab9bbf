package io.fraiseql;

/** {@link MutationTest}'s checks on the r2dbc backend. */
class MutationR2dbcTest extends MutationTest {
  @Override
  String backend() {
    return "r2dbc";
  }
}
