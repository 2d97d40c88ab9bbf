package io.fraiseql.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.fraiseql.SessionVariable;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The production pieces that need no server: options, tokens, JSON lines, GraphiQL negotiation. */
class ProductionUnitTest {
  @Test
  void optionsAreValidatedOnce() {
    assertThatThrownBy(() -> new ProductionOptions(null, null, false, List.of("*"), true, true, ProductionOptions.LogFormat.TEXT))
        .hasMessageContaining("browsers refuse '*' with credentials");
    assertThatThrownBy(() -> new ProductionOptions(null, " ", false, List.of(), false, true, ProductionOptions.LogFormat.TEXT))
        .hasMessageContaining("default role");
    assertThat(ProductionOptions.DEFAULTS.withGraphiql(true).graphiql()).isTrue();
    assertThat(ProductionOptions.DEFAULTS.roles()).isFalse();
    assertThat(new ProductionOptions(null, "anon", false, List.of(), false, true, ProductionOptions.LogFormat.TEXT).roles()).isTrue();
    byte[] secret = Tokens.SECRET.getBytes(StandardCharsets.UTF_8);
    JwtOptions a = new JwtOptions(secret, null, "i", "a", true, "role", Duration.ofSeconds(1));
    JwtOptions b = new JwtOptions(secret.clone(), null, "i", "a", true, "role", Duration.ofSeconds(1));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(new JwtOptions(secret, null, "i", "a", false, "role",
        Duration.ofSeconds(1)));
    secret[0] = 'X'; // the options keep their own copy
    assertThat(a.secret()[0]).isEqualTo((byte) 'a');
    assertThat(new JwtOptions(null, Tokens.rsa().getPublic(), null, null, false, null, Duration.ZERO).toString())
        .contains("publicKey=RSA");
    assertThatThrownBy(() -> new JwtOptions(null, null, null, null, false, null, Duration.ZERO)).hasMessageContaining("either");
    assertThatThrownBy(() -> new JwtOptions(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), null, null, null, false, null,
        Duration.ofSeconds(-1))).hasMessageContaining("clock skew");
    java.security.PublicKey dsa;
    try {
      java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("DSA");
      g.initialize(1024);
      dsa = g.generateKeyPair().getPublic();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    java.security.PublicKey key = dsa;
    assertThatThrownBy(() -> new JwtOptions(null, key, null, null, false, null, Duration.ZERO)).hasMessageContaining("RSA or EC");
    assertThatThrownBy(() -> ProductionOptions.LogFormat.parse("yaml")).hasMessageContaining("json or text");
  }

  @Test
  void claimsAreFoundByNameOrDottedPathAndWrittenAsText() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", "alice");
    claims.put("org", Map.of("id", 7L, "tags", List.of("a", "b")));
    claims.put("https://example.com/roles.main", "admin");
    claims.put("n", 1.5);
    claims.put("ok", true);
    assertThat(JwtAuthenticator.lookup(claims, "sub")).isEqualTo("alice");
    assertThat(JwtAuthenticator.lookup(claims, "org.id")).isEqualTo(7L);
    assertThat(JwtAuthenticator.lookup(claims, "https://example.com/roles.main")).isEqualTo("admin");
    assertThat(JwtAuthenticator.lookup(claims, "org.id.deeper")).isNull();
    assertThat(JwtAuthenticator.lookup(claims, "nope.x")).isNull();
    assertThat(JwtAuthenticator.text("alice")).isEqualTo("alice");
    assertThat(JwtAuthenticator.text(7L)).isEqualTo("7");
    assertThat(JwtAuthenticator.text(1.5)).isEqualTo("1.5");
    assertThat(JwtAuthenticator.text(true)).isEqualTo("true");
    assertThat(JwtAuthenticator.text(List.of("a", "b"))).isEqualTo("[\"a\",\"b\"]");
    assertThat(JwtAuthenticator.text(Map.of("k", 1))).isEqualTo("{\"k\":1}");
    assertThat(JwtAuthenticator.text(null)).isNull();
  }

  @Test
  void tokensInTheAuthorizationHeader() {
    JwtAuthenticator auth = new JwtAuthenticator(new JwtOptions(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), null, null,
        null, false, "role", Duration.ofSeconds(30)), "anonymous", List.of("sub", "org.id", "missing"));
    assertThat(auth.inactive()).isFalse();
    assertThat(auth.authenticate(null)).containsExactly(Map.entry(JwtAuthenticator.ROLE_ATTRIBUTE, "anonymous"));
    assertThat(auth.authenticate("  ")).containsExactly(Map.entry(JwtAuthenticator.ROLE_ATTRIBUTE, "anonymous"));
    String token = Tokens.hs256(Tokens.claims(Map.of("sub", "alice", "org", Map.of("id", "o-1"))).build());
    assertThat(auth.authenticate("bearer " + token)).containsExactly(Map.entry(SessionVariable.CLAIM_PREFIX + "sub", "alice"),
        Map.entry(SessionVariable.CLAIM_PREFIX + "org.id", "o-1"), Map.entry(JwtAuthenticator.ROLE_ATTRIBUTE, "anonymous"));
    assertThatThrownBy(() -> auth.authenticate("Bearer ")).hasMessage("The Authorization header must be 'Bearer <token>'");
    assertThatThrownBy(() -> auth.authenticate("Bearer " + "x".repeat(20_000))).hasMessage("The bearer token is malformed");
    JwtAuthenticator.Unauthenticated missing = new JwtAuthenticator.Unauthenticated(null, "m");
    assertThat(missing.challenge()).isEqualTo("Bearer");
    assertThat(new JwtAuthenticator(null, null, List.of()).inactive()).isTrue();
    assertThat(new JwtAuthenticator(null, "r", List.of()).authenticate("Bearer anything"))
        .containsExactly(Map.entry(JwtAuthenticator.ROLE_ATTRIBUTE, "r"));
    assertThat(new JwtAuthenticator(null, null, List.of()).authenticate(null)).isEmpty();
    // an HS512 token with a secret too short for it: refused, not an exception
    JwtAuthenticator shortSecret = new JwtAuthenticator(new JwtOptions(new byte[32], null, null, null, false, null,
        Duration.ZERO), null, List.of());
    String hs512 = Tokens.hmac(com.nimbusds.jose.JWSAlgorithm.HS512, Tokens.claims(Map.of()).build(), new byte[64]);
    assertThatThrownBy(() -> shortSecret.authenticate("Bearer " + hs512)).hasMessage("The bearer token's signature is not valid");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8|true",
      "text/html|true",
      "application/json|false",
      "application/json, text/html;q=0.5|false",
      "text/html;q=0.9, application/graphql-response+json|false",
      "*/*|false",
      "text/html;q=0|false"})
  void graphiqlIsForBrowsers(String accept, boolean wanted) {
    assertThat(GraphiQL.wanted(accept)).isEqualTo(wanted);
  }

  @Test
  void graphiqlWithoutAcceptIsNotWanted() {
    assertThat(GraphiQL.wanted(null)).isFalse();
  }

  @Test
  void requestIdsAreRandomHex() {
    String a = RequestLog.newId();
    assertThat(a).matches("[0-9a-f]{32}").isNotEqualTo(RequestLog.newId());
  }

  @Test
  void jsonLinesCarryTheMdcAndTheException() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    JsonLayout layout = new JsonLayout();
    layout.setContext(context);
    layout.start();
    LoggingEvent event = new LoggingEvent("x", context.getLogger("io.fraiseql.test"), Level.WARN, "a \"quoted\"\n{} line",
        new IllegalStateException("boom"), new Object[] {"ü"});
    MDC.put(RequestLog.MDC_KEY, "r-1");
    try {
      event.prepareForDeferredProcessing();
    } finally {
      MDC.remove(RequestLog.MDC_KEY);
    }
    String line = layout.doLayout(event);
    assertThat(line).endsWith("}\n").doesNotContain("\n{");
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("level")).isEqualTo("WARN");
    assertThat(json.getString("logger")).isEqualTo("io.fraiseql.test");
    assertThat(json.getString("message")).isEqualTo("a \"quoted\"\nü line");
    assertThat(json.getString("request_id")).isEqualTo("r-1");
    assertThat(json.getString("exception")).contains("IllegalStateException: boom", "at io.fraiseql.server");
    assertThat(json.getString("timestamp")).endsWith("Z");
  }

  @Test
  void theJsonFormatSwitchesConsoleAppendersAndTextLeavesThemAlone() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> plain = new OutputStreamAppender<>();
    plain.setContext(context);
    plain.setName("unit-plain");
    ch.qos.logback.classic.encoder.PatternLayoutEncoder pattern = new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
    pattern.setContext(context);
    pattern.setPattern("%msg%n");
    pattern.start();
    plain.setEncoder(pattern);
    plain.setOutputStream(out);
    plain.start();
    ch.qos.logback.classic.AsyncAppender async = new ch.qos.logback.classic.AsyncAppender();
    async.setContext(context);
    async.setName("unit-async");
    async.addAppender(plain);
    async.start();
    root.addAppender(async);
    try {
      LogSetup.apply(ProductionOptions.LogFormat.TEXT);
      assertThat(plain.getEncoder()).isSameAs(pattern);
      LogSetup.apply(ProductionOptions.LogFormat.JSON);
      assertThat(plain.getEncoder()).isNotSameAs(pattern);
      plain.doAppend(new LoggingEvent("x", context.getLogger("unit"), Level.INFO, "hello", null, null));
      assertThat(new JsonObject(out.toString(StandardCharsets.UTF_8).trim()).getString("message")).isEqualTo("hello");
    } finally {
      root.detachAppender(async);
      async.stop();
      // the other console appenders of the test configuration were switched too: back to text
      for (var it = root.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> console) {
          ch.qos.logback.classic.encoder.PatternLayoutEncoder text = new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
          text.setContext(context);
          text.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} [%X{request_id:--}] %msg%n");
          text.start();
          console.setEncoder(text);
        }
      }
    }
  }
}
