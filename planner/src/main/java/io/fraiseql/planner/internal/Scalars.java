package io.fraiseql.planner.internal;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The custom scalars the engine provides. Input values are coerced to the Java types the SQL
 * builder binds ({@code OffsetDateTime}, {@code LocalDate}, {@code UUID}, {@code BigDecimal});
 * output is never produced here (the transformer copies PostgreSQL's JSON verbatim).
 */
public final class Scalars {
  private Scalars() {}

  public static final GraphQLScalarType DATE_TIME =
      textScalar(
          "DateTime",
          "An ISO-8601 timestamp with offset, e.g. 2026-01-02T03:04:05+00:00.",
          s -> {
            try {
              return OffsetDateTime.parse(s);
            } catch (DateTimeParseException e) {
              throw new IllegalArgumentException("expected an ISO-8601 timestamp with offset");
            }
          });

  public static final GraphQLScalarType DATE =
      textScalar(
          "Date",
          "A calendar date, YYYY-MM-DD.",
          s -> {
            try {
              return LocalDate.parse(s);
            } catch (DateTimeParseException e) {
              throw new IllegalArgumentException("expected a date YYYY-MM-DD");
            }
          });

  public static final GraphQLScalarType UUID_SCALAR =
      textScalar("UUID", "A UUID in canonical form.", Scalars::parseUuid);

  public static final GraphQLScalarType BIG_DECIMAL =
      GraphQLScalarType.newScalar()
          .name("BigDecimal")
          .description("An arbitrary-precision decimal number, written as a JSON number.")
          .coercing(new BigDecimalCoercing())
          .build();

  public static final GraphQLScalarType JSON =
      GraphQLScalarType.newScalar()
          .name("JSON")
          .description("Any JSON value, passed through verbatim.")
          .coercing(new JsonCoercing())
          .build();

  /** All engine scalars, by name. */
  public static List<GraphQLScalarType> all() {
    return List.of(DATE_TIME, DATE, UUID_SCALAR, BIG_DECIMAL, JSON);
  }

  /** Parses a canonical UUID, rejecting the loose forms {@link UUID#fromString} accepts. */
  public static UUID parseUuid(String s) {
    if (!canonicalUuid(s)) {
      throw new IllegalArgumentException("expected a UUID like 123e4567-e89b-12d3-a456-426614174000");
    }
    return UUID.fromString(s);
  }

  /** 8-4-4-4-12 hex digits; checked by hand, as ids of every request with variables pass here. */
  static boolean canonicalUuid(String s) {
    if (s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
          : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static GraphQLScalarType textScalar(
      String name, String description, Function<String, Object> parser) {
    return GraphQLScalarType.newScalar()
        .name(name)
        .description(description)
        .coercing(new TextCoercing(name, parser))
        .build();
  }

  private static final class TextCoercing implements Coercing<Object, Object> {
    private final String name;
    private final Function<String, Object> parser;

    TextCoercing(String name, Function<String, Object> parser) {
      this.name = name;
      this.parser = parser;
    }

    @Override
    public Object serialize(Object value, GraphQLContext ctx, Locale locale) {
      if (value == null) {
        throw new CoercingSerializeException(name + " cannot serialize null");
      }
      return value.toString();
    }

    @Override
    public Object parseValue(Object input, GraphQLContext ctx, Locale locale) {
      if (!(input instanceof String s)) {
        throw new CoercingParseValueException("Invalid " + name + ": expected a string");
      }
      try {
        return parser.apply(s);
      } catch (IllegalArgumentException e) {
        throw new CoercingParseValueException("Invalid " + name + ": " + e.getMessage());
      }
    }

    @Override
    public Object parseLiteral(
        Value<?> input, CoercedVariables variables, GraphQLContext ctx, Locale locale) {
      if (!(input instanceof StringValue sv)) {
        throw new CoercingParseLiteralException("Invalid " + name + ": expected a string");
      }
      try {
        return parser.apply(sv.getValue());
      } catch (IllegalArgumentException e) {
        throw new CoercingParseLiteralException("Invalid " + name + ": " + e.getMessage());
      }
    }

    @Override
    public Value<?> valueToLiteral(Object input, GraphQLContext ctx, Locale locale) {
      return StringValue.of(input.toString());
    }
  }

  private static final class BigDecimalCoercing implements Coercing<BigDecimal, Object> {
    @Override
    public Object serialize(Object value, GraphQLContext ctx, Locale locale) {
      if (value instanceof BigDecimal || value instanceof Number) {
        return value;
      }
      throw new CoercingSerializeException("BigDecimal cannot serialize " + value);
    }

    @Override
    public BigDecimal parseValue(Object input, GraphQLContext ctx, Locale locale) {
      try {
        if (input instanceof BigDecimal b) {
          return b;
        }
        if (input instanceof Number || input instanceof String) {
          return new BigDecimal(input.toString());
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw new CoercingParseValueException("Invalid BigDecimal: expected a number");
    }

    @Override
    public BigDecimal parseLiteral(
        Value<?> input, CoercedVariables variables, GraphQLContext ctx, Locale locale) {
      try {
        if (input instanceof IntValue i) {
          return new BigDecimal(i.getValue());
        }
        if (input instanceof FloatValue f) {
          return f.getValue();
        }
        if (input instanceof StringValue s) {
          return new BigDecimal(s.getValue());
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw new CoercingParseLiteralException("Invalid BigDecimal: expected a number");
    }

    @Override
    public Value<?> valueToLiteral(Object input, GraphQLContext ctx, Locale locale) {
      return FloatValue.of(new BigDecimal(input.toString()).doubleValue());
    }
  }

  private static final class JsonCoercing implements Coercing<Object, Object> {
    @Override
    public Object serialize(Object value, GraphQLContext ctx, Locale locale) {
      return value;
    }

    @Override
    public Object parseValue(Object input, GraphQLContext ctx, Locale locale) {
      return input;
    }

    @Override
    public Object parseLiteral(
        Value<?> input, CoercedVariables variables, GraphQLContext ctx, Locale locale) {
      return literal(input, variables);
    }

    @Override
    public Value<?> valueToLiteral(Object input, GraphQLContext ctx, Locale locale) {
      return toLiteral(input);
    }

    @SuppressWarnings("rawtypes") // graphql-java's ArrayValue takes a raw List<Value>
    private static Value<?> toLiteral(Object v) {
      if (v == null) {
        return NullValue.of();
      }
      if (v instanceof String s) {
        return StringValue.of(s);
      }
      if (v instanceof Boolean b) {
        return BooleanValue.of(b);
      }
      if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger) {
        return new IntValue(new java.math.BigInteger(v.toString()));
      }
      if (v instanceof Number n) {
        return new FloatValue(new BigDecimal(n.toString()));
      }
      if (v instanceof List<?> list) {
        List<Value> items = new ArrayList<>();
        for (Object item : list) {
          items.add(toLiteral(item));
        }
        return ArrayValue.newArrayValue().values(items).build();
      }
      if (v instanceof Map<?, ?> map) {
        List<ObjectField> fields = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          fields.add(new ObjectField(String.valueOf(e.getKey()), toLiteral(e.getValue())));
        }
        return ObjectValue.newObjectValue().objectFields(fields).build();
      }
      throw new CoercingParseValueException("Invalid JSON value: " + v.getClass().getSimpleName());
    }

    private static Object literal(Value<?> v, CoercedVariables variables) {
      if (v instanceof NullValue) {
        return null;
      }
      if (v instanceof StringValue s) {
        return s.getValue();
      }
      if (v instanceof IntValue i) {
        return i.getValue();
      }
      if (v instanceof FloatValue f) {
        return f.getValue();
      }
      if (v instanceof BooleanValue b) {
        return b.isValue();
      }
      if (v instanceof EnumValue e) {
        return e.getName();
      }
      if (v instanceof VariableReference ref) {
        return variables.get(ref.getName());
      }
      if (v instanceof ArrayValue a) {
        List<Object> out = new ArrayList<>();
        for (Value<?> item : a.getValues()) {
          out.add(literal(item, variables));
        }
        return out;
      }
      if (v instanceof ObjectValue o) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ObjectField f : o.getObjectFields()) {
          out.put(f.getName(), literal(f.getValue(), variables));
        }
        return out;
      }
      throw new CoercingParseLiteralException("Invalid JSON literal");
    }
  }
}
