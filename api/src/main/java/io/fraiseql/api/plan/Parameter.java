package io.fraiseql.api.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A value of a plan that each request supplies: the plan is then a template, built once for
 * every request whose variables have the same shape, and its rendered statements carry this
 * object in place of a bind value until {@link io.fraiseql.api.SqlStatement#bind(Object[])}
 * replaces it with the request's value.
 *
 * <p>A parameter stands wherever the plan holds a value to bind ({@link Where.Compare} values and
 * the elements of their lists, {@link Where.ListCompare} and {@link Where.JsonCompare} values,
 * {@link QueryDef#idValue()}, {@link AggregateDef.Condition} values). Its {@linkplain #sample()
 * sample} is the value of the request the template was built from: every request sharing the
 * template has a value of the same Java class, so the bind type a renderer derives from the
 * sample holds for all of them. A renderer that binds something computed from the value (a LIKE
 * pattern, JSON text) {@linkplain #derive derives} a parameter that computes it per request.
 *
 * <p>Immutable and thread-safe; equal only to itself. {@link #toString()} never shows the value.
 */
public final class Parameter {
  private final int index;
  private final Object sample;
  private final Function<Object, Object> derivation;
  /** For a parameter computed from several values ({@link #combine}): those values, else null. */
  private final List<?> parts;

  /**
   * The request's value at {@code index} of the values the planner extracts for it.
   *
   * @param sample the value of the request the template is built from; not null
   */
  public Parameter(int index, Object sample) {
    this(index, sample, null);
  }

  private Parameter(int index, Object sample, Function<Object, Object> derivation) {
    this(index, sample, derivation, null);
  }

  private Parameter(int index, Object sample, Function<Object, Object> derivation, List<?> parts) {
    if (index < 0) {
      throw new IllegalArgumentException("parameter index must not be negative: " + index);
    }
    this.index = index;
    this.sample = Objects.requireNonNull(sample, "sample");
    this.derivation = derivation;
    this.parts = parts;
  }

  /** The position of the request's value among the values the planner extracts. */
  public int index() {
    return index;
  }

  /** The value this parameter had for the request the template was built from. */
  public Object sample() {
    return sample;
  }

  /**
   * A parameter whose value is {@code function} of this one's, for each request. The function must
   * be pure and must not fail for a value of the sample's class (check the sample instead).
   */
  public Parameter derive(Function<Object, ?> function) {
    Objects.requireNonNull(function, "function");
    Function<Object, Object> f = v -> function.apply(v);
    return new Parameter(index, f.apply(sample), derivation == null ? f : derivation.andThen(f), parts);
  }

  /** Whether the value is computed from the request's value (else it is that value itself). */
  public boolean derived() {
    return derivation != null;
  }

  /** This parameter's value for a request whose extracted values are {@code values}. */
  public Object valueIn(Object[] values) {
    if (parts != null) {
      List<Object> in = new ArrayList<>(parts.size());
      for (Object part : parts) {
        in.add(part instanceof Parameter p ? p.valueIn(values) : part);
      }
      return derivation.apply(in);
    }
    Object v = values[index];
    return derivation == null ? v : derivation.apply(v);
  }

  /**
   * {@code function} of several values (one bind value made of a list: an array literal): applied
   * now when none of them is a parameter; else a derived parameter that applies it, per request,
   * to the list of their values. The same rules as for {@link #derive} hold for the function.
   */
  public static Object combine(List<?> values, Function<List<Object>, ?> function) {
    Objects.requireNonNull(function, "function");
    Parameter first = null;
    List<Object> samples = new ArrayList<>(values.size());
    for (Object v : values) {
      if (first == null && v instanceof Parameter p) {
        first = p;
      }
      samples.add(sampleOf(v));
    }
    if (first == null) {
      return function.apply(samples);
    }
    @SuppressWarnings("unchecked")
    Function<Object, Object> f = v -> function.apply((List<Object>) v);
    return new Parameter(first.index, f.apply(samples), f, List.copyOf(values));
  }

  /** {@code value} itself, or {@code function} of it; for a parameter, the derived parameter. */
  public static Object map(Object value, Function<Object, ?> function) {
    return value instanceof Parameter p ? p.derive(function) : function.apply(value);
  }

  /** The value to inspect when deciding how to render {@code value}: a parameter's sample. */
  public static Object sampleOf(Object value) {
    return value instanceof Parameter p ? p.sample : value;
  }

  @Override
  public String toString() {
    return "Parameter[" + index + (derivation == null ? "" : ", derived") + "]";
  }
}
