package io.fraiseql.spring;

/**
 * Told about every GraphQL request the endpoint answered. Outcomes: {@code data} (an answer with
 * data), {@code errors} (an answer without data: the request did not parse, validate or coerce),
 * {@code refused} (an HTTP-level refusal such as 406 or 415), {@code failed} (the response broke).
 */
interface RequestObserver {
  RequestObserver NOOP = (transport, outcome, nanos) -> { };

  void observe(String transport, String outcome, long nanos);
}
