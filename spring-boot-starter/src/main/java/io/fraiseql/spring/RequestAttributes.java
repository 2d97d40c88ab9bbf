package io.fraiseql.spring;

import io.fraiseql.SessionVariable;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.util.ClassUtils;

/**
 * Request attributes for session variables: headers by lowercase name, and from the authenticated
 * principal its name ({@value #PRINCIPAL}) and its token claims ({@code claim:<path>}). Header names
 * cannot contain {@code :}, so a client cannot pass a header for a principal or a claim.
 */
final class RequestAttributes {
  static final String PRINCIPAL = "security:principal";
  static final String CLAIM = "claim:";

  private static final boolean OAUTH2 = ClassUtils.isPresent(
      "org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken",
      RequestAttributes.class.getClassLoader());

  private RequestAttributes() {}

  /** {@code app.tenant_id=header:X-Tenant-Id}, {@code app.user_id=claim:sub}, {@code app.user=principal}. */
  static SessionVariable parse(String spec) {
    int eq = spec.indexOf('=');
    String name = eq <= 0 ? "" : spec.substring(0, eq).trim();
    String source = eq < 0 ? "" : spec.substring(eq + 1).trim();
    String lower = source.toLowerCase(Locale.ROOT);
    String attribute;
    if (lower.startsWith("header:") && source.length() > 7) {
      attribute = source.substring(7).trim().toLowerCase(Locale.ROOT);
    } else if (lower.startsWith(CLAIM) && source.length() > CLAIM.length()) {
      attribute = CLAIM + source.substring(CLAIM.length()).trim().toLowerCase(Locale.ROOT);
    } else if (lower.equals("principal")) {
      attribute = PRINCIPAL;
    } else {
      throw new IllegalArgumentException("fraiseql.session-variables: expected NAME=header:H, NAME=claim:PATH or"
          + " NAME=principal, got: " + spec);
    }
    String key = attribute;
    return new SessionVariable(name, r -> r.attributes().get(key));
  }

  static List<SessionVariable> parseAll(List<String> specs) {
    List<SessionVariable> out = new ArrayList<>();
    for (String s : specs) {
      out.add(parse(s));
    }
    return out;
  }

  /** Adds a header (the first value of each name wins). */
  static void header(Map<String, String> attributes, String name, String value) {
    if (value != null) {
      attributes.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
    }
  }

  /** Adds the principal's name and, for a token authentication, its claims. */
  static void principal(Map<String, String> attributes, Principal principal) {
    if (principal == null) {
      return;
    }
    attributes.put(PRINCIPAL, principal.getName());
    if (OAUTH2) {
      Map<String, Object> claims = OAuth2Claims.of(principal);
      if (claims != null) {
        flatten(attributes, CLAIM, claims);
      }
    }
  }

  private static void flatten(Map<String, String> out, String prefix, Map<?, ?> claims) {
    for (Map.Entry<?, ?> e : claims.entrySet()) {
      String key = prefix + String.valueOf(e.getKey()).toLowerCase(Locale.ROOT);
      Object v = e.getValue();
      if (v instanceof Map<?, ?> nested) {
        flatten(out, key + ".", nested);
      } else if (v != null && !(v instanceof Iterable<?>) && !v.getClass().isArray()) {
        out.put(key, String.valueOf(v));
      }
    }
  }

  static Map<String, String> newMap() {
    return new LinkedHashMap<>();
  }

  /** Kept apart so the OAuth2 classes are loaded only when they are on the class path. */
  private static final class OAuth2Claims {
    static Map<String, Object> of(Principal principal) {
      if (principal instanceof org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken<?> token) {
        return token.getTokenAttributes();
      }
      return null;
    }
  }
}
