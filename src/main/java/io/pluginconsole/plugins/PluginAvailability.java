package io.pluginconsole.plugins;

import io.pluginconsole.config.StartupProblem;
import java.util.List;

/**
 * Whether plugins can be changed on this node: folders the server could not create or write at
 * start make every install, enable and removal fail with the problem's explanation (disabling
 * still works) until the folder is fixed and the server restarted.
 */
public final class PluginAvailability {
    private volatile List<StartupProblem> problems = List.of();

    public void report(List<StartupProblem> found) {
        problems = List.copyOf(found);
    }

    public List<StartupProblem> problems() {
        return problems;
    }

    /** Whether a start-up problem keeps plugins from being installed, enabled or removed. */
    public boolean unavailable() {
        return problems.stream().anyMatch(StartupProblem::blocksPlugins);
    }

    /** Throws the first start-up problem that keeps plugins from being changed, if any. */
    public void require() {
        for (StartupProblem problem : problems) {
            if (problem.blocksPlugins()) {
                throw new PluginException(ErrorIds.DISABLED, PluginException.Kind.DISABLED,
                        "Plugins are unavailable. " + problem.fixText() + " Then restart the server.",
                        problem.setting() + " " + problem.folder() + ": " + problem.reason(), null);
            }
        }
    }
}
