package io.fraiseql.tableview;

import io.fraiseql.tableview.NodeTree.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a view's stored query (and the views it reads, expanded one instance per reference) and
 * finds what a table view needs to stay in sync: every occurrence of a table, the equality
 * conditions that join occurrences ({@code c.post_id = p.id}, in a JOIN, a WHERE or a correlated
 * subquery), the occurrence the view's {@code id} column comes from, the functions it calls, and
 * the constructs that make a document depend on rows no join condition leads to.
 *
 * <p>The analysis is conservative: a construct it does not follow is reported as a problem (and
 * the generator refuses), never skipped. In particular every table reference of every view
 * definition must be reached by the structured walk; a reference found only by a plain scan of
 * the tree is a problem.
 */
final class ViewAnalyzer {
  /** Where the analyzer gets the stored query of a view: its {@code _RETURN} rule's action. */
  interface Rules {
    Node query(long viewOid, String viewName);
  }

  /** One reference to a table in the expanded view; {@code via} says where, for messages. */
  record Occurrence(int id, long relid, String via) {}

  /** A column of an occurrence (attribute number). */
  record ColRef(int occurrence, int attnum) {}

  /** An equality between two columns of different occurrences that every contributing row satisfies. */
  record Edge(ColRef a, ColRef b) {}

  /** What the analysis found. {@code root} is null when the id column is not a plain table column. */
  record Result(
      ColRef root,
      List<Occurrence> occurrences,
      List<Edge> edges,
      Set<Long> functions,
      List<String> problems) {}

  private static final int RTE_RELATION = 0;
  private static final int RTE_SUBQUERY = 1;
  private static final int RTE_JOIN = 2;
  private static final int RTE_FUNCTION = 3;
  private static final int RTE_VALUES = 5;
  private static final int RTE_CTE = 6;
  private static final int RTE_NAMEDTUPLESTORE = 7;
  private static final int RTE_RESULT = 8;
  private static final int PARAM_SUBLINK = 2;

  private final Rules rules;
  private final Set<Long> equalityOperators;
  private final List<Occurrence> occurrences = new ArrayList<>();
  private final List<Edge> edges = new ArrayList<>();
  private final Set<Long> functions = new LinkedHashSet<>();
  private final Set<String> problems = new LinkedHashSet<>();
  /** The relation references (RTE nodes) the structured walk reached, by identity. */
  private final Set<Node> reached = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Views being expanded, to refuse (impossible in PostgreSQL, but cheap to guard) a cycle. */
  private final Deque<Long> expanding = new ArrayDeque<>();
  /** Common table expressions being expanded: a recursive one refers to itself. */
  private final Set<Node> expandingCtes = Collections.newSetFromMap(new IdentityHashMap<>());

  private ViewAnalyzer(Rules rules, Set<Long> equalityOperators) {
    this.rules = rules;
    this.equalityOperators = equalityOperators;
  }

  /** Analyzes a view: {@code oid} and {@code name} (for messages), its catalog through {@code rules}. */
  static Result analyze(long viewOid, String viewName, Rules rules, Set<Long> equalityOperators) {
    ViewAnalyzer a = new ViewAnalyzer(rules, equalityOperators);
    Scope top = a.expandView(viewOid, viewName);
    ColRef root = null;
    if (top != null) {
      for (Object o : top.query.list("targetList")) {
        if (o instanceof Node te && "id".equals(te.token("resname")) && !"true".equals(te.token("resjunk"))) {
          root = a.resolve(te.get("expr"), top);
        }
      }
    }
    return new Result(root, List.copyOf(a.occurrences), List.copyOf(a.edges), Set.copyOf(a.functions),
        List.copyOf(a.problems));
  }

  // ---------------------------------------------------------------------------- scopes

  /** One query level: its range table entries as instantiated, and its parent level. */
  private static final class Scope {
    final Node query;
    final Scope parent;
    final String via;
    /** rtindex -> Integer (occurrence id), Scope (view, subquery, CTE), Node (join RTE). */
    final Map<Integer, Object> rtes = new HashMap<>();
    final boolean setOperation;
    /** True when a condition of this level compares with a column of an outer level. */
    boolean correlated;

    Scope(Node query, Scope parent, String via) {
      this.query = query;
      this.parent = parent;
      this.via = via;
      this.setOperation = query.get("setOperations") != null;
    }

    Scope up(long levels) {
      Scope s = this;
      for (long i = 0; i < levels && s != null; i++) {
        s = s.parent;
      }
      return s;
    }
  }

  private Scope expandView(long oid, String name) {
    if (expanding.contains(oid)) {
      problems.add("the view " + name + " reads itself");
      return null;
    }
    Node query = rules.query(oid, name);
    expanding.push(oid);
    try {
      // every table reference in this definition (the placeholders old/new of older
      // PostgreSQL versions name the view itself and are not read)
      List<Node> all = new ArrayList<>();
      collectRelationRtes(query, oid, all);
      Scope scope = instantiate(query, null, name);
      for (Node rte : all) {
        if (!reached.contains(rte)) {
          problems.add(name + " reads relation " + rte.token("relid") + " (" + alias(rte)
              + ") in a place the analysis does not follow");
        }
      }
      return scope;
    } finally {
      expanding.pop();
    }
  }

  private Scope instantiate(Node query, Scope parent, String via) {
    Scope scope = new Scope(query, parent, via);
    if ("true".equals(query.token("hasRecursive"))) {
      problems.add(via + " uses WITH RECURSIVE: a document may depend on any number of rows");
    }
    Node jointree = query.node("jointree");
    if (jointree != null) {
      fromItem(jointree, scope);
    }
    Node setOps = query.node("setOperations");
    if (setOps != null) {
      setOperation(setOps, scope);
    }
    // expressions of this level: select list, HAVING, LIMIT, ORDER BY... (the range table and
    // the join tree were walked above)
    for (Map.Entry<String, Object> f : query.fields().entrySet()) {
      switch (f.getKey()) {
        case "rtable", "jointree", "setOperations", "cteList", "rteperminfos" -> { }
        default -> expressions(f.getValue(), scope);
      }
    }
    boolean perRow = scope.correlated;
    if (!perRow && (query.get("limitCount") != null || query.get("limitOffset") != null)) {
      problems.add(via + " uses LIMIT or OFFSET over rows of several documents");
    }
    if (!perRow && "true".equals(query.token("hasWindowFuncs"))) {
      problems.add(via + " uses a window function over rows of several documents");
    }
    if (!perRow && "true".equals(query.token("hasDistinctOn"))) {
      problems.add(via + " uses DISTINCT ON over rows of several documents");
    }
    return scope;
  }

  /** A FROMEXPR, JOINEXPR or RANGETBLREF: instantiates the entries and records the conditions. */
  private void fromItem(Node item, Scope scope) {
    switch (item.type()) {
      case "FROMEXPR" -> {
        for (Object o : item.list("fromlist")) {
          if (o instanceof Node n) {
            fromItem(n, scope);
          }
        }
        conditions(item.get("quals"), scope);
      }
      case "JOINEXPR" -> {
        fromItem(item.node("larg"), scope);
        fromItem(item.node("rarg"), scope);
        int rtindex = (int) item.number("rtindex", 0);
        if (rtindex > 0) {
          scope.rtes.put(rtindex, rte(scope, rtindex));
        }
        conditions(item.get("quals"), scope);
      }
      case "RANGETBLREF" -> entry(scope, (int) item.number("rtindex", 0));
      default -> problems.add(scope.via + " has a FROM item the analysis does not know (" + item.type() + ")");
    }
  }

  private void setOperation(Node op, Scope scope) {
    if (op.is("RANGETBLREF")) {
      entry(scope, (int) op.number("rtindex", 0));
    } else if (op.is("SETOPERATIONSTMT")) {
      setOperation(op.node("larg"), scope);
      setOperation(op.node("rarg"), scope);
    } else {
      problems.add(scope.via + " has a set operation the analysis does not know (" + op.type() + ")");
    }
  }

  private Node rte(Scope scope, int rtindex) {
    List<Object> rtable = scope.query.list("rtable");
    if (rtindex < 1 || rtindex > rtable.size() || !(rtable.get(rtindex - 1) instanceof Node rte)) {
      problems.add(scope.via + " refers to a range table entry that does not exist (" + rtindex + ")");
      return null;
    }
    return rte;
  }

  /** Instantiates range table entry {@code rtindex} of a scope. */
  private void entry(Scope scope, int rtindex) {
    Node rte = rte(scope, rtindex);
    if (rte == null) {
      return;
    }
    int kind = (int) rte.number("rtekind", -1);
    String name = alias(rte);
    switch (kind) {
      case RTE_RELATION -> {
        reached.add(rte);
        long relid = rte.number("relid", 0);
        String relkind = rte.token("relkind");
        if ("r".equals(relkind) || "p".equals(relkind)) {
          Occurrence occ = new Occurrence(occurrences.size(), relid, scope.via + " (as " + name + ")");
          occurrences.add(occ);
          scope.rtes.put(rtindex, occ.id());
        } else if ("v".equals(relkind)) {
          Scope view = expandView(relid, scope.via + " > " + name);
          if (view != null) {
            scope.rtes.put(rtindex, view);
          }
        }
        // other kinds (materialized views, foreign tables...) are refused by the generator, which
        // reads every relation a view depends on from pg_depend
      }
      case RTE_SUBQUERY -> {
        Node sub = rte.node("subquery");
        if (sub != null) {
          scope.rtes.put(rtindex, instantiate(sub, scope, scope.via + " > subquery " + name));
        }
      }
      case RTE_JOIN -> scope.rtes.put(rtindex, rte);
      case RTE_FUNCTION -> expressions(rte.get("functions"), scope);
      case RTE_VALUES -> expressions(rte.get("values_lists"), scope);
      case RTE_CTE -> {
        String cte = rte.token("ctename");
        Scope owner = scope.up(rte.number("ctelevelsup", 0));
        Node def = owner == null ? null : cteDefinition(owner.query, cte);
        if (def == null) {
          problems.add(scope.via + " reads the common table expression " + cte + ", which the analysis cannot find");
        } else if (!expandingCtes.add(def)) {
          problems.add(scope.via + " uses WITH RECURSIVE: a document may depend on any number of rows");
        } else {
          try {
            scope.rtes.put(rtindex, instantiate(def, owner, scope.via + " > WITH " + cte));
          } finally {
            expandingCtes.remove(def);
          }
        }
      }
      case RTE_NAMEDTUPLESTORE, RTE_RESULT -> { }
      default -> problems.add(scope.via + " has a FROM item of a kind the analysis does not know (" + kind + ")");
    }
  }

  private static Node cteDefinition(Node query, String name) {
    for (Object o : query.list("cteList")) {
      if (o instanceof Node cte && name != null && name.equals(cte.token("ctename"))) {
        return cte.node("ctequery");
      }
    }
    return null;
  }

  // ------------------------------------------------------------------------ expressions

  /**
   * Walks an expression of a scope: records the functions it calls, and expands its sublinks as
   * scopes one level down (their conditions may compare with this level's columns).
   */
  private void expressions(Object value, Scope scope) {
    if (value instanceof List<?> list) {
      for (Object o : list) {
        expressions(o, scope);
      }
      return;
    }
    if (!(value instanceof Node n)) {
      return;
    }
    switch (n.type()) {
      case "SUBLINK" -> {
        Node sub = n.node("subselect");
        Scope inner = sub == null ? null : instantiate(sub, scope, scope.via + " > subquery");
        expressions(n.get("testexpr"), scope);
        if (inner != null) {
          inConditions(n.get("testexpr"), scope, inner);
        }
        return;
      }
      case "QUERY" -> {
        problems.add(scope.via + " has a query in a place the analysis does not follow");
        return;
      }
      case "FUNCEXPR" -> functions.add(n.number("funcid", 0));
      case "OPEXPR", "DISTINCTEXPR", "NULLIFEXPR", "SCALARARRAYOPEXPR" -> functions.add(n.number("opfuncid", 0));
      case "AGGREF" -> functions.add(n.number("aggfnoid", 0));
      case "WINDOWFUNC" -> functions.add(n.number("winfnoid", 0));
      case "SQLVALUEFUNCTION" -> problems.add(scope.via
          + " reads a value of the session or the clock (CURRENT_DATE, CURRENT_USER...), which a stored"
          + " document would keep from the time of the write");
      case "NEXTVALUEEXPR" -> problems.add(scope.via + " calls nextval()");
      default -> { }
    }
    for (Object v : n.fields().values()) {
      expressions(v, scope);
    }
  }

  /** The conjuncts of a WHERE or JOIN ... ON condition that equate two columns become edges. */
  private void conditions(Object quals, Scope scope) {
    expressions(quals, scope);
    conjuncts(quals, scope);
  }

  private void conjuncts(Object quals, Scope scope) {
    if (quals instanceof List<?> list) {
      for (Object o : list) {
        conjuncts(o, scope);
      }
      return;
    }
    if (!(quals instanceof Node n)) {
      return;
    }
    if (n.is("BOOLEXPR") && "and".equals(n.token("boolop"))) {
      conjuncts(n.get("args"), scope);
      return;
    }
    if (n.is("OPEXPR") && equalityOperators.contains(n.number("opno", 0)) && n.list("args").size() == 2) {
      Object left = n.list("args").get(0);
      Object right = n.list("args").get(1);
      ColRef a = resolve(left, scope);
      ColRef b = resolve(right, scope);
      if (a != null && b != null && a.occurrence() != b.occurrence()) {
        edges.add(new Edge(a, b));
        if (outerLevel(left) || outerLevel(right)) {
          scope.correlated = true;
        }
      }
    }
  }

  /** {@code x IN (SELECT y ...)}: the test {@code x = PARAM} equates x with the subquery's column. */
  private void inConditions(Object testexpr, Scope scope, Scope inner) {
    if (testexpr instanceof Node n && n.is("OPEXPR") && equalityOperators.contains(n.number("opno", 0))
        && n.list("args").size() == 2) {
      ColRef a = resolve(n.list("args").get(0), scope);
      Object p = strip(n.list("args").get(1));
      if (a != null && p instanceof Node param && param.is("PARAM") && param.number("paramkind", -1) == PARAM_SUBLINK) {
        ColRef b = outputColumn(inner, (int) param.number("paramid", 0));
        if (b != null && a.occurrence() != b.occurrence()) {
          edges.add(new Edge(a, b));
          inner.correlated = true;
        }
      }
    }
  }

  private static boolean outerLevel(Object expr) {
    return strip(expr) instanceof Node n && n.is("VAR") && n.number("varlevelsup", 0) > 0;
  }

  private static Object strip(Object expr) {
    Object e = expr;
    while (e instanceof Node n && n.is("RELABELTYPE")) {
      e = n.get("arg");
    }
    return e;
  }

  /** The table column an expression is, through views, subqueries and joins; null otherwise. */
  private ColRef resolve(Object expr, Scope scope) {
    if (!(strip(expr) instanceof Node var) || !var.is("VAR")) {
      return null;
    }
    Scope s = scope.up(var.number("varlevelsup", 0));
    int attno = (int) var.number("varattno", 0);
    if (s == null || attno <= 0) {
      return null;
    }
    Object rte = s.rtes.get((int) var.number("varno", 0));
    if (rte instanceof Integer occ) {
      return new ColRef(occ, attno);
    }
    if (rte instanceof Scope inner) {
      return outputColumn(inner, attno);
    }
    if (rte instanceof Node join && join.is("RANGETBLENTRY")) {
      List<Object> vars = join.list("joinaliasvars");
      return attno <= vars.size() ? resolve(vars.get(attno - 1), s) : null;
    }
    return null;
  }

  private ColRef outputColumn(Scope inner, int resno) {
    if (inner.setOperation) {
      return null; // the column comes from every branch
    }
    for (Object o : inner.query.list("targetList")) {
      if (o instanceof Node te && te.number("resno", -1) == resno && !"true".equals(te.token("resjunk"))) {
        return resolve(te.get("expr"), inner);
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------- helpers

  /** Every table reference written in one view definition (not in the views it reads). */
  private static void collectRelationRtes(Object value, long viewOid, List<Node> out) {
    if (value instanceof List<?> list) {
      for (Object o : list) {
        collectRelationRtes(o, viewOid, out);
      }
      return;
    }
    if (!(value instanceof Node n)) {
      return;
    }
    if (n.is("RANGETBLENTRY") && n.number("rtekind", -1) == RTE_RELATION && n.number("relid", 0) != viewOid) {
      out.add(n);
    }
    for (Object v : n.fields().values()) {
      collectRelationRtes(v, viewOid, out);
    }
  }

  private static String alias(Node rte) {
    Node eref = rte.node("eref");
    String name = eref == null ? null : eref.token("aliasname");
    return name == null ? "?" : name;
  }
}
