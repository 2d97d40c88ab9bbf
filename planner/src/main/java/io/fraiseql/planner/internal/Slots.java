package io.fraiseql.planner.internal;

import io.fraiseql.api.plan.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The parameters of one plan template and how each request computes their values.
 *
 * <p>While a template is built, the variables' values at {@linkplain ValuePositions value
 * positions} reach the planner as {@link Parameter}s: the first {@code leaves} of them stand for
 * those values themselves. Where the planner converts a value before planning with it (an id into
 * its column's type), it calls {@link #map}, which applies the conversion to the sample and
 * records it as a further parameter; each request then applies the same function to its own value
 * ({@link #compute}), so every check inside it runs for every request.
 *
 * <p>Built by one thread ({@link #during}); read-only and thread-safe afterwards.
 */
public final class Slots {
  private static final ThreadLocal<Slots> BUILDING = new ThreadLocal<>();

  private final int leaves;
  private final List<Integer> sources = new ArrayList<>();
  private final List<Function<Object, Object>> functions = new ArrayList<>();

  /** The parameters of a template whose request values are {@code leaves} values. */
  public Slots(int leaves) {
    this.leaves = leaves;
    for (int i = 0; i < leaves; i++) {
      sources.add(i);
      functions.add(null);
    }
  }

  /** Values each request supplies: the leaves, then the converted ones. */
  public int size() {
    return sources.size();
  }

  /** How many of them are the variables' own values. */
  public int leaves() {
    return leaves;
  }

  /** Runs {@code body} (the planning of the template) with this object collecting conversions. */
  public <T> T during(Supplier<T> body) {
    Slots before = BUILDING.get();
    BUILDING.set(this);
    try {
      return body.get();
    } finally {
      if (before == null) {
        BUILDING.remove();
      } else {
        BUILDING.set(before);
      }
    }
  }

  /**
   * {@code function} of a value: applied now to a plain value; for a {@link Parameter}, a new
   * parameter whose value each request computes by applying {@code function} to its own value.
   * The function may throw (a bad id): for the template's sample when it is built, and for a
   * request's value in {@link #compute}, which then reports the request as not served.
   */
  public static Object map(Object value, Function<Object, ?> function) {
    if (!(value instanceof Parameter p)) {
      return function.apply(value);
    }
    Slots slots = BUILDING.get();
    if (slots == null) {
      throw new IllegalStateException("a parameter outside of a template being built");
    }
    return slots.add(p, function);
  }

  private Parameter add(Parameter p, Function<Object, ?> function) {
    Function<Object, Object> f = v -> function.apply(v);
    Function<Object, Object> before = functions.get(p.index());
    Object sample = f.apply(p.sample());
    if (sample == null) {
      throw new IllegalArgumentException("a converted value must not be null");
    }
    sources.add(sources.get(p.index()));
    functions.add(before == null ? f : before.andThen(f));
    return new Parameter(sources.size() - 1, sample);
  }

  /**
   * Completes the values of a request whose first {@link #leaves()} entries are set: computes the
   * converted ones. Returns false when a conversion fails (the request is then planned on its own,
   * which reports the problem as it always does).
   */
  public boolean compute(Object[] values) {
    try {
      for (int i = leaves; i < values.length; i++) {
        values[i] = functions.get(i).apply(values[sources.get(i)]);
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
