package io.fraiseql.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLTypeUtil;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.plan.AggregateDef;
import io.fraiseql.api.plan.AggregateDef.Aggregate;
import io.fraiseql.api.plan.AggregateDef.Function;
import io.fraiseql.api.plan.FieldRef;
import io.fraiseql.api.plan.OrderKey.Direction;
import io.fraiseql.api.plan.ScalarKind;
import io.fraiseql.api.plan.Selection;
import io.fraiseql.api.plan.Where;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated aggregate types, the schema errors, and the plans of aggregate and group fields. */
class AggregatePlanningTest {
  static final String SDL = """
      enum Genre { POETRY NOVEL }
      type Book @sqlSource(name: "v_book") {
        id: ID!
        title: String!
        pages: Int
        price: BigDecimal
        rating: Float
        genre: Genre
        available: Boolean
        publishedOn: Date
        addedAt: DateTime
        meta: JSON
        tags: [String!]
        author: Author
      }
      type Author { name: String }
      type Tag @sqlSource(name: "v_tag") { id: ID! meta: JSON }
      type Query {
        books: [Book!]!
        booksAggregate: BookAggregate!
        bookGroups: [BookGroup!]!
        cheapBooks: BookAggregate @sqlSource(name: "v_cheap_book")
        tagsAggregate(where: TagWhereInput): TagAggregate!
      }
      """;
  static final Catalog CATALOG = Catalog.of(Map.of(
      "v_book", Map.of("id", "uuid", "data", "jsonb", "pages", "integer", "added_at", "timestamp with time zone"),
      "v_cheap_book", Map.of("id", "uuid", "data", "jsonb"),
      "v_tag", Map.of("id", "text", "data", "jsonb")));

  final FraiseSchema schema = FraiseSchema.load(SDL, CATALOG);
  final Planner planner = new Planner(schema);

  private String fields(String type) {
    return String.join(" ", ((GraphQLObjectType) schema.graphQLSchema().getType(type)).getFieldDefinitions().stream()
        .map(f -> f.getName() + ":" + GraphQLTypeUtil.simplePrint(f.getType())).toList());
  }

  private String inputs(String type) {
    return String.join(" ", ((GraphQLInputObjectType) schema.graphQLSchema().getType(type)).getFieldDefinitions()
        .stream().map(f -> f.getName() + ":" + GraphQLTypeUtil.simplePrint(f.getType())).toList());
  }

  @Test
  void generatesTheContractsTypesFromTheTopLevelScalarFields() {
    assertThat(fields("BookAggregate")).isEqualTo("count:Int! sum:BookSums! avg:BookAvgs! min:BookExtremes! max:BookExtremes!");
    assertThat(fields("BookGroup"))
        .isEqualTo("key:BookGroupKey! count:Int! sum:BookSums! avg:BookAvgs! min:BookExtremes! max:BookExtremes!");
    assertThat(fields("BookSums")).isEqualTo("pages:BigDecimal price:BigDecimal rating:Float");
    assertThat(fields("BookAvgs")).isEqualTo("pages:Float price:BigDecimal rating:Float");
    assertThat(fields("BookExtremes"))
        .isEqualTo("title:String pages:Int price:BigDecimal rating:Float publishedOn:Date addedAt:DateTime");
    assertThat(fields("BookGroupKey")).isEqualTo("id:ID title:String pages:Int price:BigDecimal rating:Float"
        + " genre:Genre available:Boolean publishedOn:Date addedAt:DateTime");
    assertThat(((GraphQLEnumType) schema.graphQLSchema().getType("BookGroupField")).getValues())
        .extracting(v -> v.getName()).containsExactly("id", "title", "pages", "price", "rating", "genre", "available",
            "publishedOn", "addedAt");
    assertThat(inputs("BookGroupBy")).isEqualTo("field:BookGroupField! bucket:TimeBucket");
    assertThat(inputs("BookHaving")).isEqualTo("count:IntComparison sum:BookSumsHaving avg:BookAvgsHaving"
        + " min:BookExtremesHaving max:BookExtremesHaving");
    assertThat(inputs("BookSumsHaving"))
        .isEqualTo("pages:BigDecimalComparison price:BigDecimalComparison rating:FloatComparison");
    assertThat(inputs("BookAvgsHaving")).isEqualTo("pages:FloatComparison price:BigDecimalComparison rating:FloatComparison");
    assertThat(inputs("BookGroupOrderBy")).isEqualTo("count:OrderDirection key:BookGroupKeyOrderBy sum:BookSumsOrderBy"
        + " avg:BookAvgsOrderBy min:BookExtremesOrderBy max:BookExtremesOrderBy");
    assertThat(inputs("DateTimeComparison")).isEqualTo("eq:DateTime neq:DateTime gt:DateTime gte:DateTime lt:DateTime"
        + " lte:DateTime");
    assertThat(((GraphQLEnumType) schema.graphQLSchema().getType("TimeBucket")).getValues())
        .extracting(v -> v.getName()).containsExactly("HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR");
    var query = schema.graphQLSchema().getQueryType();
    assertThat(query.getFieldDefinition("bookGroups").getArguments())
        .extracting(a -> a.getName() + ":" + GraphQLTypeUtil.simplePrint(a.getType()))
        .containsExactly("by:[BookGroupBy!]!", "where:BookWhereInput", "having:BookHaving",
            "orderBy:[BookGroupOrderBy!]", "limit:Int", "offset:Int");
    assertThat(query.getFieldDefinition("booksAggregate").getArguments())
        .extracting(a -> a.getName()).containsExactly("where");
    for (String t : List.of("BookAggregate", "BookGroup", "BookGroupKey", "BookSums", "BookAvgs", "BookExtremes",
        "BookGroupBy", "BookGroupField", "BookHaving", "BookGroupOrderBy", "TimeBucket", "IntComparison")) {
      assertThat(((graphql.schema.GraphQLNamedSchemaElement) schema.graphQLSchema().getType(t)).getDescription())
          .as(t).isNotBlank();
    }
    assertThat(((GraphQLObjectType) schema.graphQLSchema().getType("BookSums")).getFieldDefinition("pages")
        .getDescription()).isEqualTo("Sum of pages.");
  }

  @Test
  void aTypeWithoutNumericOrOrderedFieldsHasNoSumsAvgsOrExtremes() {
    assertThat(fields("TagAggregate")).isEqualTo("count:Int!");
    assertThat(schema.graphQLSchema().getType("TagSums")).isNull();
    assertThat(schema.graphQLSchema().getType("TagExtremes")).isNull();
    // an Int-less type with strings has extremes but no sums
    FraiseSchema s = FraiseSchema.load("type T @sqlSource(name: \"v\") { id: ID! name: String }"
        + " type Query { tGroups: [TGroup!]! }", Catalog.unknown());
    assertThat(s.graphQLSchema().getType("TSums")).isNull();
    assertThat(((GraphQLInputObjectType) s.graphQLSchema().getType("THaving")).getFieldDefinitions())
        .extracting(f -> f.getName()).containsExactly("count", "min", "max");
    assertThat(s.graphQLSchema().getType("StringComparison")).isNotNull();
    assertThat(s.graphQLSchema().getType("BigDecimalComparison")).isNull();
  }

  @Test
  void schemaProblemsNameTheFieldOrType() {
    String book = "type Book @sqlSource(name: \"v\") { id: ID! pages: Int meta: JSON } ";
    assertThatThrownBy(() -> FraiseSchema.load(book + "type Query { a: [BookAggregate!]! }", Catalog.unknown()))
        .isInstanceOf(SchemaException.class)
        .hasMessage("Query.a returns a list of BookAggregate; an aggregate field returns one: BookAggregate!"
            + " (for groups, [BookGroup!]!)");
    assertThatThrownBy(() -> FraiseSchema.load(book + "type Query { g: BookGroup! }", Catalog.unknown()))
        .hasMessage("Query.g returns BookGroup; a group field returns a list: [BookGroup!]!");
    assertThatThrownBy(() -> FraiseSchema.load(book + "type Query { a(first: Int): BookAggregate! }", Catalog.unknown()))
        .hasMessage("Query.a: argument 'first' is not supported on an aggregate field (the engine adds where)");
    assertThatThrownBy(() -> FraiseSchema.load(book + "type Query { g(id: ID): [BookGroup!]! }", Catalog.unknown()))
        .hasMessageContaining("not supported on a group field (the engine adds by, where, having, orderBy, limit, offset)");
    assertThatThrownBy(() -> FraiseSchema.load(book + "type BookSums { x: Int } type Query { a: BookAggregate! }",
        Catalog.unknown())).hasMessage("Type BookSums is generated by the engine; remove or rename it");
    assertThatThrownBy(() -> FraiseSchema.load(book + "input TimeBucket { x: Int } type Query { g: [BookGroup!]! }",
        Catalog.unknown())).hasMessage("Type TimeBucket is generated by the engine; remove or rename it");
    assertThatThrownBy(() -> FraiseSchema.load("type J @sqlSource(name: \"v\") { meta: JSON tags: [String!] }"
        + " type Query { g: [JGroup!]! }", Catalog.unknown()))
        .hasMessageStartingWith("Type J has no field a group can be keyed on");
    assertThatThrownBy(() -> FraiseSchema.load("type N @sqlSource(name: \"v\") { null: Int }"
        + " type Query { g: [NGroup!]! }", Catalog.unknown()))
        .hasMessageContaining("a field named null cannot be a value of the generated enum NGroupField");
    // without a group field the same names are free, and no group type is generated
    FraiseSchema onlyAggregate = FraiseSchema.load(book + "type BookGroup { x: Int } type Query { a: BookAggregate! }",
        Catalog.unknown());
    assertThat(onlyAggregate.graphQLSchema().getType("TimeBucket")).isNull();
  }

  private AggregateDef plan(String query) {
    PlanResult r = planner.plan(query, null, Map.of());
    assertThat(r).isInstanceOf(PlanResult.Operation.class);
    RootPlan root = ((PlanResult.Operation) r).fields().get(0);
    assertThat(root).isInstanceOf(RootPlan.Aggregate.class);
    assertThat(root.responseKey()).isEqualTo(((RootPlan.Aggregate) root).query().responseKey());
    return ((RootPlan.Aggregate) root).query();
  }

  @Test
  void eachSelectedAggregateIsComputedOnceWhateverTheAliases() {
    AggregateDef a = plan("{ n: booksAggregate(where: {pages: {gt: 10}}) { __typename count c: count"
        + " s: sum { pages } t: sum { __typename pages price } avg { pages } max { addedAt } } }");
    assertThat(a.responseKey()).isEqualTo("n");
    assertThat(a.grouped()).isFalse();
    assertThat(a.nonNull()).isTrue();
    FieldRef pages = FieldRef.column("pages", "integer", List.of("pages"), ScalarKind.INT);
    assertThat(a.where()).isEqualTo(new Where.Compare(pages, Where.Op.GT, 10));
    assertThat(a.measures()).extracting(m -> m.aggregate().function() + ":" + m.jsonKey())
        .containsExactly("COUNT:count", "SUM:pages", "SUM:price", "AVG:pages", "MAX:added_at");
    assertThat(a.measures().get(1).aggregate()).isEqualTo(new Aggregate(Function.SUM, pages));
    List<Selection> out = a.selection().fields();
    assertThat(a.selection().typeName()).isEqualTo("BookAggregate");
    assertThat(out.get(0)).isEqualTo(new Selection.Typename("__typename", "BookAggregate"));
    assertThat(out.get(2)).isEqualTo(new Selection.Scalar("c", "count", ScalarKind.INT, true));
    Selection.Composite t = (Selection.Composite) out.get(4);
    assertThat(t.jsonKey()).isEqualTo("sum");
    assertThat(t.nonNull()).isTrue();
    assertThat(t.selection().fields()).containsExactly(new Selection.Typename("__typename", "BookSums"),
        new Selection.Scalar("pages", "pages", ScalarKind.BIG_DECIMAL, false),
        new Selection.Scalar("price", "price", ScalarKind.BIG_DECIMAL, false));
    Selection.Composite avg = (Selection.Composite) out.get(5);
    assertThat(avg.selection().fields()).containsExactly(new Selection.Scalar("pages", "pages", ScalarKind.FLOAT, false));
    assertThat(a.keySelected()).isFalse();
    // the field's own source, a nullable field
    AggregateDef cheap = plan("{ cheapBooks { count } }");
    assertThat(cheap.source().relation()).isEqualTo("v_cheap_book");
    assertThat(cheap.nonNull()).isFalse();
  }

  @Test
  void groupsPlanKeysHavingAndOrder() {
    AggregateDef g = plan("{ bookGroups(by: [{field: genre}, {field: addedAt, bucket: MONTH}], where: {available: {eq: true}},"
        + " having: {count: {gte: 2, lt: 9}, sum: {pages: {gt: 100}}, avg: {rating: {gte: 3.5}}, max: {title: {neq: \"x\"}},"
        + " min: null}, orderBy: [{count: DESC}, {key: {addedAt: ASC}}, {avg: {price: DESC_NULLS_LAST}}],"
        + " limit: 5, offset: 10) { key { genre addedAt } min { publishedOn } } }");
    assertThat(g.grouped()).isTrue();
    assertThat(g.itemsNonNull()).isTrue();
    assertThat(g.selection().typeName()).isEqualTo("BookGroup");
    assertThat(g.keySelected()).isTrue();
    assertThat(g.groupBy()).extracting(k -> k.jsonKey() + ":" + k.bucket() + ":" + k.field().isColumn())
        .containsExactly("genre:null:false", "added_at:MONTH:true");
    assertThat(g.having()).extracting(c -> c.aggregate().function() + " " + c.op() + " " + c.value())
        .containsExactly("COUNT GTE 2", "COUNT LT 9", "SUM GT 100", "AVG GTE 3.5", "MAX NEQ x");
    assertThat(g.having().get(2).value()).isEqualTo(new BigDecimal("100"));
    assertThat(g.having().get(3).value()).isEqualTo(3.5);
    assertThat(g.orderBy()).extracting(o -> o.value() + " " + o.direction()).containsExactly(
        "Aggregate[function=COUNT, field=null] DESC", "Key[index=1] ASC",
        "Aggregate[function=AVG, field=" + FieldRef.json(List.of("price"), ScalarKind.BIG_DECIMAL) + "] "
            + Direction.DESC_NULLS_LAST);
    assertThat(g.limit()).isEqualTo(5);
    assertThat(g.offset()).isEqualTo(10);
    Selection.Composite key = (Selection.Composite) g.selection().fields().get(0);
    assertThat(key.selection()).isEqualTo(new Selection.ObjectSelection("BookGroupKey", List.of(
        new Selection.Scalar("genre", "genre", ScalarKind.ENUM, false),
        new Selection.Scalar("addedAt", "added_at", ScalarKind.DATE_TIME, false))));
  }

  @Test
  void badByAndOrderValuesAreBadUserInputOnTheField() {
    for (String[] c : new String[][] {
        {"by: []", "Query.bookGroups: by names no field; group by at least one"},
        {"by: [{field: pages}, {field: title}, {field: pages}]",
            "Query.bookGroups: by[2] groups on pages again (by[0] already does); a field can be grouped on once, whatever"
                + " its bucket"},
        {"by: [{field: title, bucket: DAY}]",
            "Query.bookGroups: by[0].bucket DAY applies to Date and DateTime fields only; title is String"},
        {"by: [{field: genre}], orderBy: [{count: ASC}, {min: {title: ASC, pages: DESC}}]",
            "Query.bookGroups: orderBy[1].min sets title and pages; each item takes exactly one (use one item per key)"},
        {"by: [{field: genre}], orderBy: [{key: {}}]", "Query.bookGroups: orderBy[0].key is empty; set one field"},
        {"by: [{field: genre}], offset: -1", "Query.bookGroups: offset must not be negative, got -1"}}) {
      PlanResult.Operation op = (PlanResult.Operation) planner.plan("{ bookGroups(" + c[0] + ") { count } }", null, Map.of());
      RootPlan.Failed failed = (RootPlan.Failed) op.fields().get(0);
      assertThat(failed.error().message()).as(c[0]).isEqualTo(c[1]);
      assertThat(failed.error().code()).isEqualTo(ErrorCode.BAD_USER_INPUT);
      assertThat(failed.error().path()).containsExactly("bookGroups");
      assertThat(failed.nonNull()).isTrue();
    }
  }

  @Test
  void variablesAreReadPerRequestFromTheKeptOperation() {
    String q = "query($by: [BookGroupBy!]!, $n: Int) { bookGroups(by: $by, limit: $n) { count } }";
    AggregateDef first = ((RootPlan.Aggregate) ((PlanResult.Operation) planner.plan(q, null,
        Map.of("by", List.of(Map.of("field", "genre")), "n", 3))).fields().get(0)).query();
    AggregateDef second = ((RootPlan.Aggregate) ((PlanResult.Operation) planner.plan(q, null,
        Map.of("by", List.of(Map.of("field", "publishedOn", "bucket", "YEAR")), "n", 4))).fields().get(0)).query();
    assertThat(first.groupBy().get(0).jsonKey()).isEqualTo("genre");
    assertThat(first.limit()).isEqualTo(3);
    assertThat(second.groupBy().get(0).bucket()).isEqualTo(AggregateDef.TimeBucket.YEAR);
    assertThat(second.limit()).isEqualTo(4);
  }
}
