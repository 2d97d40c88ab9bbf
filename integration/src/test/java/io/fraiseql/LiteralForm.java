package io.fraiseql;

import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.AstPrinter;
import graphql.language.AstTransformer;
import graphql.language.BooleanValue;
import graphql.language.Document;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.Node;
import graphql.language.NodeVisitorStub;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.StringValue;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.parser.Parser;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import graphql.util.TreeTransformerUtil;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The literal form of a request with variables: the same document with every variable replaced
 * by its value written as a literal (an absent variable's argument or input field left out, or
 * its default written), and no variable definitions. Planned without variables, it must answer
 * the same bytes as the request.
 */
final class LiteralForm {
  private LiteralForm() {}

  @SuppressWarnings("rawtypes") // graphql-java's visitor takes a raw TraverserContext<Node>
  static String inline(GraphQLSchema schema, String query, String operationName, Map<String, Object> variables) {
    Document doc = Parser.parse(query);
    Map<String, Value<?>> literals = new HashMap<>();
    for (OperationDefinition op : doc.getDefinitionsOfType(OperationDefinition.class)) {
      if (operationName != null && !operationName.equals(op.getName())) {
        continue;
      }
      for (VariableDefinition d : op.getVariableDefinitions()) {
        if (variables.containsKey(d.getName())) {
          literals.put(d.getName(), literal(variables.get(d.getName()), type(schema, d.getType())));
        } else if (d.getDefaultValue() != null) {
          literals.put(d.getName(), d.getDefaultValue());
        }
      }
    }
    Node<?> replaced = new AstTransformer().transform(doc, new NodeVisitorStub() {
      @Override
      public TraversalControl visitArgument(Argument node, TraverserContext<Node> context) {
        if (node.getValue() instanceof VariableReference ref && !literals.containsKey(ref.getName())) {
          return TreeTransformerUtil.deleteNode(context);
        }
        return TraversalControl.CONTINUE;
      }

      @Override
      public TraversalControl visitObjectField(ObjectField node, TraverserContext<Node> context) {
        if (node.getValue() instanceof VariableReference ref && !literals.containsKey(ref.getName())) {
          return TreeTransformerUtil.deleteNode(context);
        }
        return TraversalControl.CONTINUE;
      }

      @Override
      public TraversalControl visitVariableReference(VariableReference node, TraverserContext<Node> context) {
        Value<?> v = literals.get(node.getName());
        return TreeTransformerUtil.changeNode(context, v == null ? NullValue.of() : v.deepCopy());
      }
    });
    Document out = (Document) replaced;
    Document plain = out.transform(b -> b.definitions(out.getDefinitions().stream()
        .map(d -> d instanceof OperationDefinition op ? op.transform(ob -> ob.variableDefinitions(List.of())) : d)
        .toList()));
    return AstPrinter.printAst(plain);
  }

  private static GraphQLType type(GraphQLSchema schema, graphql.language.Type<?> t) {
    if (t instanceof graphql.language.NonNullType nn) {
      return GraphQLNonNull.nonNull(type(schema, nn.getType()));
    }
    if (t instanceof graphql.language.ListType l) {
      return GraphQLList.list(type(schema, l.getType()));
    }
    return schema.getType(((TypeName) t).getName());
  }

  @SuppressWarnings("rawtypes") // graphql-java's ArrayValue takes a raw List<Value>
  private static Value<?> literal(Object v, GraphQLType type) {
    if (v == null) {
      return NullValue.of();
    }
    if (type instanceof GraphQLNonNull nn) {
      return literal(v, nn.getWrappedType());
    }
    if (type instanceof GraphQLList list) {
      if (!(v instanceof List<?> items)) {
        return literal(v, list.getWrappedType());
      }
      List<Value> out = new ArrayList<>();
      for (Object item : items) {
        out.add(literal(item, list.getWrappedType()));
      }
      return ArrayValue.newArrayValue().values(out).build();
    }
    if (type instanceof GraphQLInputObjectType object) {
      List<ObjectField> fields = new ArrayList<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        String name = (String) e.getKey();
        fields.add(new ObjectField(name, literal(e.getValue(), object.getField(name).getType())));
      }
      return ObjectValue.newObjectValue().objectFields(fields).build();
    }
    if (type instanceof GraphQLEnumType) {
      return EnumValue.of((String) v);
    }
    return json(v);
  }

  @SuppressWarnings("rawtypes")
  private static Value<?> json(Object v) {
    if (v == null) {
      return NullValue.of();
    }
    if (v instanceof String s) {
      return StringValue.of(s);
    }
    if (v instanceof Boolean b) {
      return BooleanValue.of(b);
    }
    if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
      return new IntValue(new BigInteger(v.toString()));
    }
    if (v instanceof Number n) {
      return new FloatValue(new BigDecimal(n.toString()));
    }
    if (v instanceof List<?> items) {
      List<Value> out = new ArrayList<>();
      for (Object item : items) {
        out.add(json(item));
      }
      return ArrayValue.newArrayValue().values(out).build();
    }
    List<ObjectField> fields = new ArrayList<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
      fields.add(new ObjectField((String) e.getKey(), json(e.getValue())));
    }
    return ObjectValue.newObjectValue().objectFields(fields).build();
  }
}
