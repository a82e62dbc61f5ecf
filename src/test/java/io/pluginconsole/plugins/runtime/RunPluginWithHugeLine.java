package io.pluginconsole.plugins.runtime;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pluginconsole.plugins.bundle.ManifestParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Child process of {@link ProcessRuntimeTest}, run with a small heap: starts the plugin in the
 * given folder, waits until it logged "after the huge line", then prints what was logged (level,
 * length and end of each message) and the plugin's state. Exits 1 when the line never came.
 */
public final class RunPluginWithHugeLine {
    public static void main(String[] args) throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger log = (Logger) LoggerFactory.getLogger(ProcessRuntime.class);
        log.setLevel(ch.qos.logback.classic.Level.INFO);
        log.setAdditive(false);
        log.addAppender(logs);
        Path folder = Path.of(args[0]);
        ProcessRuntime runtime = new ProcessRuntime(new WebappBundles(folder.resolveSibling("client")),
                RuntimeOptions.defaults(Duration.ofSeconds(10), "").withStopGrace(Duration.ofSeconds(2)));
        runtime.activate("huge", folder, ManifestParser.find(folder).manifest());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (messages(logs).stream().noneMatch(m -> m.endsWith("after the huge line"))) {
            if (System.nanoTime() > deadline) {
                System.out.println("TIMEOUT");
                System.exit(1);
            }
            Thread.sleep(50);
        }
        synchronized (logs.list) {
            for (ILoggingEvent e : logs.list) {
                String m = e.getFormattedMessage();
                System.out.println("LOG " + e.getLevel() + " " + m.length() + " " + m.substring(Math.max(0, m.length() - 60)));
            }
        }
        System.out.println("STATE " + runtime.status("huge").state() + " ALIVE " + runtime.process("huge").isAlive());
        System.out.flush();
        runtime.close();
        System.exit(0);
    }

    private static List<String> messages(ListAppender<ILoggingEvent> logs) {
        synchronized (logs.list) {
            return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
