package io.pluginconsole.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluginconsole.plugins.cluster.ClusterNode;
import io.pluginconsole.plugins.cluster.ClusterView;
import io.pluginconsole.plugins.cluster.NodePluginStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-node table of a plugin: states by name, "Unknown" where a node has said nothing or something new. */
class ClusterPanelTest {
    record Cluster(List<ClusterNode> nodes, List<NodePluginStatus> statuses) implements ClusterView {
        public String nodeId() {
            return "a";
        }

        public boolean online(ClusterNode node) {
            return true;
        }

        public List<String> reconcileNow() {
            return List.of();
        }
    }

    private static NodePluginStatus status(String node, int state) {
        return new NodePluginStatus(node, "demo", state, "1.0.0", "abc", "", 0, true, "Demo", "", "/p/demo");
    }

    @Test
    void nodesWithoutAStatusAndUnknownStatesShowUnknown() {
        long now = System.currentTimeMillis();
        Cluster cluster = new Cluster(List.of(new ClusterNode("a", "a:8065", "1", now, now),
                new ClusterNode("b", "b:8065", "1", now, now), new ClusterNode("c", "c:8065", "1", now, now)),
                List.of(status("a", 2), status("c", 42)));

        ClusterPanel panel = ClusterPanel.of(Optional.of(cluster), "/reconcile");

        List<ClusterPanel.Instance> rows = panel.plugins().get("demo").instances();
        assertThat(rows).extracting(ClusterPanel.Instance::clusterId).containsExactly("a", "b", "c");
        assertThat(rows).extracting(ClusterPanel.Instance::state).containsExactly("Running", "Unknown", "Unknown");
        assertThat(panel.plugins().get("demo").drift()).isTrue();
    }
}
