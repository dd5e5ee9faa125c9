package dev.milvusalias.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Keeps the text of every log record of the operator and the libraries it drives while installed, stack traces
 * included, so that a test can search it (for a credential, say). The operator's own categories and
 * java-operator-sdk's are captured at DEBUG, as the README's troubleshooting advice turns them on; the console
 * still shows INFO and above only.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    /** Categories captured at DEBUG: the operator's, and java-operator-sdk's (event handling, retries). */
    static final List<String> DEBUG_CATEGORIES = List.of("dev.milvusalias", "io.javaoperatorsdk");

    private final List<String> lines = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<Logger> debugLoggers = new ArrayList<>();
    private final List<Level> previousLevels = new ArrayList<>();

    private LogCapture() {
        setLevel(Level.ALL);
    }

    /** Starts capturing; {@link #close()} stops and restores the levels. */
    public static LogCapture install() {
        LogCapture capture = new LogCapture();
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        for (String category : DEBUG_CATEGORIES) {
            Logger logger = Logger.getLogger(category);
            capture.debugLoggers.add(logger);
            capture.previousLevels.add(logger.getLevel());
            logger.setLevel(Level.FINE);
            // DEBUG goes to the capture only; INFO and above also to the console, as before.
            logger.setUseParentHandlers(false);
            logger.addHandler(capture.forwarder);
        }
        return capture;
    }

    private final Handler forwarder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            LogCapture.this.publish(record);
            if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                for (Handler handler : Logger.getLogger("").getHandlers()) {
                    if (handler != LogCapture.this) {
                        handler.publish(record);
                    }
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Override
    public void publish(LogRecord record) {
        StringBuilder text = new StringBuilder(record.getLevel() + " " + record.getLoggerName() + " ");
        text.append(message(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            text.append('\n').append(trace);
        }
        synchronized (lines) {
            lines.add(text.toString());
        }
    }

    /** The formatted message, and the raw format and parameters too, whichever style the logger used. */
    private String message(LogRecord record) {
        StringBuilder text = new StringBuilder();
        try {
            text.append(formatter.formatMessage(record));
        } catch (RuntimeException e) {
            text.append(record.getMessage());
        }
        if (record instanceof org.jboss.logmanager.ExtLogRecord ext) {
            text.append(" | ").append(ext.getFormattedMessage());
        }
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                text.append(" | ").append(parameter);
            }
        }
        return text.toString();
    }

    /** Every captured entry so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Entries containing {@code text}. */
    public List<String> containing(String text) {
        return lines().stream().filter(line -> line.contains(text)).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        for (int i = 0; i < debugLoggers.size(); i++) {
            Logger logger = debugLoggers.get(i);
            logger.removeHandler(forwarder);
            logger.setUseParentHandlers(true);
            logger.setLevel(previousLevels.get(i));
        }
    }
}
