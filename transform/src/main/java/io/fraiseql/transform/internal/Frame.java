package io.fraiseql.transform.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-writer scratch for one node of a {@link ProjectionPlan} tree: the value bounds found by the
 * last scan of an object at this level and the resolved state of each entry. Allocated once per
 * field writer and reused for every row (and every list element at this level).
 */
final class Frame {
  /** Entry state: write {@code null}. */
  static final byte NULL = 0;
  /** Entry state: copy the recorded slice (or the constant, or the child object). */
  static final byte RAW = 1;
  /** Entry state: copy the recorded number slice between quotes (ID). */
  static final byte QUOTED = 2;

  final ProjectionPlan plan;
  /** Per slot: index of the value's first byte, or -1 when the key was absent. */
  final int[] vStart;
  /** Per slot: index just after the value. */
  final int[] vEnd;
  /** Per entry: NULL, RAW or QUOTED after resolution. */
  final byte[] state;
  /** Per entry: the child frame of composites, else null. */
  final Frame[] child;
  /** The child frames of OBJECT entries, whose scan marks are reset on every scan of this one. */
  final Frame[] objectChildren;
  /** The index of the object this frame was filled from during the current parent scan, or -1. */
  int scannedAt = -1;

  Frame(ProjectionPlan plan) {
    this.plan = plan;
    int slots = plan.slotKey.length;
    this.vStart = new int[slots];
    this.vEnd = new int[slots];
    this.state = new byte[plan.entryCount];
    this.child = new Frame[plan.entryCount];
    List<Frame> objects = new ArrayList<>();
    for (int i = 0; i < plan.entryCount; i++) {
      if (plan.child[i] != null) {
        child[i] = new Frame(plan.child[i]);
        if (plan.kind[i] == ProjectionPlan.OBJECT) {
          objects.add(child[i]);
        }
      }
    }
    this.objectChildren = objects.toArray(new Frame[0]);
  }
}
