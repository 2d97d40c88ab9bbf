package io.fraiseql.planner.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A least-recently-used cache bounded by entry count and by total weight (an estimate of the heap
 * its entries hold). An entry heavier than the whole bound is not kept. Thread-safe.
 *
 * @param <V> the cached values
 */
public final class DocumentCache<V> {
  private final int maxEntries;
  private final long maxWeight;
  private final LinkedHashMap<String, Weighted<V>> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long weight;

  private record Weighted<V>(V value, long weight) {}

  /** A cache of at most {@code maxEntries} entries weighing at most {@code maxWeight} together. */
  public DocumentCache(int maxEntries, long maxWeight) {
    if (maxEntries < 0 || maxWeight < 0) {
      throw new IllegalArgumentException("cache bounds must not be negative");
    }
    this.maxEntries = maxEntries;
    this.maxWeight = maxWeight;
  }

  /** The value kept for {@code key}, or null; marks it recently used. */
  public synchronized V get(String key) {
    Weighted<V> w = entries.get(key);
    return w == null ? null : w.value();
  }

  /**
   * Keeps {@code value} under {@code key} with its weight, evicting the least recently used
   * entries until both bounds hold. Returns false when the entry alone is over a bound (then
   * nothing is kept and nothing is evicted).
   */
  public synchronized boolean put(String key, V value, long entryWeight) {
    if (entryWeight < 0) {
      throw new IllegalArgumentException("weight must not be negative");
    }
    if (maxEntries == 0 || entryWeight > maxWeight) {
      return false;
    }
    Weighted<V> previous = entries.put(key, new Weighted<>(value, entryWeight));
    if (previous != null) {
      weight -= previous.weight();
    }
    weight += entryWeight;
    Iterator<Map.Entry<String, Weighted<V>>> eldest = entries.entrySet().iterator();
    while ((entries.size() > maxEntries || weight > maxWeight) && eldest.hasNext()) {
      Map.Entry<String, Weighted<V>> e = eldest.next();
      weight -= e.getValue().weight();
      eldest.remove();
    }
    return true;
  }

  /** Entries kept. */
  public synchronized int size() {
    return entries.size();
  }

  /** The total weight of the entries kept. */
  public synchronized long weight() {
    return weight;
  }
}
