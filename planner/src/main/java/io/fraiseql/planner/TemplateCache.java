package io.fraiseql.planner;

import io.fraiseql.planner.OperationTemplates.Template;
import java.util.ArrayDeque;

/**
 * The bound on plan templates across all documents: at most {@code maxCount} templates whose
 * estimated heap is at most {@code maxBytes}, and {@link OperationTemplates#MAX_SHAPES} per
 * operation. When a new template does not fit, the least recently used ones go first (second
 * chance: a template used since the hand last passed it is kept once more). A template of a
 * document that left the document cache stays until it is evicted here. Thread-safe: lookups
 * never lock; adding and evicting take this object's lock.
 */
final class TemplateCache {
  private final int maxCount;
  private final long maxBytes;
  private final ArrayDeque<Template> clock = new ArrayDeque<>();
  private long bytes;

  TemplateCache(int maxCount, long maxBytes) {
    if (maxCount < 0 || maxBytes < 0) {
      throw new IllegalArgumentException("the plan template bounds must not be negative");
    }
    this.maxCount = maxCount;
    this.maxBytes = maxBytes;
  }

  /** Whether templates are kept at all. */
  boolean enabled() {
    return maxCount > 0 && maxBytes > 0;
  }

  /**
   * Keeps a template, evicting others as needed; false when it is heavier than the whole bound or
   * its operation already holds the same shape (built at the same time by another request).
   */
  synchronized boolean add(Template t) {
    OperationTemplates owner = t.owner;
    if (!enabled() || t.weight > maxBytes || owner.holds(t.tokens)) {
      return false;
    }
    if (owner.shapes().length >= OperationTemplates.MAX_SHAPES) {
      Template victim = null;
      for (Template s : owner.shapes()) {
        if (victim == null || (victim.used && !s.used)) {
          victim = s;
        }
      }
      remove(victim);
    }
    while (clock.size() >= maxCount || bytes + t.weight > maxBytes) {
      Template head = clock.pollFirst();
      if (head.used) {
        head.used = false;
        clock.addLast(head);
      } else {
        bytes -= head.weight;
        head.owner.remove(head);
      }
    }
    clock.addLast(t);
    bytes += t.weight;
    owner.add(t);
    return true;
  }

  private void remove(Template t) {
    clock.remove(t);
    bytes -= t.weight;
    t.owner.remove(t);
  }

  /** Templates kept, and their estimated heap in bytes. */
  synchronized long[] usage() {
    return new long[] {clock.size(), bytes};
  }
}
