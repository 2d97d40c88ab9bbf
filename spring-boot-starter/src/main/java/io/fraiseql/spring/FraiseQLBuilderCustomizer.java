package io.fraiseql.spring;

import io.fraiseql.FraiseQL;

/** Adjusts the engine's builder after the {@code fraiseql.*} properties are applied. */
@FunctionalInterface
public interface FraiseQLBuilderCustomizer {
  void customize(FraiseQL.Builder builder);
}
