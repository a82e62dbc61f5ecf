#!/usr/bin/env bash
# Runtime benchmark: starts the real server jar with one trivial http plugin (the test plugin
# server, a small JDK HTTP server) and measures
#   - enable -> Running (median of N), against starting the same executable directly until its
#     handshake line (the reference): the ratio is what the server adds;
#   - requests/s and p99 through the reverse proxy /plugins/<id>/echo, against the same plugin
#     program called directly on its own port (target: proxy >= 70% of direct), and against nginx
#     as a reverse proxy in front of the same plugin process, in the same run (targets: proxy >=
#     0.5x nginx's requests/s, p99 <= 2x nginx's). nginx is installed from Debian when missing and
#     runs unprivileged from the work folder with as many worker processes as there are cores.
# Usage: bench/runtime.sh [seconds-per-run] [enable-repetitions]   (defaults 10 and 10)
# ROUNDS (default 3) proxy/nginx pairs are measured, each pair back to back; the ratios printed
# are the medians of the pairs' ratios. CPU time per request (the server JVM's, nginx's processes')
# is printed too: unlike requests/s it hardly depends on what else the shared machine runs.
# SERVER_JVM_OPTS adds JVM options to the server, e.g. to profile it:
#   SERVER_JVM_OPTS='-XX:StartFlightRecording=filename=/tmp/proxy.jfr,settings=profile' bench/runtime.sh
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
repo=$(pwd)
# shellcheck source=bench/lib.sh
source bench/lib.sh
secs=${1:-10}
reps=${2:-10}
conns=${CONNS:-16}
threads=${THREADS:-2}
rounds=${ROUNDS:-3}     # proxy/nginx pairs
id=com.example.bench-echo

if ! command -v wrk >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
nginx_bin=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)
if [ -z "$nginx_bin" ]; then
  export DEBIAN_FRONTEND=noninteractive
  # Debian's package does not start a service here (no init system); only the binary is used.
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
  nginx_bin=/usr/sbin/nginx
fi
build_jar -DskipTests
jar="$repo/target/plugin-console.jar"
classes="$repo/target/test-classes"
java_bin=$(command -v java)
bench_workdir runtime

port=$(free_port)
base="http://127.0.0.1:$port"
export MM_SERVICESETTINGS_LISTENADDRESS="127.0.0.1:$port" MM_PLUGINSETTINGS_ENABLEUPLOADS=true
cd "$work"
printf 'bench-password-%s\n' "$RANDOM$RANDOM" > password
java -jar "$jar" user create --email admin@example.com --username admin --password-file password \
  --system-admin >/dev/null
# shellcheck disable=SC2086 # SERVER_JVM_OPTS is a list of options
java -Xms64m -Xmx512m ${SERVER_JVM_OPTS:-} -jar "$jar" >server.log 2>&1 &
pid=$!
for _ in $(seq 300); do
  curl -fs "$base/api/v4/system/ping" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat server.log >&2; exit 1; }
  sleep 0.1
done
token=$(curl -fs -D - -o /dev/null -H 'Content-Type: application/json' \
  --data "{\"login_id\":\"admin\",\"password\":\"$(head -1 password)\"}" "$base/api/v4/users/login" \
  | sed -n 's/^[Tt]oken: *\([^[:space:]]*\).*/\1/p')
[ -n "$token" ] || { echo "sign-in failed" >&2; exit 1; }

# The plugin: the test plugin program, started by a script as a real bundle's executable would be.
mkdir -p "bundle/$id/server"
printf '{"id":"%s","name":"Bench echo","version":"1.0.0","server":{"executable":"server/plugin.sh"}}' "$id" \
  > "bundle/$id/plugin.json"
# It writes no request log: a file written in its folder on every request would make the server's
# plugin folder watch rescan on every request, a cost that is not the proxy's.
printf '#!/bin/sh\nTEST_PLUGIN_REQUEST_LOG=off exec %s -Xshare:auto -XX:TieredStopAtLevel=1 -Xmx48m -Dsun.net.httpserver.nodelay=true -cp %s io.pluginconsole.testing.HttpTestPlugin healthy\n' \
  "$java_bin" "$classes" > "bundle/$id/server/plugin.sh"
chmod 755 "bundle/$id/server/plugin.sh"
tar -czf bundle.tar.gz -C bundle "$id"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -F "plugin=@bundle.tar.gz" "$base/api/v4/plugins")
[ "$code" = 201 ] || { echo "upload answered $code" >&2; exit 1; }

out=$(java -cp "$classes" io.pluginconsole.bench.StartBenchmark "$base" "$token" "$id" \
  "$work/bundle/$id/server/plugin.sh" "$reps")
enable_ms=$(echo "$out" | sed -n 's/^enable_to_running_ms=//p')
direct_ms=$(echo "$out" | sed -n 's/^direct_start_ms=//p')

# The same program on its own, for the direct reference.
(cd "bundle/$id" && PLUGIN_CONSOLE_SECRET=bench exec ./server/plugin.sh > ../../direct.out 2>/dev/null) &
direct_pid=$!
for _ in $(seq 100); do grep -q '^1|1|' direct.out 2>/dev/null && break; sleep 0.1; done
direct_port=$(sed -n 's/^1|1|tcp|127.0.0.1:\([0-9]*\)|http$/\1/p' direct.out)
[ -n "$direct_port" ] || { echo "the direct plugin did not start" >&2; exit 1; }

proxied="$base/plugins/$id/echo"
direct="http://127.0.0.1:$direct_port/echo"
curl -fs "$proxied" | grep -q '^uri=/echo' || { echo "the proxy does not reach the plugin" >&2; exit 1; }
# The plugin process the server started, and the loopback port it listens on.
plugin_pid=$(pgrep -P "$pid" -f HttpTestPlugin | head -1 || true)
plugin_addr=$(ss -ltnpH 2>/dev/null | awk -v p="pid=$plugin_pid," 'index($0, p) { print $4; exit }')
[ -n "$plugin_addr" ] || { echo "cannot tell the running plugin's address" >&2; exit 1; }

# nginx as a reverse proxy in front of that same plugin process: keep-alive connections to it,
# HTTP/1.1, no access log; one worker per core, as the server's JVM uses every core.
nginx_port=$(free_port)
workers=$(nproc)
ngx="$work/nginx"
mkdir -p "$ngx"
cat > "$ngx/nginx.conf" <<CONF
worker_processes $workers;
daemon off;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $ngx/body;
  proxy_temp_path $ngx/proxy;
  fastcgi_temp_path $ngx/fastcgi;
  uwsgi_temp_path $ngx/uwsgi;
  scgi_temp_path $ngx/scgi;
  upstream plugin {
    server $plugin_addr;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://plugin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
CONF
nginx_cmd=("$nginx_bin" -p "$ngx" -c "$ngx/nginx.conf" -e "$ngx/error.log")
if [ "$(id -u)" = 0 ]; then
  # Never as root: the work folder is opened for traversal only, nginx's own folder is nobody's.
  chmod 711 "$work"
  chown -R nobody:nogroup "$ngx"
  nginx_cmd=(setpriv --reuid=nobody --regid=nogroup --clear-groups "${nginx_cmd[@]}")
fi
"${nginx_cmd[@]}" 2>"$work/nginx.stderr" &
nginx_pid=$!
trap 'if kill -0 "$nginx_pid" 2>/dev/null; then kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; fi; bench_cleanup' EXIT
nginxed="http://127.0.0.1:$nginx_port/echo"
for _ in $(seq 100); do curl -fs "$nginxed" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fs "$nginxed" | grep -q '^uri=/echo' || { cat "$work/nginx.stderr" "$ngx/error.log" >&2 || true;
  curl -s -i "$nginxed" >&2 || true; echo "nginx does not reach the plugin at $plugin_addr" >&2; exit 1; }

# CPU time (user + system, clock ticks) used so far by the given processes and their threads.
cpu_ticks() { # pid...
  local total=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    total=$((total + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{ print $12 + $13 }')))
  done
  echo "$total"
}

# Prints requests/s, p99 (ms) and the CPU time per request (us) of the given processes, which
# is what a proxy costs whatever else the shared machine runs.
measure() { # url pid...
  local url=$1 before after
  shift
  before=$(cpu_ticks "$@")
  wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$url" > "$work/wrk.out"
  after=$(cpu_ticks "$@")
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    /Non-2xx/ { bad = 1 }
    / requests in / { requests = $1 }
    /Requests\/sec:/ { rps = $2 }
    $1 == "99%" { v = $2; ms = v + 0;
      if (v ~ /us$/) ms = ms / 1000; else if (v ~ /ms$/) ms = ms; else if (v ~ /s$/) ms = ms * 1000; p99 = ms }
    END { if (bad) { print "non-2xx answers" > "/dev/stderr"; exit 1 }
      printf "%.0f %.2f %.1f\n", rps, p99, (requests > 0 ? ticks / hz * 1e6 / requests : 0) }' "$work/wrk.out"
}
# Warm-up, not measured: a running server is warm, and its JIT compiler otherwise takes a core
# for the first half minute (the plugin runs with C1 only and warms in seconds).
wrk -t"$threads" -c"$conns" -d20s "$proxied" >/dev/null
wrk -t"$threads" -c"$conns" -d5s "$direct" >/dev/null
wrk -t"$threads" -c"$conns" -d5s "$nginxed" >/dev/null
nginx_pids="$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')"
read -r direct_rps direct_p99 _ <<< "$(measure "$direct")"
read -r proxy_rps proxy_p99 _ <<< "$(measure "$proxied" "$pid")"
# Our proxy against nginx: ROUNDS pairs run back to back, the order swapped every round, so a
# change in the machine's load (it is shared) falls on both sides of a pair alike.
pairs=""
for round in $(seq "$rounds"); do
  if [ $((round % 2)) = 1 ]; then
    s_before=$(cpu_ticks "$pid")
    # shellcheck disable=SC2086 # a list of process ids
    read -r n_rps n_p99 n_cpu <<< "$(measure "$nginxed" $nginx_pids)"
    s_idle=$(( $(cpu_ticks "$pid") - s_before ))
    read -r p_rps p_p99 p_cpu <<< "$(measure "$proxied" "$pid")"
  else
    read -r p_rps p_p99 p_cpu <<< "$(measure "$proxied" "$pid")"
    s_before=$(cpu_ticks "$pid")
    # shellcheck disable=SC2086 # a list of process ids
    read -r n_rps n_p99 n_cpu <<< "$(measure "$nginxed" $nginx_pids)"
    s_idle=$(( $(cpu_ticks "$pid") - s_before ))
  fi
  # What the server's JVM spends while nginx runs (not forwarding anything), per nginx request.
  s_cpu=$(awk -v t="$s_idle" -v hz="$(getconf CLK_TCK)" -v r="$n_rps" -v d="$secs" 'BEGIN { printf "%.1f", t / hz * 1e6 / (r * d) }')
  pairs="$pairs$p_rps $p_p99 $p_cpu $n_rps $n_p99 $n_cpu $s_cpu
"
done

echo "Runtime benchmark: one trivial http plugin (JDK HTTP server in its own JVM); loopback; wrk -t$threads -c$conns, ${secs} s per run; load average $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v e="$enable_ms" -v d="$direct_ms" -v r="$reps" 'BEGIN {
  printf "enable -> Running: median %d ms over %d | the executable started directly to its handshake: %d ms | ratio %.2f\n", e, r, d, (d > 0 ? e / d : 0) }'
awk -v pr="$proxy_rps" -v pp="$proxy_p99" -v dr="$direct_rps" -v dp="$direct_p99" 'BEGIN {
  printf "proxy /plugins/<id>/echo: %d req/s, p99 %.2f ms | plugin called directly: %d req/s, p99 %.2f ms | throughput ratio %.2f (target >= 0.70)\n", pr, pp, dr, dp, pr / dr }'
printf '%s' "$pairs" | awk -v w="$workers" '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  NF == 7 { n++; pr[n] = $1; pp[n] = $2; pc[n] = $3; nr[n] = $4; np[n] = $5; nc[n] = $6; sc[n] = $7
    tr[n] = $1 / $4; tp[n] = ($5 > 0 ? $2 / $5 : 0)
    printf "round %d: proxy %d req/s, p99 %.2f ms, %.0f us CPU/request | nginx (%d workers) in front of the same plugin %d req/s, p99 %.2f ms, %.0f us CPU/request (server JVM meanwhile %.0f us) | ratios %.2f, p99 %.2f\n", n, $1, $2, $3, w, $4, $5, $6, $7, tr[n], tp[n] }
  END { printf "proxy vs nginx, median of %d rounds: proxy %d req/s, p99 %.2f ms, %.0f us CPU/request (server JVM) | nginx %d req/s, p99 %.2f ms, %.0f us CPU/request (master and workers; the server JVM meanwhile %.0f us) | throughput ratio %.2f (target >= 0.50), p99 ratio %.2f (target <= 2.00)\n", n, median(pr, n), median(pp, n), median(pc, n), median(nr, n), median(np, n), median(nc, n), median(sc, n), median(tr, n), median(tp, n) }'
