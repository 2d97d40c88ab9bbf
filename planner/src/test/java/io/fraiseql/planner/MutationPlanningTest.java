package io.fraiseql.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.api.plan.MutationDef;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MutationPlanningTest {
  static final String TYPES = """
      type User @sqlSource(name: "v_user") { id: ID! email: String! fullName: String }
      type Post { id: ID! title: String }
      type Query { users: [User!]! }
      input CreateUserInput { email: String! fullName: String profile: ProfileInput }
      input ProfileInput { homePage: String }
      input UpdateUserInput { fullName: String }
      type DoSuccess { status: String! message: String updatedFields: [String!] post: Post }
      type DoError { status: String! code: Int! errors: [MutationError!]! currentTitle: String }
      union DoResult = DoSuccess | DoError
      """;
  static final String MUTATIONS = """
      type Mutation {
        createUser(input: CreateUserInput!): User @insert(table: "tb_user")
        updateUser(id: ID!, input: UpdateUserInput!): User! @update(table: "tb_user")
        deleteUser(id: ID!): User @delete(table: "tb_user")
        doIt(input: CreateUserInput!): DoResult @function(name: "fn_do", schema: "app")
      }
      """;
  static final Catalog CATALOG = Catalog.of(Map.of(
      "v_user", Map.of("id", "uuid", "data", "jsonb"),
      "tb_user", Map.of("id", "uuid", "email", "text", "full_name", "text", "profile", "jsonb")));

  @Test
  void plansDmlWithColumnTypesAndFunctionsWithSnakeCaseInput() {
    Planner planner = new Planner(FraiseSchema.load(TYPES + MUTATIONS, CATALOG));
    assertThat(FraiseSchema.sourceRelations(TYPES + MUTATIONS)).containsExactly("v_user", "tb_user");
    PlanResult.Operation op = (PlanResult.Operation) planner.plan(
        "mutation { createUser(input: {email: \"a\", profile: {homePage: \"h\"}}) { id }"
            + " u: updateUser(id: \"123e4567-e89b-12d3-a456-426614174000\", input: {fullName: null}) { email }"
            + " doIt(input: {email: \"e\", fullName: \"F\"}) { ... on DoSuccess { post { title } } ... on DoError { code currentTitle } }"
            + " __typename }", null, null);
    assertThat(op.mutation()).isTrue();
    assertThat(op.rootTypeName()).isEqualTo("Mutation");
    MutationDef.Dml create = (MutationDef.Dml) ((RootPlan.Mutation) op.fields().get(0)).mutation();
    assertThat(create.kind()).isEqualTo(MutationDef.Kind.INSERT);
    assertThat(create.values()).containsExactly(
        Map.entry("email", new MutationDef.ColumnValue("a", "text")),
        Map.entry("profile", new MutationDef.ColumnValue(Map.of("home_page", "h"), "jsonb")));
    RootPlan.Mutation u = (RootPlan.Mutation) op.fields().get(1);
    assertThat(u.nonNull()).isTrue();
    MutationDef.Dml update = (MutationDef.Dml) u.mutation();
    assertThat(update.idValue()).isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
    assertThat(update.values()).containsExactly(Map.entry("full_name", new MutationDef.ColumnValue(null, "text")));
    MutationDef.FunctionCall call = (MutationDef.FunctionCall) ((RootPlan.Mutation) op.fields().get(2)).mutation();
    assertThat(call.schema()).isEqualTo("app");
    assertThat(call.input()).containsExactly(Map.entry("email", "e"), Map.entry("full_name", "F"));
    assertThat(call.entityKey()).isEqualTo("post");
    assertThat(call.errorMetadataKeys()).containsExactly("currentTitle");
    assertThat(call.success().typeName()).isEqualTo("DoSuccess");
    assertThat(call.success().fields()).hasSize(1);
    assertThat(call.error().fields()).hasSize(2);
    assertThat(op.fields().get(3)).isEqualTo(new RootPlan.Typename("__typename", "Mutation"));
    RootPlan bad = ((PlanResult.Operation) planner.plan("mutation { deleteUser(id: \"x\") { id } }", null, null)).fields().get(0);
    assertThat(bad).isInstanceOf(RootPlan.Failed.class);
  }

  @Test
  void mutationSchemaErrorsNameTheField() {
    assertError("type Mutation { a(input: CreateUserInput!): User }", "Mutation.a: a mutation field needs exactly one");
    assertError("type Mutation { a(input: CreateUserInput!): [User] @insert(table: \"tb_user\") }", "not a list");
    assertError("type Mutation { a(input: CreateUserInput!): Post @insert(table: \"tb_user\") }", "has no @sqlSource to re-read");
    assertError("type Mutation { a(input: CreateUserInput!): DoResult @insert(table: \"tb_user\") }", "needs an object type");
    assertError("type Mutation { a(input: CreateUserInput!): User @insert(table: \"tb_nope\") }", "table tb_nope was not found");
    assertError("type Mutation { a(id: ID!): User @insert(table: \"tb_user\") }", "takes the arguments input, got id");
    assertError("type Mutation { a(input: CreateUserInput): User @insert(table: \"tb_user\") }", "must be non-null");
    assertError("type Mutation { a(input: String!): User @insert(table: \"tb_user\") }", "must be an input object type");
    assertError("input X { nope: Int } type Mutation { a(input: X!): User @insert(table: \"tb_user\") }",
        "Input X field nope maps to column nope, which table tb_user does not have");
    assertError("type Mutation { a(x: Int): DoResult @function(name: \"f\") }", "takes one argument, input");
    assertError("type Mutation { a: Int @function(name: \"f\") }", "@function needs a union");
    assertError("union Two = User | Post type Mutation { a: Two @function(name: \"f\") }", "two members, <X>Success and <X>Error");
    assertError("type Mutation { a: DoResult @function(name: \"\") }", "must be a non-empty string");
  }

  private static void assertError(String mutation, String message) {
    assertThatThrownBy(() -> FraiseSchema.load(TYPES + mutation, CATALOG))
        .isInstanceOf(SchemaException.class).hasMessageContaining(message);
  }
}
