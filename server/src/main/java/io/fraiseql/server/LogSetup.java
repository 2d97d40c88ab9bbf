package io.fraiseql.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code --log-format}: with {@code json}, every console (output stream) appender of the
 * root logger, also behind an async appender, writes {@link JsonLayout} lines. {@code text} keeps
 * the configuration as it is (the jar's {@code logback.xml}, or the user's).
 */
final class LogSetup {
  private LogSetup() {}

  /** Switches the format; does nothing when Logback is not the slf4j binding. */
  static void apply(ProductionOptions.LogFormat format) {
    if (format != ProductionOptions.LogFormat.JSON || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      json(context, it.next());
    }
  }

  private static void json(LoggerContext context, Appender<ILoggingEvent> appender) {
    if (appender instanceof AsyncAppenderBase<ILoggingEvent> async) {
      for (Iterator<Appender<ILoggingEvent>> it = async.iteratorForAppenders(); it.hasNext(); ) {
        json(context, it.next());
      }
    } else if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
      JsonLayout layout = new JsonLayout();
      layout.setContext(context);
      layout.start();
      LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
      encoder.setContext(context);
      encoder.setLayout(layout);
      encoder.setCharset(StandardCharsets.UTF_8);
      encoder.start();
      stream.setEncoder(encoder);
    }
  }

  /** Writes out what async appenders still hold; called last at shutdown. */
  static void flush() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
