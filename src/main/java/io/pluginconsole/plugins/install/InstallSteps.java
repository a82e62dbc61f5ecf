package io.pluginconsole.plugins.install;

/**
 * Told when an install passes each step. The server logs the steps; the crash tests use it to
 * stop a real process at a known point and check what a restart finds.
 */
@FunctionalInterface
public interface InstallSteps {
    InstallSteps NONE = step -> { };

    void reached(String step);
}
