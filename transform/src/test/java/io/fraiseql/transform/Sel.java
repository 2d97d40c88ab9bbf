package io.fraiseql.transform;

import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Selection;
import io.fraiseql.api.plan.Selection.Composite;
import io.fraiseql.api.plan.Selection.ObjectSelection;
import io.fraiseql.api.plan.Selection.Scalar;
import io.fraiseql.api.plan.Selection.Typename;
import java.util.List;

/** Short builders for selections in tests. */
final class Sel {
  private Sel() {}

  static ObjectSelection type(String name, Selection... fields) {
    return new ObjectSelection(name, List.of(fields));
  }

  static Scalar str(String responseKey, String jsonKey) {
    return new Scalar(responseKey, jsonKey, ScalarKind.STRING, false);
  }

  static Scalar str(String key) {
    return str(key, key);
  }

  static Scalar strNN(String responseKey, String jsonKey) {
    return new Scalar(responseKey, jsonKey, ScalarKind.STRING, true);
  }

  static Scalar strNN(String key) {
    return strNN(key, key);
  }

  static Scalar scalar(String key, ScalarKind kind) {
    return new Scalar(key, key, kind, false);
  }

  static Scalar id() {
    return new Scalar("id", "id", ScalarKind.ID, false);
  }

  static Composite obj(String responseKey, String jsonKey, ObjectSelection sel) {
    return new Composite(responseKey, jsonKey, sel, false, false, false);
  }

  static Composite objNN(String responseKey, String jsonKey, ObjectSelection sel) {
    return new Composite(responseKey, jsonKey, sel, false, true, false);
  }

  static Composite list(
      String responseKey, String jsonKey, ObjectSelection sel, boolean nonNull, boolean itemsNonNull) {
    return new Composite(responseKey, jsonKey, sel, true, nonNull, itemsNonNull);
  }

  static Typename typename(String type) {
    return new Typename("__typename", type);
  }
}
