package io.fraiseql.http;

import io.fraiseql.api.error.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Persisted queries, as GraphQL clients send them: documents known in advance (loaded at startup,
 * by the SHA-256 of their text) and Apollo's automatic persisted queries (APQ), where a client sends
 * {@code extensions.persistedQuery {version: 1, sha256Hash}} instead of the query text and, when
 * the server answers {@code PERSISTED_QUERY_NOT_FOUND}, sends the text with the hash once so that
 * the server keeps it. With {@code only}, nothing but the known documents runs and no document is
 * kept from a client.
 *
 * <p>Thread-safe; the documents kept from clients are bounded by count and by characters (the
 * least recently used goes first).
 */
public final class PersistedQueries {
  /** Documents kept from clients by default. */
  public static final int DEFAULT_APQ_CACHE_SIZE = 1_000;
  /** The most characters the documents kept from clients may hold together (about 16 MiB of heap). */
  public static final long APQ_CACHE_CHARS = 8L * 1024 * 1024;
  /** The message of {@code PERSISTED_QUERY_NOT_FOUND}, which Apollo's clients also look for. */
  public static final String NOT_FOUND_MESSAGE = "PersistedQueryNotFound";

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

  private final Map<String, String> documents;
  private final boolean only;
  private final int apqCacheSize;
  private final LinkedHashMap<String, String> kept = new LinkedHashMap<>(16, 0.75f, true);
  private long keptChars;

  /**
   * @param documents the persisted documents' texts (each known by the SHA-256 of its text)
   * @param only run nothing else (no query text without a known hash, nothing kept from clients)
   * @param apqCacheSize documents kept from clients at most (0: none)
   */
  public PersistedQueries(Collection<String> documents, boolean only, int apqCacheSize) {
    Map<String, String> byHash = new HashMap<>();
    for (String text : documents) {
      byHash.put(sha256(text), text);
    }
    this.documents = Map.copyOf(byHash);
    if (apqCacheSize < 0) {
      throw new IllegalArgumentException("the APQ cache size must not be negative");
    }
    if (only && this.documents.isEmpty()) {
      throw new IllegalArgumentException("persisted queries only, but there are no persisted documents");
    }
    this.only = only;
    this.apqCacheSize = only ? 0 : apqCacheSize;
  }

  /** Nothing persisted ahead; APQ with the default cache. */
  public static PersistedQueries automatic() {
    return new PersistedQueries(List.of(), false, DEFAULT_APQ_CACHE_SIZE);
  }

  /**
   * The texts of the {@code *.graphql} files directly in {@code dir} (UTF-8, as read), by file, in
   * name order. Fails when the directory cannot be read or holds no such file.
   */
  public static Map<Path, String> readDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " is not a directory");
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      list.filter(f -> f.getFileName().toString().endsWith(".graphql") && Files.isRegularFile(f)).sorted().forEach(files::add);
    }
    if (files.isEmpty()) {
      throw new IOException(dir + " has no .graphql files");
    }
    Map<Path, String> out = new LinkedHashMap<>();
    for (Path f : files) {
      out.put(f, Files.readString(f, StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The lowercase hex SHA-256 of the UTF-8 bytes of {@code text}. */
  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** The persisted documents (by hash), for planning them at startup. */
  public Map<String, String> documents() {
    return documents;
  }

  /** Whether only persisted documents run. */
  public boolean only() {
    return only;
  }

  /** Documents kept from clients now. */
  public synchronized int kept() {
    return kept.size();
  }

  /**
   * The query text a request runs: its own, or the document its persisted-query hash names.
   *
   * @param query the request's {@code query} member (null when absent; any other type is the
   *     caller's to refuse, and is returned as it is)
   * @param extensions the request's {@code extensions} member, decoded (null when absent)
   * @return the text to run, or {@code query} itself when the request is not a persisted query and
   *     may run
   * @throws Refusal {@code PERSISTED_QUERY_NOT_FOUND}, {@code ARBITRARY_QUERY_NOT_ALLOWED}, or
   *     {@code BAD_USER_INPUT} for a malformed {@code persistedQuery} or a hash that does not match
   *     the text
   */
  public Object resolve(Object query, Object extensions) {
    Object persisted = extensions instanceof Map<?, ?> ext ? ext.get("persistedQuery") : null;
    if (extensions != null && !(extensions instanceof Map)) {
      throw new Refusal(ErrorCode.BAD_USER_INPUT, "extensions must be an object");
    }
    if (persisted == null) {
      if (only && !(query instanceof String text && documents.containsKey(sha256(text)))) {
        throw new Refusal(ErrorCode.ARBITRARY_QUERY_NOT_ALLOWED, "This server runs persisted queries only");
      }
      return query;
    }
    String hash = hash(persisted);
    if (query == null) {
      String text = lookup(hash);
      if (text == null) {
        throw new Refusal(ErrorCode.PERSISTED_QUERY_NOT_FOUND, NOT_FOUND_MESSAGE);
      }
      return text;
    }
    if (!(query instanceof String text)) {
      return query;
    }
    if (!sha256(text).equals(hash)) {
      throw new Refusal(ErrorCode.BAD_USER_INPUT, "The persisted query's sha256Hash does not match the query text");
    }
    if (!documents.containsKey(hash)) {
      if (only) {
        throw new Refusal(ErrorCode.ARBITRARY_QUERY_NOT_ALLOWED, "This server runs persisted queries only");
      }
      keep(hash, text);
    }
    return text;
  }

  private static String hash(Object persisted) {
    if (!(persisted instanceof Map<?, ?> pq)) {
      throw new Refusal(ErrorCode.BAD_USER_INPUT, "extensions.persistedQuery must be an object");
    }
    if (!(pq.get("version") instanceof Number v) || v.doubleValue() != 1) {
      throw new Refusal(ErrorCode.BAD_USER_INPUT, "Unsupported persisted query version: only version 1 is served");
    }
    if (!(pq.get("sha256Hash") instanceof String hash) || !SHA256_HEX.matcher(hash).matches()) {
      throw new Refusal(ErrorCode.BAD_USER_INPUT, "extensions.persistedQuery.sha256Hash must be 64 hexadecimal digits");
    }
    return hash.toLowerCase(java.util.Locale.ROOT);
  }

  private String lookup(String hash) {
    String text = documents.get(hash);
    if (text != null) {
      return text;
    }
    synchronized (this) {
      return kept.get(hash);
    }
  }

  private synchronized void keep(String hash, String text) {
    if (apqCacheSize == 0 || text.length() > APQ_CACHE_CHARS || kept.containsKey(hash)) {
      return;
    }
    kept.put(hash, text);
    keptChars += text.length();
    var oldest = kept.entrySet().iterator();
    while (kept.size() > apqCacheSize || keptChars > APQ_CACHE_CHARS) {
      keptChars -= oldest.next().getValue().length();
      oldest.remove();
    }
  }

  /** Why a request's persisted query cannot run; the message goes to the client. */
  public static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    Refusal(ErrorCode code, String message) {
      super(message, null, false, false);
      this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
      return code;
    }
  }
}
