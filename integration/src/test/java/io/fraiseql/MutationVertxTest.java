package io.fraiseql;

/** {@link MutationTest}'s checks on the vertx backend. */
class MutationVertxTest extends MutationTest {
  @Override
  String backend() {
    return "vertx";
  }
}
