package io.fraiseql;

import io.fraiseql.api.error.ErrorCode;
import java.util.List;

/**
 * What one request did, for logs and metrics: returned by
 * {@link FraiseQL#execute(io.fraiseql.api.GraphQLRequest, java.io.OutputStream)} once the
 * response is written.
 *
 * @param operationType {@code query} or {@code mutation}; {@code null} when the request was
 *     rejected before an operation was chosen (parse, validation, variables, limits)
 * @param operationName the operation's name (given in the request, or the document's only
 *     operation's), or {@code null} for an anonymous operation
 * @param errors the {@code extensions.code} of each entry of the response's {@code errors}, in order
 * @param rows rows read from the database for the response
 */
public record ExecutionSummary(String operationType, String operationName, List<ErrorCode> errors, long rows) {
  public ExecutionSummary {
    errors = List.copyOf(errors);
  }

  /** True when the response has no {@code errors}. */
  public boolean succeeded() {
    return errors.isEmpty();
  }
}
