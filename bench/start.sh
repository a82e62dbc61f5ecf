#!/usr/bin/env bash
# Cold start benchmark: N starts of the server jar on an empty working folder (a new one each
# time), each timed from launch to the first answer of GET /api/v4/system/ping, against the time of
# `java -version` on the same JVM as the reference. Prints the medians, their ratio and the
# server's own "Started in" line (where the time went) of the last run.
# Target: cold start to first ping <= 1.5 s. Usage: bench/start.sh [starts]   (default 7)
# The server runs with the README's options (class-data archive beside the jar, as `mvn package`
# writes it; C1 only; serial GC); SERVER_JVM_OPTS replaces them, e.g. SERVER_JVM_OPTS=" " for none.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
repo=$(pwd)
# shellcheck source=bench/lib.sh
source bench/lib.sh
runs=${1:-7}
for tool in java mvn curl python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench/start.sh needs $tool" >&2; exit 1; }
done

if [ -z "${SKIP_BUILD:-}" ]; then
  build_jar -Dmaven.test.skip=true
fi
jar=${JAR:-"$repo/target/plugin-console.jar"}
readme_opts="-XX:SharedArchiveFile=${jar%.jar}.jsa -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
bench_workdir start

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }

starts=()
refs=()
for i in $(seq "$runs"); do
  t0=$(now_ms)
  java -version >/dev/null 2>&1
  refs+=($(( $(now_ms) - t0 )))

  folder="$work/run-$i"
  mkdir -p "$folder"
  port=$(free_port)
  t0=$(now_ms)
  (cd "$folder" && MM_SERVICESETTINGS_LISTENADDRESS="127.0.0.1:$port" \
     exec java ${SERVER_JVM_OPTS:-$readme_opts} -Xms64m -Xmx512m -jar "$jar" >server.log 2>&1) &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/api/v4/system/ping"; do
    kill -0 "$pid" 2>/dev/null || { cat "$folder/server.log" >&2; exit 1; }
    sleep 0.01
  done
  starts+=($(( $(now_ms) - t0 )))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pid=
  phases=$(grep -o 'Started in.*' "$folder/server.log" | tail -1 || true)
done

start_ms=$(printf '%s\n' "${starts[@]}" | median)
ref_ms=$(printf '%s\n' "${refs[@]}" | median)
echo "starts_ms=${starts[*]}"
echo "java_version_ms=${refs[*]}"
echo "cold_start_to_ping_median_ms=$start_ms"
echo "java_version_median_ms=$ref_ms"
echo "ratio=$(python3 -c "print(round($start_ms / max($ref_ms, 1), 1))")"
echo "last_run: $phases"
