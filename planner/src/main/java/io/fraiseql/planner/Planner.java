package io.fraiseql.planner;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.execution.RawVariables;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.SourceLocation;
import graphql.normalized.ExecutableNormalizedField;
import graphql.normalized.ExecutableNormalizedOperation;
import graphql.normalized.ExecutableNormalizedOperationFactory;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.validation.OperationValidationRule;
import graphql.validation.QueryComplexityLimits;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;
import io.fraiseql.api.Limits;
import io.fraiseql.api.error.ErrorCode;
import io.fraiseql.api.error.FraiseQLException;
import io.fraiseql.api.error.GraphQLErrorEntry;
import io.fraiseql.api.error.GraphQLErrorEntry.Location;
import io.fraiseql.api.plan.QueryDef;
import io.fraiseql.api.plan.Selection;
import io.fraiseql.api.plan.Where;
import io.fraiseql.api.plan.CursorCodec;
import io.fraiseql.planner.internal.Arguments;
import io.fraiseql.planner.internal.Connections;
import io.fraiseql.planner.internal.DataField;
import io.fraiseql.planner.internal.DataType;
import io.fraiseql.planner.internal.DocumentCache;
import io.fraiseql.planner.internal.InputText;
import io.fraiseql.planner.internal.IntrospectionGuard;
import io.fraiseql.planner.internal.WhereLimits;
import io.fraiseql.planner.internal.RootModel;
import io.fraiseql.planner.internal.SchemaLoader;
import io.fraiseql.planner.internal.Slots;
import io.fraiseql.planner.internal.ValuePositions;
import io.fraiseql.planner.internal.VariableLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Parses and validates requests with graphql-java (documents cached by query text), applies
 * variables, fragments, aliases and {@code @skip}/{@code @include}, and builds one immutable
 * plan per root field ({@link QueryDef}, or {@link io.fraiseql.api.plan.AggregateDef} for aggregate
 * and group fields). A request without variables reuses the plan built for its document and
 * operation the first time. Thread-safe.
 */
public final class Planner {
  /** Estimated heap of one AST node of a parsed document, with its share of the plans built from it. */
  static final int BYTES_PER_NODE = 256;
  private static final int MAX_PATH_IN_MESSAGE = 200;

  private final FraiseSchema schema;
  private final SchemaLoader.Loaded loaded;
  private final Limits limits;
  private final PlannerOptions options;
  private final Arguments arguments;
  private final DocumentCache<Parsed> cache;
  /** Documents prepared ahead (persisted queries), kept for good. */
  private final Map<String, Parsed> pinned = new java.util.concurrent.ConcurrentHashMap<>();
  private final GraphQL introspection;
  private final CursorCodec cursors;
  private final QueryComplexityLimits complexity;
  private final ValuePositions positions;
  private final TemplateCache templates;

  /** A planner whose Relay cursors are signed with a random key of its own. */
  public Planner(FraiseSchema schema, Limits limits, int documentCacheSize) {
    this(schema, limits, documentCacheSize, new CursorCodec(CursorCodec.randomSecret()));
  }

  /**
   * A planner whose Relay cursors are signed with {@code cursors}' secret (set one secret for all
   * instances of a deployment so cursors survive restarts and load balancing).
   */
  public Planner(FraiseSchema schema, Limits limits, int documentCacheSize, CursorCodec cursors) {
    this(schema, new PlannerOptions(limits, documentCacheSize, PlannerOptions.DEFAULT_DOCUMENT_CACHE_BYTES, true),
        cursors);
  }

  /**
   * A planner with the given options whose Relay cursors are signed with {@code cursors}' secret.
   * It keeps at most {@link PlannerOptions#templateCacheSize()} plan templates for queries and
   * mutations with variables, of at most {@link PlannerOptions#templateCacheBytes()} estimated heap
   * in all (0 keeps none: such requests are planned one by one).
   */
  public Planner(FraiseSchema schema, PlannerOptions options, CursorCodec cursors) {
    this.templates = new TemplateCache(options.templateCacheSize(), options.templateCacheBytes());
    this.cursors = Objects.requireNonNull(cursors, "cursors");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.options = Objects.requireNonNull(options, "options");
    this.loaded = schema.loaded();
    this.limits = options.limits();
    this.arguments = new Arguments(loaded.types());
    this.positions = ValuePositions.of(loaded);
    this.cache = new DocumentCache<>(options.documentCacheSize(), options.documentCacheBytes());
    // graphql-java's own bounds, checked while validating: never tighter than ours, so that our
    // checks (with their messages) decide; fragments spread many times count here first
    this.complexity = QueryComplexityLimits.newLimits()
        .maxDepth(limits.maxDepth() + 1)
        .maxFieldsCount(limits.maxFields())
        .build();
    this.introspection =
        GraphQL.newGraphQL(loaded.schema())
            // documents reaching execution were validated when they were planned
            .preparsedDocumentProvider(
                (input, parseAndValidate) ->
                    CompletableFuture.completedFuture(
                        new PreparsedDocumentEntry(introspectionDocument(input))))
            .build();
  }

  public Planner(FraiseSchema schema) {
    this(schema, Limits.DEFAULTS, PlannerOptions.DEFAULT_DOCUMENT_CACHE_SIZE);
  }

  public FraiseSchema schema() {
    return schema;
  }

  /** Documents in the cache, and their estimated heap in bytes. */
  public long[] documentCacheUsage() {
    return new long[] {cache.size(), cache.weight()};
  }

  /**
   * Parses and validates a document now and keeps it for good, outside the bounded document cache,
   * as a server does with the persisted documents it loads at startup: requests with that exact
   * text never parse or validate it again. Returns its errors; empty when it is valid.
   */
  public List<GraphQLErrorEntry> prepare(String query) {
    java.util.Objects.requireNonNull(query, "query");
    PlanResult.Rejected tooLong = tooLong(query);
    if (tooLong != null) {
      return tooLong.errors();
    }
    Parsed parsed = parseAndValidate(query);
    if (parsed.errors().isEmpty()) {
      pinned.put(query, parsed);
    }
    return parsed.errors();
  }

  /**
   * Whether the document is parsed and validated already (pinned with {@link #prepare}, or in the
   * document cache), so that planning a request with it parses nothing: a caller that must not
   * spend long (an event loop) plans such requests itself and hands the others to a worker.
   */
  public boolean parsed(String query) {
    return query != null && (pinned.containsKey(query) || cache.get(query) != null);
  }

  /** The refusal of a query over the length limit, or null. */
  private PlanResult.Rejected tooLong(String query) {
    return query.length() <= limits.maxQueryLength() ? null : reject(ErrorCode.BAD_USER_INPUT,
        "The query is " + query.length() + " characters long; the limit is " + limits.maxQueryLength());
  }

  /** Plans a request. Never throws for bad input: problems become errors in the result. */
  public PlanResult plan(String query, String operationName, Map<String, Object> variables) {
    return plan(query, operationName, variables, true);
  }

  /**
   * Plans a request without plan templates: its plan holds its own values (see {@link #plan}).
   * For an engine that cannot use the template a request was served from.
   */
  public PlanResult planOnItsOwn(String query, String operationName, Map<String, Object> variables) {
    return plan(query, operationName, variables, false);
  }

  private PlanResult plan(String query, String operationName, Map<String, Object> variables, boolean templated) {
    if (query == null || query.isBlank()) {
      return reject(ErrorCode.BAD_USER_INPUT, "The request has no query");
    }
    PlanResult.Rejected tooLong = tooLong(query);
    if (tooLong != null) {
      return tooLong;
    }
    PlanResult.Rejected unwritable = loneSurrogates(query, operationName, variables);
    if (unwritable != null) {
      return unwritable;
    }
    Parsed parsed = pinned.isEmpty() ? null : pinned.get(query);
    if (parsed == null) {
      parsed = cache.get(query);
    }
    if (parsed == null) {
      parsed = parseAndValidate(query);
      cache.put(query, parsed, weight(query, parsed));
    }
    if (!parsed.errors().isEmpty()) {
      return new PlanResult.Rejected(parsed.errors());
    }
    Document document = parsed.document();
    OperationDefinition op = operation(document, operationName);
    if (op == null) {
      return reject(ErrorCode.GRAPHQL_VALIDATION_FAILED,
          operationName == null
              ? "The document has several operations; say which one to run with operationName"
              : "The document has no operation named '" + operationName + "'");
    }
    if (op.getOperation() == OperationDefinition.Operation.SUBSCRIPTION) {
      return reject(ErrorCode.BAD_USER_INPUT, "Subscriptions are not served");
    }
    Map<String, Object> vars = variables == null ? Map.of() : variables;
    if (!vars.isEmpty()) {
      return templated ? planWithVariables(parsed, document, op, vars) : planEach(parsed, document, op, vars);
    }
    // without variables the plan depends on the document and the operation only: build it once
    PlanResult cached = parsed.plans().get(op);
    if (cached == null) {
      Object normalized = normalize(document, op, vars);
      cached = normalized instanceof PlanResult.Rejected r
          ? r : build(document, op, vars, (ExecutableNormalizedOperation) normalized, ExecutableNormalizedField::getResolvedArguments);
      parsed.plans().putIfAbsent(op, cached);
    }
    return cached;
  }

  /**
   * Plans a request with variables. A query or a mutation is served from the plan template of its
   * variables' shape (see {@link VariableLayout}), built by the first request of that shape: only
   * the values to bind are read from the variables. Otherwise (a shape that cannot be kept, a value
   * the planner refuses) see {@link #planEach}.
   */
  private PlanResult planWithVariables(Parsed parsed, Document document, OperationDefinition op, Map<String, Object> vars) {
    if (templates.enabled()) {
      OperationTemplates kept = parsed.templates().get(op);
      if (kept == null) {
        kept = parsed.templates().computeIfAbsent(op, o -> new OperationTemplates(
            VariableLayout.of(loaded.schema(), document, o, positions), templateWeight(document, o)));
      }
      if (kept.layout().templatable()) {
        PlanResult served = fromTemplate(kept, document, op, vars);
        if (served != null) {
          return served;
        }
      }
    }
    return planEach(parsed, document, op, vars);
  }

  /** The request served from the template of its shape (built now when there is none), or null. */
  private PlanResult fromTemplate(OperationTemplates kept, Document document, OperationDefinition op,
      Map<String, Object> vars) {
    PlanResult served = kept.serve(vars, vars, false);
    if (served instanceof PlanResult.Operation) {
      return served;
    }
    if (served == OperationTemplates.REFUSED) {
      return null; // a value the planner refuses: planned on its own, which reports it
    }
    Map<String, Object> coerced;
    try {
      coerced = graphql.execution.ValuesResolver.coerceVariableValues(loaded.schema(), op.getVariableDefinitions(),
          RawVariables.of(vars), graphql.GraphQLContext.getDefault(), java.util.Locale.getDefault()).toMap();
    } catch (RuntimeException e) {
      return null; // planned on its own, which reports the variables' problem
    }
    served = kept.serve(vars, coerced, true);
    if (served != null) {
      return served instanceof PlanResult.Operation ? served : null;
    }
    OperationTemplates.Template built = template(kept, document, op, vars, coerced);
    if (built == null) {
      return null;
    }
    templates.add(built); // a template not kept (too heavy, or built twice at once) still serves this request
    PlanResult result = built.serve(vars, coerced, true);
    return result instanceof PlanResult.Operation ? result : null;
  }

  /**
   * Builds the template of the shape of {@code coerced}: the plan of the operation with each value
   * to bind replaced by a parameter. Null when the plan has a field that failed (the request is
   * then planned on its own, which reports it) or cannot be a template.
   */
  private OperationTemplates.Template template(OperationTemplates kept, Document document, OperationDefinition op,
      Map<String, Object> raw, Map<String, Object> coerced) {
    List<Object> tokens = new ArrayList<>();
    List<Object> samples = new ArrayList<>();
    Map<String, Object> marked = kept.layout().record(raw, coerced, tokens, samples);
    if (InputText.unstorableIn(samples, "") != null) {
      return null; // no template from a value the planner refuses: planned on its own, which reports it
    }
    Object normalized = normalize(document, op, raw);
    if (normalized instanceof PlanResult.Rejected) {
      return null;
    }
    ExecutableNormalizedOperation n = (ExecutableNormalizedOperation) normalized;
    Slots slots = new Slots(samples.size());
    PlanResult built;
    try {
      built = slots.during(() -> build(document, op, raw, n,
          rootArguments(rootType(op), n, graphql.execution.CoercedVariables.of(marked))));
    } catch (RuntimeException e) {
      return null;
    }
    if (!(built instanceof PlanResult.Operation o) || o.fields().stream().anyMatch(f -> f instanceof RootPlan.Failed)) {
      return null;
    }
    return new OperationTemplates.Template(kept, tokens.toArray(), o, slots, kept.baseWeight() + 32L * tokens.size(),
        WhereLimits.patternParameters(filters(o.fields())), limits.maxPatternLength());
  }

  /**
   * Plans a request with variables on its own. When the variables reach only the arguments of
   * root fields (no {@code @skip}/{@code @include} or nested argument uses one), the normalized
   * operation of the first such request is kept and only the root fields' arguments are resolved
   * again; otherwise the document is normalized for each request.
   */
  private PlanResult planEach(Parsed parsed, Document document, OperationDefinition op, Map<String, Object> vars) {
    Object shape = parsed.shapes().computeIfAbsent(op, o -> variablesOnlyInRootArguments(document, o) ? NOT_YET : NEVER);
    if (shape == NEVER) {
      Object normalized = normalize(document, op, vars);
      return normalized instanceof PlanResult.Rejected r
          ? r : build(document, op, vars, (ExecutableNormalizedOperation) normalized, ExecutableNormalizedField::getResolvedArguments);
    }
    graphql.execution.CoercedVariables coerced;
    try {
      coerced = graphql.execution.ValuesResolver.coerceVariableValues(loaded.schema(), op.getVariableDefinitions(),
          RawVariables.of(vars), graphql.GraphQLContext.getDefault(), java.util.Locale.getDefault());
    } catch (RuntimeException e) {
      if (e instanceof GraphQLError ge) {
        return rejected(ge);
      }
      throw e;
    }
    if (shape == NOT_YET) {
      Object normalized = normalize(document, op, vars);
      if (normalized instanceof PlanResult.Rejected r) {
        return r; // nothing kept: the next request tries again
      }
      parsed.shapes().replace(op, NOT_YET, normalized);
      shape = normalized;
    }
    ExecutableNormalizedOperation normalized = (ExecutableNormalizedOperation) shape;
    try {
      return build(document, op, vars, normalized, rootArguments(rootType(op), normalized, coerced));
    } catch (RuntimeException e) {
      if (e instanceof GraphQLError ge) {
        return rejected(ge);
      }
      throw e;
    }
  }

  private graphql.schema.GraphQLObjectType rootType(OperationDefinition op) {
    return op.getOperation() == OperationDefinition.Operation.MUTATION
        ? loaded.schema().getMutationType() : loaded.schema().getQueryType();
  }

  /** The arguments of the root fields of a normalized operation, resolved with {@code coerced}. */
  private java.util.function.Function<ExecutableNormalizedField, Map<String, Object>> rootArguments(
      graphql.schema.GraphQLObjectType rootType, ExecutableNormalizedOperation normalized,
      graphql.execution.CoercedVariables coerced) {
    return f -> {
      graphql.schema.GraphQLFieldDefinition def = rootType.getFieldDefinition(f.getName());
      if (def == null || def.getArguments().isEmpty()) {
        return Map.of(); // __typename, introspection fields, fields without arguments
      }
      return graphql.execution.ValuesResolver.getArgumentValues(loaded.schema().getCodeRegistry(), def.getArguments(),
          normalized.getMergedField(f).getSingleField().getArguments(), coerced, graphql.GraphQLContext.getDefault(),
          java.util.Locale.getDefault());
    };
  }

  /**
   * The estimated heap of one template of an operation: its plan, compiled projections and
   * rendered SQL grow with the operation's syntax tree (fragments included), at about 256 bytes
   * per node, plus a fixed part.
   */
  private static long templateWeight(Document document, OperationDefinition op) {
    long nodes = 0;
    java.util.ArrayDeque<graphql.language.Node<?>> todo = new java.util.ArrayDeque<>();
    todo.push(op);
    document.getDefinitionsOfType(graphql.language.FragmentDefinition.class).forEach(todo::push);
    while (!todo.isEmpty()) {
      graphql.language.Node<?> n = todo.pop();
      nodes++;
      n.getChildren().forEach(todo::push);
    }
    return 1024 + 256 * nodes;
  }

  /** Plan templates kept, and their estimated heap in bytes. */
  public long[] templateCacheUsage() {
    return templates.usage();
  }

  /** Marks in {@code Parsed.shapes}: the operation's shape depends on its variables / is not built yet. */
  private static final Object NEVER = new Object();
  private static final Object NOT_YET = new Object();

  /**
   * Whether every variable of the operation is used only in the arguments of its root fields: then
   * the fields the operation selects do not depend on the variables. Conservative: a root fragment
   * that uses a variable, or a variable in any directive or nested field, answers false.
   */
  static boolean variablesOnlyInRootArguments(Document document, OperationDefinition op) {
    Map<String, graphql.language.FragmentDefinition> fragments = new java.util.HashMap<>();
    for (graphql.language.FragmentDefinition f : document.getDefinitionsOfType(graphql.language.FragmentDefinition.class)) {
      fragments.put(f.getName(), f);
    }
    if (usesVariables(op.getDirectives(), fragments)) {
      return false;
    }
    for (graphql.language.Selection<?> s : op.getSelectionSet().getSelections()) {
      if (s instanceof Field f) {
        if (usesVariables(f.getDirectives(), fragments)
            || (f.getSelectionSet() != null && usesVariables(List.of(f.getSelectionSet()), fragments))) {
          return false;
        }
      } else if (usesVariables(List.of(s), fragments)) {
        return false;
      }
    }
    return true;
  }

  private static boolean usesVariables(List<? extends graphql.language.Node<?>> nodes,
      Map<String, graphql.language.FragmentDefinition> fragments) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    java.util.ArrayDeque<graphql.language.Node<?>> todo = new java.util.ArrayDeque<>(nodes);
    while (!todo.isEmpty()) {
      graphql.language.Node<?> n = todo.pop();
      if (n instanceof graphql.language.VariableReference) {
        return true;
      }
      if (n instanceof graphql.language.FragmentSpread spread && seen.add(spread.getName())
          && fragments.containsKey(spread.getName())) {
        todo.push(fragments.get(spread.getName()));
      }
      for (graphql.language.Node<?> child : n.getChildren()) {
        todo.push(child);
      }
    }
    return false;
  }

  private static PlanResult.Rejected rejected(GraphQLError ge) {
    return new PlanResult.Rejected(List.of(new GraphQLErrorEntry(
        ge.getMessage(), locations(ge.getLocations()), List.of(), ErrorCode.BAD_USER_INPUT, Map.of())));
  }

  /** The normalized operation, or the request's rejection (bad variables, over a limit). */
  private Object normalize(Document document, OperationDefinition op, Map<String, Object> vars) {
    ExecutableNormalizedOperation normalized;
    try {
      normalized =
          ExecutableNormalizedOperationFactory.createExecutableNormalizedOperationWithRawVariables(
              loaded.schema(), document, op.getName(), RawVariables.of(vars),
              ExecutableNormalizedOperationFactory.Options.defaultOptions()
                  .maxFieldsCount(limits.maxFields())
                  .maxChildrenDepth(limits.maxDepth()));
    } catch (RuntimeException e) {
      if (e instanceof GraphQLError ge) {
        return rejected(ge);
      }
      if (e.getClass().getSimpleName().equals("AbortExecutionException")) {
        return reject(ErrorCode.BAD_USER_INPUT, "The query exceeds the limits of depth "
            + limits.maxDepth() + " or " + limits.maxFields() + " fields");
      }
      throw e;
    }
    List<ExecutableNormalizedField> top = normalized.getTopLevelFields();
    if (top.size() > limits.maxRootFields()) {
      return reject(ErrorCode.BAD_USER_INPUT, "The operation has " + top.size()
          + " root fields; the limit is " + limits.maxRootFields());
    }
    int depth = 0;
    for (ExecutableNormalizedField f : top) {
      depth = Math.max(depth, depth(f));
    }
    if (depth > limits.maxDepth()) {
      return reject(ErrorCode.BAD_USER_INPUT,
          "The query is " + depth + " levels deep; the limit is " + limits.maxDepth());
    }
    for (ExecutableNormalizedField f : top) {
      if (f.getName().equals("__schema") || f.getName().equals("__type")) {
        if (!options.introspection()) {
          return reject(ErrorCode.GRAPHQL_VALIDATION_FAILED,
              "Introspection is disabled on this server (" + f.getName() + ")");
        }
        String abuse = IntrospectionGuard.check(f);
        if (abuse != null) {
          return reject(ErrorCode.BAD_USER_INPUT, abuse);
        }
      }
    }
    return normalized;
  }

  /** The plan of a normalized operation, its root fields' arguments given by {@code arguments}. */
  private PlanResult build(Document document, OperationDefinition op, Map<String, Object> vars,
      ExecutableNormalizedOperation normalized,
      java.util.function.Function<ExecutableNormalizedField, Map<String, Object>> arguments) {
    boolean mutation = op.getOperation() == OperationDefinition.Operation.MUTATION;
    List<ExecutableNormalizedField> top = normalized.getTopLevelFields();
    Map<ExecutableNormalizedField, List<Location>> locations = rootLocations(normalized);
    List<RootPlan> plans = new ArrayList<>(top.size());
    for (ExecutableNormalizedField f : top) {
      List<Location> locs = locations.getOrDefault(f, List.of());
      Map<String, Object> args = arguments.apply(f);
      String unstorable = InputText.unstorableIn(args, f.getResultKey());
      if (unstorable != null) {
        return reject(ErrorCode.BAD_USER_INPUT, "A string in the arguments of " + shorten(unstorable)
            + " holds a NUL character or a lone UTF-16 surrogate; PostgreSQL cannot store either");
      }
      plans.add(mutation ? mutationPlan(f, args, locs) : rootPlan(f, args, locs));
    }
    String overLimit = WhereLimits.check(filters(plans), limits);
    if (overLimit != null) {
      return reject(ErrorCode.BAD_USER_INPUT, overLimit);
    }
    return new PlanResult.Operation(plans, document, op.getName(), vars, mutation);
  }

  /** The filters of the statements of root plans, one per plan that reads rows (null: none). */
  private static List<Where> filters(List<RootPlan> plans) {
    List<Where> filters = new ArrayList<>(plans.size());
    for (RootPlan plan : plans) {
      if (plan instanceof RootPlan.Data d) {
        filters.add(d.query().where());
      } else if (plan instanceof RootPlan.Aggregate a) {
        filters.add(a.query().where());
      } else if (plan instanceof RootPlan.Connection c) {
        filters.add(c.page().where()); // the count's filter is a part of the page's
      }
    }
    return filters;
  }

  /**
   * The request's rejection when its query, operation name or variables (keys included) hold a
   * lone UTF-16 surrogate, which neither the response nor PostgreSQL can carry; else null.
   */
  private static PlanResult.Rejected loneSurrogates(String query, String operationName, Map<String, Object> variables) {
    int at = InputText.loneSurrogate(query);
    if (at >= 0) {
      return unpaired("the query at character " + at);
    }
    if (operationName != null && InputText.loneSurrogate(operationName) >= 0) {
      return unpaired("operationName");
    }
    String where = variables == null ? null : InputText.loneSurrogateIn(variables, "variables");
    return where == null ? null : unpaired(shorten(where));
  }

  private static PlanResult.Rejected unpaired(String where) {
    return reject(ErrorCode.BAD_USER_INPUT, "The request holds a lone UTF-16 surrogate in " + where
        + "; send well-formed Unicode (a \\ud800-\\udbff escape must be followed by a \\udc00-\\udfff one)");
  }

  private static String shorten(String path) {
    return path.length() <= MAX_PATH_IN_MESSAGE ? path : path.substring(0, MAX_PATH_IN_MESSAGE) + "...";
  }

  /**
   * Runs the introspection root fields of an operation through graphql-java. Returns their values
   * by response key (the other root fields are not executed).
   */
  public Map<String, Object> introspect(PlanResult.Operation operation) {
    ExecutionResult result =
        introspection.execute(
            ExecutionInput.newExecutionInput()
                .query("#introspection")
                .operationName(operation.operationName())
                .variables(operation.variables())
                .graphQLContext(Map.of(Document.class, operation.document()))
                .build());
    Map<String, Object> data = result.getData();
    return data == null ? Map.of() : data;
  }

  private static Document introspectionDocument(ExecutionInput input) {
    Document full = input.getGraphQLContext().get(Document.class);
    // keep only the introspection root fields; the rest is served from SQL
    return full.transform(b -> b.definitions(full.getDefinitions().stream()
        .map(d -> d instanceof OperationDefinition od
            ? od.transform(ob -> ob.selectionSet(od.getSelectionSet().transform(sb -> sb.selections(
                od.getSelectionSet().getSelections().stream()
                    .filter(s -> s instanceof Field f && f.getName().startsWith("__") && !f.getName().equals("__typename"))
                    .collect(Collectors.toList())))))
            : d)
        .collect(Collectors.toList())));
  }

  // ------------------------------------------------------------------------------- internals

  /**
   * A parsed and validated document, or its errors; {@code plans} holds the plans of its
   * operations run without variables (one entry at most per operation of the document), {@code
   * templates} the plan templates of its operations run with variables.
   */
  private record Parsed(Document document, List<GraphQLErrorEntry> errors,
      Map<OperationDefinition, PlanResult> plans, Map<OperationDefinition, Object> shapes,
      Map<OperationDefinition, OperationTemplates> templates) {
    Parsed(Document document, List<GraphQLErrorEntry> errors) {
      this(document, errors, new java.util.concurrent.ConcurrentHashMap<>(), new java.util.concurrent.ConcurrentHashMap<>(),
          new java.util.concurrent.ConcurrentHashMap<>());
    }
  }

  private Parsed parseAndValidate(String query) {
    Document document;
    try {
      document = Parser.parse(query);
    } catch (InvalidSyntaxException e) {
      return new Parsed(null, List.of(new GraphQLErrorEntry(
          e.getMessage(), locations(e.getLocation() == null ? List.of() : List.of(e.getLocation())),
          List.of(), ErrorCode.GRAPHQL_PARSE_FAILED, Map.of())));
    }
    // graphql-java's "good faith" introspection rule refuses a second __type in a query (a normal
    // tool request); IntrospectionGuard replaces it after normalization. Its complexity limits
    // (fragments expanded) report MaxQueryFieldsExceeded / MaxQueryDepthExceeded.
    List<ValidationError> errors = graphql.ParseAndValidate.validate(loaded.schema(), document,
        rule -> rule != OperationValidationRule.GOOD_FAITH_INTROSPECTION, java.util.Locale.getDefault(), complexity);
    if (!errors.isEmpty()) {
      List<GraphQLErrorEntry> entries = new ArrayList<>();
      for (ValidationError ve : errors) {
        boolean limit = ve.getValidationErrorType() == ValidationErrorType.MaxQueryFieldsExceeded
            || ve.getValidationErrorType() == ValidationErrorType.MaxQueryDepthExceeded;
        entries.add(new GraphQLErrorEntry(ve.getMessage(), locations(ve.getLocations()), List.of(),
            limit ? ErrorCode.BAD_USER_INPUT : ErrorCode.GRAPHQL_VALIDATION_FAILED, Map.of()));
      }
      return new Parsed(null, entries);
    }
    return new Parsed(document, List.of());
  }

  private static OperationDefinition operation(Document document, String name) {
    List<OperationDefinition> ops = document.getDefinitionsOfType(OperationDefinition.class);
    if (name == null || name.isEmpty()) {
      return ops.size() == 1 ? ops.get(0) : null;
    }
    for (OperationDefinition op : ops) {
      if (name.equals(op.getName())) {
        return op;
      }
    }
    return null;
  }

  private RootPlan rootPlan(ExecutableNormalizedField field, Map<String, Object> args, List<Location> locations) {
    String key = field.getResultKey();
    String name = field.getName();
    if (name.equals("__typename")) {
      return new RootPlan.Typename(key, loaded.queryTypeName());
    }
    if (name.startsWith("__")) {
      return new RootPlan.Introspection(key);
    }
    RootModel root = loaded.roots().get(name);
    try {
      if (root.connection()) {
        return connection(root, field, args, locations);
      }
      if (root.aggregates()) {
        String label = loaded.queryTypeName() + "." + root.fieldName();
        return new RootPlan.Aggregate(io.fraiseql.planner.internal.AggregatePlans.plan(root, field, args,
            where(root, args), nonNegative(args.get("limit"), "limit", label),
            nonNegative(args.get("offset"), "offset", label), label), locations);
      }
      return new RootPlan.Data(queryDef(root, field, args), locations);
    } catch (FraiseQLException e) {
      return new RootPlan.Failed(key, GraphQLErrorEntry.of(e, locations, List.of(key)), root.nonNull());
    }
  }

  private RootPlan mutationPlan(ExecutableNormalizedField field, Map<String, Object> args, List<Location> locations) {
    String key = field.getResultKey();
    if (field.getName().equals("__typename")) {
      return new RootPlan.Typename(key, loaded.mutationTypeName());
    }
    io.fraiseql.planner.internal.MutationModel m = loaded.mutations().get(field.getName());
    try {
      return new RootPlan.Mutation(mutationDef(m, field, args), locations, m.nonNull());
    } catch (FraiseQLException e) {
      return new RootPlan.Failed(key, GraphQLErrorEntry.of(e, locations, List.of(key)), m.nonNull());
    }
  }

  private io.fraiseql.api.plan.MutationDef mutationDef(
      io.fraiseql.planner.internal.MutationModel m, ExecutableNormalizedField field, Map<String, Object> args) {
    String label = loaded.mutationTypeName() + "." + m.fieldName();
    graphql.schema.GraphQLFieldDefinition def = loaded.schema().getMutationType().getFieldDefinition(m.fieldName());
    Object input = null;
    if (def.getArgument("input") != null && args.get("input") != null) {
      input = snakeInput(args.get("input"), def.getArgument("input").getType());
    }
    if (m.kind() == null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> in = input == null ? Map.of() : (Map<String, Object>) input;
      Selection.ObjectSelection success = selection(loaded.types().get(m.successType()), field);
      Selection.ObjectSelection error = selection(loaded.types().get(m.errorType()), field);
      return new io.fraiseql.api.plan.MutationDef.FunctionCall(field.getResultKey(), m.functionSchema(),
          m.functionName(), in, success, error, m.entityField() == null ? null : m.entityField().jsonKey(),
          m.errorMetadataFields(), m.nonNull());
    }
    String idType = m.columns().getOrDefault("id", "text");
    Object id = args.containsKey("id")
        ? Slots.map(args.get("id"), v -> Arguments.idValue(idType, String.valueOf(v), label)) : null;
    Map<String, io.fraiseql.api.plan.MutationDef.ColumnValue> values = new LinkedHashMap<>();
    if (input instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String column = (String) e.getKey();
        String sqlType = m.columns().getOrDefault(column, "text");
        Object value = e.getValue();
        if (io.fraiseql.api.plan.Parameter.sampleOf(value) instanceof String && Arguments.parsesIds(sqlType)) {
          // an id string for an integer or uuid column must parse as one: BAD_USER_INPUT here, not 22P02 later
          value = Slots.map(value, v -> {
            Arguments.idValue(sqlType, (String) v, label + " (column " + column + ")");
            return v;
          });
        }
        values.put(column, new io.fraiseql.api.plan.MutationDef.ColumnValue(value, sqlType));
      }
    }
    QueryDef reread = new QueryDef(field.getResultKey(), m.source(), QueryDef.Shape.BY_ID,
        selection(m.returnType(), field), null, List.of(), null, null, id == null ? "" : id, false, false);
    return new io.fraiseql.api.plan.MutationDef.Dml(field.getResultKey(), m.kind(), m.table(), "id", idType,
        values, id, reread);
  }

  /** Input objects with snake_case keys (recursively, by their input types); scalars as coerced. */
  private static Object snakeInput(Object value, graphql.schema.GraphQLInputType type) {
    graphql.schema.GraphQLType t = graphql.schema.GraphQLTypeUtil.unwrapNonNull(type);
    if (value == null) {
      return null;
    }
    if (t instanceof graphql.schema.GraphQLList list && value instanceof List<?> items) {
      List<Object> out = new ArrayList<>(items.size());
      for (Object item : items) {
        out.add(snakeInput(item, (graphql.schema.GraphQLInputType) list.getWrappedType()));
      }
      return out;
    }
    if (t instanceof graphql.schema.GraphQLInputObjectType object && value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String name = (String) e.getKey();
        out.put(io.fraiseql.planner.internal.Names.snakeCase(name),
            snakeInput(e.getValue(), object.getField(name).getType()));
      }
      return out;
    }
    return value;
  }

  private QueryDef queryDef(RootModel root, ExecutableNormalizedField field, Map<String, Object> args) {
    Selection.ObjectSelection selection = selection(root.type(), field);
    String label = loaded.queryTypeName() + "." + root.fieldName();
    if (root.shape() == QueryDef.Shape.BY_ID) {
      Object id = Slots.map(args.get("id"),
          v -> Arguments.idValue(root.source().idSqlType(), String.valueOf(v), label));
      return new QueryDef(key(field), root.source(), root.shape(), selection, null, List.of(), null,
          null, id, root.nonNull(), false);
    }
    Where where = where(root, args);
    Object orderArg = args.get("orderBy");
    List<io.fraiseql.api.plan.OrderKey> order =
        orderArg instanceof List<?> l ? arguments.orderBy(root.type(), l, root.columns()) : List.of();
    Integer limit = nonNegative(args.get("limit"), "limit", label);
    Integer offset = nonNegative(args.get("offset"), "offset", label);
    return new QueryDef(key(field), root.source(), root.shape(), selection, where, order, limit,
        offset, null, root.nonNull(), root.itemsNonNull());
  }

  private RootPlan connection(RootModel root, ExecutableNormalizedField field, Map<String, Object> args,
      List<Location> locations) {
    String label = loaded.queryTypeName() + "." + root.fieldName();
    Integer first = nonNegative(args.get("first"), "first", label);
    Integer last = nonNegative(args.get("last"), "last", label);
    if (first != null && last != null) {
      throw FraiseQLException.badInput(label + ": give first or last, not both");
    }
    Integer size = first != null ? first : last != null ? last : Connections.MAX_PAGE_SIZE;
    if (size > Connections.MAX_PAGE_SIZE) {
      throw FraiseQLException.badInput(
          label + ": a page holds at most " + Connections.MAX_PAGE_SIZE + " rows, got " + size);
    }
    Where base = where(root, args);
    List<io.fraiseql.api.plan.OrderKey> requested = args.get("orderBy") instanceof List<?> l
        ? arguments.orderBy(root.type(), l, root.columns()) : List.of();
    List<io.fraiseql.api.plan.OrderKey> forward = Connections.totalOrder(root.source(), requested);
    int fingerprint = CursorCodec.fingerprint(forward);
    List<Where> conditions = new ArrayList<>();
    if (base != null) {
      conditions.add(base);
    }
    String after = (String) args.get("after");
    String before = (String) args.get("before");
    if (after != null) {
      conditions.add(Connections.after(forward, after, cursors, fingerprint));
    }
    if (before != null) {
      conditions.add(Connections.after(Connections.reverse(forward), before, cursors, fingerprint));
    }
    boolean backward = last != null;
    Where pageWhere = conditions.isEmpty() ? null : conditions.size() == 1 ? conditions.get(0) : new Where.And(conditions);
    Selection.ObjectSelection nodeSelection = null;
    List<Selection> out = new ArrayList<>();
    boolean totalCount = false;
    String typeName = root.type().name();
    for (ExecutableNormalizedField child : field.getChildren()) {
      String key = child.getResultKey();
      switch (child.getName()) {
        case "__typename" -> out.add(new Selection.Typename(key, typeName + "Connection"));
        case "totalCount" -> {
          totalCount = true;
          out.add(new Selection.Scalar(key, "total_count", io.fraiseql.api.plan.ScalarKind.INT, true));
        }
        case "pageInfo" -> {
          List<Selection> info = new ArrayList<>();
          for (ExecutableNormalizedField p : child.getChildren()) {
            String pk = p.getResultKey();
            switch (p.getName()) {
              case "__typename" -> info.add(new Selection.Typename(pk, "PageInfo"));
              case "hasNextPage", "hasPreviousPage" -> info.add(new Selection.Scalar(pk,
                  io.fraiseql.planner.internal.Names.snakeCase(p.getName()), io.fraiseql.api.plan.ScalarKind.BOOLEAN, true));
              default -> info.add(new Selection.Scalar(pk,
                  io.fraiseql.planner.internal.Names.snakeCase(p.getName()), io.fraiseql.api.plan.ScalarKind.STRING, false));
            }
          }
          out.add(new Selection.Composite(key, "page_info", new Selection.ObjectSelection("PageInfo", info),
              false, true, false));
        }
        default -> { // edges
          List<Selection> edge = new ArrayList<>();
          for (ExecutableNormalizedField e : child.getChildren()) {
            String ek = e.getResultKey();
            switch (e.getName()) {
              case "__typename" -> edge.add(new Selection.Typename(ek, typeName + "Edge"));
              case "cursor" -> edge.add(new Selection.Scalar(ek, "cursor", io.fraiseql.api.plan.ScalarKind.STRING, true));
              default -> {
                Selection.ObjectSelection node = selection(root.type(), e);
                nodeSelection = nodeSelection == null ? node : nodeSelection;
                edge.add(new Selection.Composite(ek, "node", node, false, true, false));
              }
            }
          }
          out.add(new Selection.Composite(key, "edges", new Selection.ObjectSelection(typeName + "Edge", edge),
              true, true, true));
        }
      }
    }
    Selection.ObjectSelection rowSelection =
        nodeSelection == null ? new Selection.ObjectSelection(typeName, List.of()) : nodeSelection;
    QueryDef page = new QueryDef(key(field), root.source(), QueryDef.Shape.LIST, rowSelection, pageWhere,
        backward ? Connections.reverse(forward) : forward, size + 1, null, null, true, true);
    QueryDef count = totalCount
        ? new QueryDef(key(field), root.source(), QueryDef.Shape.LIST, rowSelection, base, List.of(), null,
            null, null, true, true)
        : null;
    return new RootPlan.Connection(key(field), page, count,
        new Selection.ObjectSelection(typeName + "Connection", out), size, backward, after != null,
        before != null, fingerprint, root.nonNull(), locations);
  }

  /** The row filter of a root field's {@code where} argument, or {@code null} without one. */
  private Where where(RootModel root, Map<String, Object> args) {
    if (args.get("where") instanceof Map<?, ?> m && !m.isEmpty()) {
      @SuppressWarnings("unchecked")
      Map<String, ?> typed = (Map<String, ?>) m;
      return arguments.where(root.type(), typed, root.columns());
    }
    return null;
  }

  private static String key(ExecutableNormalizedField field) {
    return field.getResultKey();
  }

  private static Integer nonNegative(Object value, String name, String label) {
    if (value == null) {
      return null;
    }
    int v = (Integer) value;
    if (v < 0) {
      throw FraiseQLException.badInput(label + ": " + name + " must not be negative, got " + v);
    }
    return v;
  }

  private Selection.ObjectSelection selection(DataType type, ExecutableNormalizedField parent) {
    List<Selection> out = new ArrayList<>(parent.getChildren().size());
    for (ExecutableNormalizedField child : parent.getChildren()) {
      if (!child.getObjectTypeNames().contains(type.name())) {
        continue; // a union member's fields apply to that member only
      }
      String key = child.getResultKey();
      if (child.getName().equals("__typename")) {
        out.add(new Selection.Typename(key, type.name()));
        continue;
      }
      DataField f = type.fields().get(child.getName());
      if (f.isObject()) {
        out.add(new Selection.Composite(key, f.jsonKey(),
            selection(loaded.types().get(f.objectType()), child), f.list(), f.nonNull(), f.itemsNonNull()));
      } else {
        out.add(new Selection.Scalar(key, f.jsonKey(), f.kind(), f.nonNull()));
      }
    }
    return new Selection.ObjectSelection(type.name(), out);
  }

  private static int depth(ExecutableNormalizedField f) {
    int max = 0;
    for (ExecutableNormalizedField c : f.getChildren()) {
      max = Math.max(max, depth(c));
    }
    return max + 1;
  }

  private static Map<ExecutableNormalizedField, List<Location>> rootLocations(
      ExecutableNormalizedOperation op) {
    Map<ExecutableNormalizedField, List<Location>> out = new LinkedHashMap<>();
    op.getFieldToNormalizedField().forEach((field, enf) -> {
      if (enf.getLevel() == 1 && field.getSourceLocation() != null) {
        SourceLocation sl = field.getSourceLocation();
        out.computeIfAbsent(enf, k -> new ArrayList<>()).add(new Location(sl.getLine(), sl.getColumn()));
      }
    });
    return out;
  }

  private static List<Location> locations(List<SourceLocation> sls) {
    if (sls == null) {
      return List.of();
    }
    List<Location> out = new ArrayList<>();
    for (SourceLocation sl : sls) {
      if (sl != null && sl.getLine() > 0) {
        out.add(new Location(sl.getLine(), sl.getColumn()));
      }
    }
    return out;
  }

  private static PlanResult.Rejected reject(ErrorCode code, String message) {
    return new PlanResult.Rejected(List.of(GraphQLErrorEntry.of(code, message, List.of())));
  }

  /**
   * The estimated heap a cached document holds: its text (twice: the key and the document's
   * source) and its AST nodes, each with its share of the plans built from it. Measured on
   * graphql-java 26: about 100 bytes per node for the AST alone.
   */
  static long weight(String query, Parsed parsed) {
    long nodes = parsed.document() == null ? parsed.errors().size() : nodes(parsed.document());
    return 2L * query.length() + BYTES_PER_NODE * nodes;
  }

  private static long nodes(graphql.language.Node<?> root) {
    long n = 0;
    java.util.ArrayDeque<graphql.language.Node<?>> todo = new java.util.ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      graphql.language.Node<?> node = todo.pop();
      n++;
      for (graphql.language.Node<?> child : node.getChildren()) {
        todo.push(child);
      }
    }
    return n;
  }
}
