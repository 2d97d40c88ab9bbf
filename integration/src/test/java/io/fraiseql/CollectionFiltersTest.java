package io.fraiseql;

import static io.fraiseql.BlogFixture.run;
import static io.fraiseql.QueryEndToEndTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lists of scalars (flat array column and JSONB array), JSON values, some/every/none. */
class CollectionFiltersTest {
  static FraiseQL engine;

  @BeforeAll
  static void start() {
    engine = BlogFixture.engine(BlogFixture.createDatabase("collections")).build();
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    // users.tags: a flat text[] column of the view
    "tags: {contains: [\"a\"]}                 | 1",
    "tags: {contains: [\"a\", \"b\"]}          | 1",
    "tags: {containedBy: [\"a\", \"b\", \"c\"]} | 1,2,4",
    "tags: {overlaps: [\"b\", \"c\"]}          | 1,4",
    "tags: {lenEq: 0}                          | 2",
    "tags: {lenGt: 0}                          | 1,4",
    "tags: {lenGte: 1, lenLt: 2}               | 4",
    "tags: {lenLte: 2}                         | 1,2,4",
    "tags: {isnull: true}                      | 3,5",
    "tags: {isnull: false}                     | 1,2,4",
    "NOT: {tags: {contains: [\"a\"]}}          | 2,4",
    // some / every / none over the embedded posts
    "posts: {some: {title: {eq: \"Hello\"}}}   | 1",
    "posts: {some: {id: {eq: \"00000000-0000-0000-0000-000000000103\"}}} | 2",
    "posts: {every: {title: {startswith: \"T\"}}} | 2,3,4,5",
    "posts: {none: {title: {eq: \"Hello\"}}}   | 2,3,4,5",
    "posts: {some: {AND: [{title: {contains: \"o\"}}, {NOT: {title: {eq: \"World\"}}}]}} | 1",
    "posts: {some: {title: {eq: \"World\"}}, every: {title: {matches: \"^[HW]\"}}} | 1",
    "posts: {every: {title: {neq: \"x\"}}, none: {title: {isnull: true}}} | 1,2,3,4,5",
  })
  void usersLists(String where, String expected) {
    assertThat(ids(run(engine, "{ users(where: {" + where + "}) { id } }"))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    // items: JSONB arrays (no flat columns)
    "labels: {contains: [\"b\"]}               | i1,i2",
    "labels: {containedBy: [\"a\", \"b\"]}     | i1,i2,i3",
    "labels: {overlaps: [\"a\", \"z\"]}        | i1",
    "labels: {lenEq: 0}                        | i3",
    "labels: {lenGt: 1}                        | i1",
    "labels: {isnull: true}                    | i4",
    "nums: {contains: [10]}                    | i1",
    "nums: {containedBy: [9, 10, 100]}         | i1,i2,i3",
    "nums: {overlaps: [100, 9]}                | i1,i3",
    "nums: {lenLte: 1}                         | i2,i3",
    // JSON values with jsonb operators
    "meta: {eq: {color: \"red\", size: 1}}     | i1",
    "meta: {contains: {color: \"blue\"}}       | i2",
    "meta: {contains: {tags: [\"x\"]}}         | i2",
    "meta: {containedBy: {color: \"red\", size: 1, x: 2}} | i1",
    "meta: {hasKey: \"tags\"}                  | i2",
    "meta: {hasAnyKeys: [\"a\", \"size\"]}     | i1,i4",
    "meta: {hasAllKeys: [\"color\", \"size\"]} | i1",
    "meta: {isnull: true}                      | i3",
    "meta: {isnull: false}                     | i1,i2,i4",
  })
  void itemsJsonbArraysAndJson(String where, String expected) {
    assertThat(ids(run(engine, "{ items(where: {" + where + "}) { id } }"))).isEqualTo(expected);
  }

  @Test
  void variablesCarryListAndJsonValues() {
    assertThat(ids(run(engine, "query($m: JSON, $l: [String!]) { items(where: {meta: {contains: $m}, labels: {overlaps: $l}}) { id } }",
        java.util.Map.of("m", java.util.Map.of("color", "red"), "l", java.util.List.of("a")))))
        .isEqualTo("i1");
  }

  @Test
  void listsAndJsonAreWrittenVerbatim() {
    assertThat(run(engine, "{ item(id: \"i1\") { labels nums meta } i4: item(id: \"i4\") { labels meta } }"))
        .isEqualTo("{\"data\":{\"item\":{\"labels\":[\"a\", \"b\"],\"nums\":[9, 10],\"meta\":{\"size\": 1, \"color\": \"red\"}},"
            + "\"i4\":{\"labels\":null,\"meta\":{\"a\": null}}}}");
  }

  @Test
  void badListValuesAreUserErrors() {
    assertThat(run(engine, "{ items(where: {labels: {lenGt: -1}}) { id } }")).contains("BAD_USER_INPUT", "must not be negative");
    assertThat(run(engine, "{ items(where: {nums: {contains: [\"x\"]}}) { id } }")).contains("GRAPHQL_VALIDATION_FAILED");
  }

  @Test
  void generatedInputsAreIntrospectable() {
    assertThat(run(engine, "{ __type(name: \"StringListFilter\") { inputFields { name description } } }"))
        .contains("\"name\":\"contains\"", "\"name\":\"lenLte\"", "Holds every one of these values.");
    assertThat(run(engine, "{ __type(name: \"PostRefListFilter\") { inputFields { name type { name } } } }"))
        .isEqualTo("{\"data\":{\"__type\":{\"inputFields\":[{\"name\":\"some\",\"type\":{\"name\":\"PostRefWhereInput\"}},"
            + "{\"name\":\"every\",\"type\":{\"name\":\"PostRefWhereInput\"}},{\"name\":\"none\",\"type\":{\"name\":\"PostRefWhereInput\"}}]}}}");
  }
}
