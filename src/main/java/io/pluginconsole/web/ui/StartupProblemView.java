package io.pluginconsole.web.ui;

import io.pluginconsole.config.StartupProblem;
import java.util.List;

/** A start-up problem as a banner: a heading, the setting and folder (test hooks), and the fix. */
public record StartupProblemView(String title, String setting, String folder, String text) {

    static List<StartupProblemView> of(List<StartupProblem> problems) {
        return problems.stream().map(p -> new StartupProblemView(
                p.blocksPlugins() ? "Plugins are unavailable." : "The server log is not written to a file.",
                p.setting(), p.folder(), p.fixText())).toList();
    }
}
