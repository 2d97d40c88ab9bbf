package io.fraiseql.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import graphql.schema.GraphQLInputObjectType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaLoadingTest {
  static final String SDL = """
      enum Role { ADMIN MEMBER }
      type User @sqlSource(name: "v_user") {
        id: ID!
        email: String!
        fullName: String
        role: Role
        meta: JSON
        tags: [String!]
        author: User
        posts: [Post!]!
      }
      type Post { id: ID! title: String }
      type Query {
        users: [User!]!
        user(id: ID!): User
        active: [User!]! @sqlSource(name: "v_active", idColumn: "uid", dataColumn: "doc")
      }
      """;

  @Test
  void generatesInputsAndListArguments() {
    FraiseSchema schema = FraiseSchema.load(SDL, Catalog.unknown());
    var where = (GraphQLInputObjectType) schema.graphQLSchema().getType("UserWhereInput");
    assertThat(where.getFieldDefinitions()).extracting(f -> f.getName())
        .containsExactly("AND", "OR", "NOT", "id", "email", "fullName", "role", "meta", "tags", "author", "posts");
    assertThat(graphql.schema.GraphQLTypeUtil.simplePrint(where.getField("tags").getType())).isEqualTo("StringListFilter");
    assertThat(graphql.schema.GraphQLTypeUtil.simplePrint(where.getField("posts").getType())).isEqualTo("PostListFilter");
    assertThat(graphql.schema.GraphQLTypeUtil.simplePrint(where.getField("meta").getType())).isEqualTo("JSONFilter");
    assertThat(graphql.schema.GraphQLTypeUtil.simplePrint(where.getField("role").getType())).isEqualTo("RoleFilter");
    assertThat(graphql.schema.GraphQLTypeUtil.simplePrint(where.getField("author").getType())).isEqualTo("UserWhereInput");
    var order = (GraphQLInputObjectType) schema.graphQLSchema().getType("UserOrderByInput");
    assertThat(order.getFieldDefinitions()).extracting(f -> f.getName())
        .containsExactly("id", "email", "fullName", "role", "author");
    var users = schema.graphQLSchema().getQueryType().getFieldDefinition("users");
    assertThat(users.getArguments()).extracting(a -> a.getName() + ":" + graphql.schema.GraphQLTypeUtil.simplePrint(a.getType()))
        .containsExactly("where:UserWhereInput", "orderBy:[UserOrderByInput!]", "limit:Int", "offset:Int");
    assertThat(schema.graphQLSchema().getQueryType().getFieldDefinition("user").getArguments()).hasSize(1);
    assertThat(where.getDescription()).isNotBlank();
    assertThat(((GraphQLInputObjectType) schema.graphQLSchema().getType("StringFilter"))
        .getField("icontains").getDescription()).contains("ignoring case");
    assertThat(schema.print()).contains("input UserWhereInput", "scalar DateTime", "enum OrderDirection");
    assertThat(FraiseSchema.sourceRelations(SDL)).containsExactly("v_user", "v_active");
  }

  @Test
  void providedScalarsMayBeRedeclared() {
    FraiseSchema schema = FraiseSchema.load(
        "scalar DateTime\n type T @sqlSource(name: \"v\") { id: ID! at: DateTime } type Query { ts: [T!]! }",
        Catalog.unknown());
    assertThat(schema.graphQLSchema().getType("DateTimeFilter")).isNotNull();
  }

  @Test
  void catalogGivesIdTypesAndRejectsMissingSources() {
    Catalog catalog = Catalog.of(Map.of("v_user", Map.of("id", "uuid", "data", "jsonb"),
        "v_active", Map.of("uid", "bigint", "doc", "jsonb")));
    assertThat(FraiseSchema.load(SDL, catalog)).isNotNull();
    assertThatThrownBy(() -> FraiseSchema.load(SDL, Catalog.of(Map.of("v_user", Map.of("id", "uuid", "data", "jsonb")))))
        .isInstanceOf(SchemaException.class).hasMessageContaining("Query.active: source v_active was not found");
    assertThatThrownBy(() -> FraiseSchema.load(SDL, Catalog.of(Map.of("v_user", Map.of("id", "uuid")))))
        .hasMessageContaining("Query.users: source v_user has no column data");
  }

  @Test
  void schemaErrorsNameTheTypeAndField() {
    assertError("type T @sqlSource(name: \"v\", table: \"x\") { id: ID! } type Query { ts: [T!]! }",
        "Type T: @sqlSource has no argument 'table'");
    assertError("type T { id: ID! } type Query { ts: [T!]! }", "Query.ts returns T, which has no @sqlSource");
    assertError("type Query { n: Int }", "Query.n returns Int, which the engine cannot read");
    assertError("interface Pet { id: ID! } type T @sqlSource(name: \"v\") { id: ID! pet: Pet } type Query { ts: [T!]! }",
        "Type T field pet: type Pet is interface");
    assertError("type T @sqlSource(name: \"v\") { id: ID! m: [[Int]] } type Query { ts: [T!]! }",
        "Type T field m: lists of lists");
    assertError("type T @sqlSource(name: \"v\") { id: ID! } type Query { t(key: String!): T }",
        "Query.t: a root field returning one T takes exactly one argument");
    assertError("type T @sqlSource(name: \"v\") { id: ID! } type Query { ts(first: Int): [T!]! }",
        "Query.ts: argument 'first' is not supported");
    assertError("type T @sqlSource(name: \"v\") { id: ID! } type Query { ts: [[T]] }", "Query.ts: lists of lists");
    assertError("type T @sqlSource(name: \"\") { id: ID! } type Query { ts: [T] }", "must be a non-empty string");
    assertError("type T @sqlSource(dataColumn: \"d\") { id: ID! } type Query { ts: [T] }", "Type T: @sqlSource needs name");
    assertError("type T @sqlSource(name: 3) { id: ID! } type Query { ts: [T] }", "must be a non-empty string");
    assertError("type T @sqlSource(name: \"v\") { id: ID! x(a: Int): Int } type Query { ts: [T] }",
        "Type T field x: fields read from JSONB take no arguments");
    assertError("type Query { ", "Invalid SDL");
    assertError("type T @sqlSource(name: \"v\") { id: ID! } type Query { ts: [T] } input TWhereInput { a: Int }",
        "TWhereInput is generated");
    assertError("type T @sqlSource(name: \"v\") { id: ID! } type Query { ts: [T] } type PageInfo2 { a: Int } enum OrderDirection { A }",
        "OrderDirection is provided by the engine");
    assertError("type DateTime { a: Int } type Query { ts: Int }", "DateTime is provided by the engine as a scalar");
    assertError("type T { id: ID! }", "no Query type");
  }

  private static void assertError(String sdl, String message) {
    assertThatThrownBy(() -> FraiseSchema.load(sdl, Catalog.unknown()))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining(message);
  }
}
