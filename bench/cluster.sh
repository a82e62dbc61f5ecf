#!/usr/bin/env bash
# Cluster benchmark: three real nodes in one JVM on loopback ports sharing an embedded PostgreSQL
# (accounts, configuration, cluster state) and one S3 bucket (s3proxy). Each round uploads a
# webapp plugin on node A (enabled beforehand), then disables and enables it through A's API,
# and measures the time until every node reports the new state: p50/p99 with cluster events
# (LISTEN/NOTIFY, timer 30 s), and with events off (timer of 2 s only, as when events are lost).
# Usage: bench/cluster.sh [rounds]   (default 20; the timer-only run does half as many)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-20}
mvn -B -q test -Dtest='ClusterTest#convergenceTimeWithEventsAndWithTheTimerOnly' -Dcluster.rounds="$rounds" \
  -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep '^Cluster convergence'
