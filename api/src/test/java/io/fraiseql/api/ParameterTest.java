package io.fraiseql.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.plan.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterTest {
  @Test
  void aParameterTakesEachRequestsValueAndDerivesFromIt() {
    Parameter p = new Parameter(1, "abc");
    assertThat(p.index()).isEqualTo(1);
    assertThat(p.sample()).isEqualTo("abc");
    assertThat(p.valueIn(new Object[] {"x", "yz"})).isEqualTo("yz");
    Parameter length = p.derive(v -> ((String) v).length());
    assertThat(length.sample()).isEqualTo(3);
    Parameter twice = length.derive(v -> (Integer) v * 2);
    assertThat(twice.sample()).isEqualTo(6);
    assertThat(twice.valueIn(new Object[] {null, "four"})).isEqualTo(8);
    assertThat(Parameter.map("ab", v -> v + "!")).isEqualTo("ab!");
    assertThat(Parameter.map(p, v -> v + "!")).isInstanceOf(Parameter.class);
    assertThat(Parameter.sampleOf(p)).isEqualTo("abc");
    assertThat(Parameter.sampleOf(5)).isEqualTo(5);
    assertThat(p.toString()).isEqualTo("Parameter[1]").doesNotContain("abc");
    assertThat(length.toString()).isEqualTo("Parameter[1, derived]");
    assertThat(p).isNotEqualTo(new Parameter(1, "abc"));
    assertThatThrownBy(() -> new Parameter(-1, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Parameter(0, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aStatementWithParametersIsBoundPerRequest() {
    SqlStatement plain = new SqlStatement("SELECT ?", List.of(1), 1);
    assertThat(plain.parameterized()).isFalse();
    assertThat(plain.bind(new Object[0])).isSameAs(plain);
    SqlStatement template = new SqlStatement("SELECT ?, ?, ?",
        java.util.Arrays.asList(new Parameter(0, "a"), null, new Parameter(1, 2).derive(v -> (Integer) v + 1)), 5);
    assertThat(template.parameterized()).isTrue();
    SqlStatement bound = template.bind(new Object[] {"z", 40});
    assertThat(bound.params()).containsExactly("z", null, 41);
    assertThat(bound.sql()).isEqualTo(template.sql());
    assertThat(bound.maxRows()).isEqualTo(5);
    assertThat(bound.parameterized()).isFalse();
    assertThat(bound).isEqualTo(new SqlStatement("SELECT ?, ?, ?", java.util.Arrays.asList("z", null, 41), 5));
    assertThat(bound.hashCode()).isEqualTo(new SqlStatement("SELECT ?, ?, ?", java.util.Arrays.asList("z", null, 41), 5).hashCode());
    assertThatThrownBy(() -> bound.params().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }
}
