#!/usr/bin/env bash
# Cold start benchmark: N starts of the server jar on an empty working folder (a new one each
# time), each timed from launch to the first answer of GET /api/v4/system/ping, against the time of
# `java -version` on the same JVM as the reference. Prints the medians, their ratio and the
# server's own "Started in" line (where the time went) of the last run.
# Target: cold start to first ping <= 1.5 s. Usage: bench/start.sh [starts]   (default 7)
# PLUGINS=N (e.g. 1000) times the same starts on a folder with N plugins installed (uploaded once
# through the API into a template folder, every other one enabled, copied for each start) and
# prints the ratio to the empty start of the same run (target: within 2x).
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

plugins=${PLUGINS:-0}

# A template folder with $plugins small plugins installed through the API (webapp-only, every
# other one enabled), made by one server run; each timed start gets a copy of it.
make_template() {
  local folder="$work/template" port base token code i id
  mkdir -p "$folder/bundles"
  port=$(free_port)
  base="http://127.0.0.1:$port"
  printf 'bench-password-%s\n' "$RANDOM$RANDOM" > "$work/password"
  (cd "$folder" && java -jar "$jar" user create --email admin@example.com --username admin \
     --password-file "$work/password" --system-admin >/dev/null 2>&1)
  (cd "$folder" && MM_SERVICESETTINGS_LISTENADDRESS="127.0.0.1:$port" MM_PLUGINSETTINGS_ENABLEUPLOADS=true \
     exec java -Xms64m -Xmx512m -jar "$jar" >server.log 2>&1) &
  pid=$!
  until curl -fs -o /dev/null "$base/api/v4/system/ping"; do
    kill -0 "$pid" 2>/dev/null || { cat "$folder/server.log" >&2; exit 1; }
    sleep 0.1
  done
  token=$(curl -fs -D - -o /dev/null -H 'Content-Type: application/json' \
    --data "{\"login_id\":\"admin\",\"password\":\"$(head -1 "$work/password")\"}" "$base/api/v4/users/login" \
    | sed -n 's/^[Tt]oken: *\([^[:space:]]*\).*/\1/p')
  [ -n "$token" ] || { echo "sign-in failed" >&2; exit 1; }
  for i in $(seq -f '%04g' 1 "$plugins"); do
    id="com.example.start-$i"
    mkdir -p "$folder/bundles/$id"
    printf '{"id":"%s","name":"Start plugin %s","version":"1.0.0","webapp":{"bundle_path":"webapp/main.js"}}' \
      "$id" "$i" > "$folder/bundles/$id/plugin.json"
    mkdir -p "$folder/bundles/$id/webapp" && echo 'console.log(1);' > "$folder/bundles/$id/webapp/main.js"
    tar -czf "$folder/bundles/$id.tar.gz" -C "$folder/bundles" "$id"
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
      -F "plugin=@$folder/bundles/$id.tar.gz" "$base/api/v4/plugins")
    [ "$code" = 201 ] || { echo "upload of $id answered $code" >&2; exit 1; }
    if [ $((10#$i % 2)) = 1 ]; then
      curl -fs -o /dev/null -X POST -H "Authorization: Bearer $token" "$base/api/v4/plugins/$id/enable"
    fi
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pid=
  rm -rf "$folder/bundles" "$folder/server.log"
}

# Times $runs starts; $1 = the folder copied into each run's folder (empty: none). Sets $median_ms.
time_starts() {
  local template=$1 i folder port t0
  starts=()
  refs=()
  for i in $(seq "$runs"); do
    t0=$(now_ms)
    java -version >/dev/null 2>&1
    refs+=($(( $(now_ms) - t0 )))

    folder="$work/run-$i"
    rm -rf "$folder"
    if [ -n "$template" ]; then cp -a "$template" "$folder"; else mkdir -p "$folder"; fi
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
  median_ms=$(printf '%s\n' "${starts[@]}" | median)
}

if [ "$plugins" -gt 0 ]; then
  make_template
  time_starts ""
  empty_ms=$median_ms
  echo "empty: starts_ms=${starts[*]} median_ms=$empty_ms"
  time_starts "$work/template"
  echo "with $plugins plugins: starts_ms=${starts[*]} median_ms=$median_ms"
  echo "ratio_to_empty=$(python3 -c "print(round($median_ms / max($empty_ms, 1), 2))") (target <= 2)"
  echo "last_run: $phases"
  exit 0
fi

time_starts ""

start_ms=$(printf '%s\n' "${starts[@]}" | median)
ref_ms=$(printf '%s\n' "${refs[@]}" | median)
echo "starts_ms=${starts[*]}"
echo "java_version_ms=${refs[*]}"
echo "cold_start_to_ping_median_ms=$start_ms"
echo "java_version_median_ms=$ref_ms"
echo "ratio=$(python3 -c "print(round($start_ms / max($ref_ms, 1), 1))")"
echo "last_run: $phases"
