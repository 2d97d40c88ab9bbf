package io.fraiseql.bench;

import java.io.OutputStream;
import java.util.Map;

/** One way of answering the workload: the engine on a backend, the baseline, or the limit. */
public interface Contender extends AutoCloseable {
  /** The name used as the JMH parameter and in the report. */
  String name();

  /** False when this contender has nothing to measure for the workload (the limit for mutations). */
  default boolean supports(Workload workload) {
    return true;
  }

  /** Runs one request of the workload, writing the response (or the raw rows) to {@code out}. */
  void run(Workload workload, Map<String, Object> variables, OutputStream out) throws Exception;

  @Override
  void close();
}
