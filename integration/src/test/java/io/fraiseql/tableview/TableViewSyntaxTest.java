package io.fraiseql.tableview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fraiseql.tableview.NodeTree.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What needs no database: the node-tree reader, --depends and --view parsing, quoting. */
class TableViewSyntaxTest {
  @Test
  void readsNodesListsTokensAndConstants() {
    Object tree = NodeTree.parse("({QUERY :commandType 1 :utilityStmt <> :rtable ({RANGETBLENTRY :eref {ALIAS"
        + " :aliasname my\\ alias :colnames (\"id\" \"x\\}y\")} :rtekind 0 :relid 16396 :relkind r})"
        + " :targetList ({TARGETENTRY :expr {CONST :consttype 705 :constvalue 3 [ 105 100 0 ]} :resno 1 :resname id})"
        + " :selectedCols (b 8 9)})");
    assertThat(tree).isInstanceOf(List.class);
    Node q = (Node) ((List<?>) tree).get(0);
    assertThat(q.is("QUERY")).isTrue();
    assertThat(q.number("commandType", -1)).isEqualTo(1);
    assertThat(q.get("utilityStmt")).isNull();
    assertThat(q.get("missing")).isNull();
    assertThat(q.list("missing")).isEmpty();
    assertThat(q.number("missing", 7)).isEqualTo(7);
    Node rte = (Node) q.list("rtable").get(0);
    assertThat(rte.node("eref").token("aliasname")).isEqualTo("my alias");
    assertThat(rte.node("eref").list("colnames")).containsExactly("\"id\"", "\"x}y\"");
    assertThat(rte.token("relkind")).isEqualTo("r");
    assertThat(rte.number("relkind", -2)).isEqualTo(-2);
    Node te = (Node) q.list("targetList").get(0);
    assertThat(te.node("expr").get("constvalue")).isEqualTo(List.of("3", "[", "105", "100", "0", "]"));
    assertThat(te.node("missing")).isNull();
    assertThat(te.token("expr")).isNull();
    assertThat(q.list("selectedCols")).containsExactly("b", "8", "9");
  }

  @Test
  void rejectsWhatIsNotANodeTree() {
    assertThatThrownBy(() -> NodeTree.parse("{QUERY :a 1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unterminated node QUERY");
    assertThatThrownBy(() -> NodeTree.parse("({QUERY :a 1}")).hasMessageContaining("unterminated list");
    assertThatThrownBy(() -> NodeTree.parse("{QUERY a}")).hasMessageContaining("expected a field of QUERY");
    assertThatThrownBy(() -> NodeTree.parse("{QUERY :a 1} extra")).hasMessageContaining("text after the end");
    assertThatThrownBy(() -> NodeTree.parse("  ")).hasMessageContaining("unexpected end");
    assertThatThrownBy(() -> NodeTree.parse("{QUERY :a {")).hasMessageContaining("expected a token");
    assertThatThrownBy(() -> NodeTree.parse("{QUERY :a ")).hasMessageContaining("unterminated node");
  }

  @Test
  void parsesEveryFormOfDepends() {
    Dependency column = Dependency.parse("tb_comment:post_id");
    assertThat(column.view()).isNull();
    assertThat(column.table()).isEqualTo("tb_comment");
    assertThat(column.mapping()).isEqualTo(new Dependency.Path(List.of(), "post_id"));
    assertThat(column.text()).isEqualTo("tb_comment:post_id");

    Dependency path = Dependency.parse(" v_post / app.tb_user : id=app.tb_comment.author_id/post_id ");
    assertThat(path.view()).isEqualTo("v_post");
    assertThat(path.table()).isEqualTo("app.tb_user");
    assertThat(path.mapping()).isEqualTo(new Dependency.Path(
        List.of(new Dependency.Hop("id", "app.tb_comment", "author_id")), "post_id"));
    assertThat(path.text()).isEqualTo("v_post/app.tb_user:id=app.tb_comment.author_id/post_id");

    Dependency query = Dependency.parse("tb_tag:SELECT pt.post_id::uuid FROM tb_post_tag pt JOIN changed c ON c.id = pt.tag_id");
    assertThat(query.mapping()).isEqualTo(new Dependency.Query(
        "SELECT pt.post_id::uuid FROM tb_post_tag pt JOIN changed c ON c.id = pt.tag_id"));
    assertThat(Dependency.parse("tb_x:with c AS (SELECT 1) SELECT 1").mapping()).isInstanceOf(Dependency.Query.class);
    assertThat(Dependency.parse("tb_setting:ALL").mapping()).isEqualTo(new Dependency.All());
    assertThat(Dependency.parse("tb_setting:all").text()).isEqualTo("tb_setting:all");
  }

  @Test
  void rejectsMalformedDepends() {
    assertThatThrownBy(() -> Dependency.parse("tb_comment")).hasMessageContaining("expected TABLE:MAPPING")
        .hasMessageContaining(Dependency.SYNTAX);
    assertThatThrownBy(() -> Dependency.parse("tb_comment:")).hasMessageContaining("expected TABLE:MAPPING");
    assertThatThrownBy(() -> Dependency.parse(":post_id")).hasMessageContaining("expected TABLE:MAPPING");
    assertThatThrownBy(() -> Dependency.parse("/tb:post_id")).hasMessageContaining("the view before '/' is empty");
    assertThatThrownBy(() -> Dependency.parse("v/ :post_id")).hasMessageContaining("the table is empty");
    assertThatThrownBy(() -> Dependency.parse("tb:id=tb_comment/post_id")).hasMessageContaining("is not a hop");
    assertThatThrownBy(() -> Dependency.parse("tb:id=.x/post_id")).hasMessageContaining("is not a hop");
    assertThatThrownBy(() -> Dependency.parse("tb:id=t.x/")).hasMessageContaining("is not a name");
    assertThatThrownBy(() -> Dependency.parse("tb:post id")).hasMessageContaining("is not a name");
    assertThatThrownBy(() -> new Dependency(null, "t", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new Dependency.Hop("a", null, "b")).isInstanceOf(NullPointerException.class);
  }

  @Test
  void parsesViewsAndNamesTheirTables() {
    assertThat(TableViewTarget.parse(" v_post ")).isEqualTo(new TableViewTarget("v_post", null));
    assertThat(TableViewTarget.parse("app.v_post=read.posts")).isEqualTo(new TableViewTarget("app.v_post", "read.posts"));
    assertThatThrownBy(() -> TableViewTarget.parse("=x")).hasMessageContaining("the view name is empty");
    assertThatThrownBy(() -> TableViewTarget.parse("v_post=")).hasMessageContaining("the table name after '=' is empty");
    assertThat(TableViewTarget.defaultTableName("v_post")).isEqualTo("tv_post");
    assertThat(TableViewTarget.defaultTableName("posts")).isEqualTo("tv_posts");
  }

  @Test
  void quotesThroughTheEnginesFunction() {
    assertThat(SqlText.ident("a\"b")).isEqualTo("\"a\"\"b\"");
    assertThat(SqlText.qualified("s", "t")).isEqualTo("\"s\".\"t\"");
    assertThat(SqlText.literal("it's")).isEqualTo("'it''s'");
  }

  @Test
  void aReportInSyncSaysSo() {
    VerifyReport ok = new VerifyReport("public.v", "public.tv", 0, 0, 0, List.of(), List.of());
    assertThat(ok.inSync()).isTrue();
    assertThat(ok.text()).isEqualTo("public.tv vs public.v: in sync");
    VerifyReport bad = new VerifyReport("public.v", "public.tv", 0, 0, 0, List.of(), List.of("gone"));
    assertThat(bad.inSync()).isFalse();
    assertThat(bad.text()).isEqualTo("public.tv vs public.v: 0 missing, 0 extra, 0 different\n  gone");
  }
}
