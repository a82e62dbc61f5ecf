#!/usr/bin/env bash
# Console and API pages benchmark: starts the real server jar with 100 plugins installed and
# measures with wrk on loopback
#   - the Plugin Management page (signed-in administrator's session cookie) and
#   - GET /api/v4/plugins (Bearer token),
# each against a static file with the same bytes served by the same server from its static/
# folder: requests/s and p99 latency, as ratios. Then p99 latency at half the measured page (and
# API) throughput. Targets: page >= 50% of the static file's requests/s; page p99 < 20 ms at half
# load. Then a second phase with 1,000 plugins installed (LARGE_PLUGINS, 0 skips it): GET
# /api/v4/plugins p50 (target < 50 ms) and the page's requests/s and p50 (it shows 100 plugins a
# page). Usage: bench/pages.sh [seconds-per-run]   (default 10; about 11 runs in all)
# SERVER_JVM_OPTS adds JVM options to the server, e.g. to profile it:
#   SERVER_JVM_OPTS='-XX:StartFlightRecording=filename=/tmp/pages.jfr,settings=profile' bench/pages.sh
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
repo=$(pwd)
# shellcheck source=bench/lib.sh
source bench/lib.sh
secs=${1:-10}
plugins=100
large_plugins=${LARGE_PLUGINS:-1000}
conns=${CONNS:-16}      # connections of the full-load runs
threads=${THREADS:-2}   # wrk threads (the server shares the same cores)
half_conns=8            # connections of the half-load runs

if ! command -v wrk >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
for tool in java mvn curl python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench/pages.sh needs $tool" >&2; exit 1; }
done

build_jar -Dmaven.test.skip=true
jar="$repo/target/plugin-console.jar"
bench_workdir pages

port=$(free_port)
base="http://127.0.0.1:$port"
export MM_SERVICESETTINGS_LISTENADDRESS="127.0.0.1:$port" MM_PLUGINSETTINGS_ENABLEUPLOADS=true
cd "$work"
# The reference files go in the server's static/ folder; it then serves that folder instead of the
# jar's copy, so the console's own assets are copied in too.
mkdir -p static/bench && cp -r "$repo/static/." static/
printf 'bench-password-%s\n' "$RANDOM$RANDOM" > password
java -jar "$jar" user create --email admin@example.com --username admin --password-file password \
  --system-admin >/dev/null
java -Xms64m -Xmx512m ${SERVER_JVM_OPTS:-} -jar "$jar" >server.log 2>&1 &
pid=$!
for _ in $(seq 300); do
  curl -fs "$base/api/v4/system/ping" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat server.log >&2; exit 1; }
  sleep 0.1
done

# Sign in as a browser does (X-Requested-With sets the session cookies); the same session's
# token is the Bearer token of the API runs.
curl -fs -D login.headers -o /dev/null -H 'X-Requested-With: XMLHttpRequest' -H 'Content-Type: application/json' \
  --data "{\"login_id\":\"admin\",\"password\":\"$(head -1 password)\"}" "$base/api/v4/users/login"
token=$(sed -n 's/^[Tt]oken: *\([^[:space:]]*\).*/\1/p' login.headers)
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: *\(MMAUTHTOKEN=[^;]*\).*/\1/p' login.headers)
[ -n "$token" ] && [ -n "$cookie" ] || { echo "sign-in failed" >&2; cat login.headers >&2; exit 1; }

# Small plugins through the API, as an administrator would upload them; each has a settings schema.
mkdir -p bundles
upload_plugins() { # first last
  local i id code
  for i in $(seq -f '%03g' "$1" "$2"); do
    id="com.example.bench-$i"
    mkdir -p "bundles/$id"
    printf '{"id":"%s","name":"Bench plugin %s","description":"Plugin %s of the pages benchmark.","version":"1.%d.0","settings_schema":{"settings":[{"key":"Url","display_name":"URL","type":"text","default":"https://example.com"}]}}' \
      "$id" "$i" "$i" "$((10#$i))" > "bundles/$id/plugin.json"
    tar -czf "bundles/$id.tar.gz" -C bundles "$id"
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
      -F "plugin=@bundles/$id.tar.gz" "$base/api/v4/plugins")
    [ "$code" = 201 ] || { echo "upload of $id answered $code" >&2; exit 1; }
  done
  # Every other one enabled, so the page shows both states.
  for i in $(seq -f '%03g' "$1" 2 "$2"); do
    curl -fs -o /dev/null -X POST -H "Authorization: Bearer $token" "$base/api/v4/plugins/com.example.bench-$i/enable"
  done
}
upload_plugins 1 "$plugins"

page_path=/admin_console/plugins/plugin_management
code=$(curl -s -o static/bench/page.html -w '%{http_code}' -H "Cookie: $cookie" "$base$page_path")
[ "$code" = 200 ] || { echo "the page answered $code" >&2; exit 1; }
code=$(curl -s -o static/bench/plugins.json -w '%{http_code}' -H "Authorization: Bearer $token" "$base/api/v4/plugins")
[ "$code" = 200 ] || { echo "GET /api/v4/plugins answered $code" >&2; exit 1; }
grep -q "com.example.bench-$plugins" static/bench/page.html || { echo "the page does not list the plugins" >&2; exit 1; }
for f in page.html plugins.json; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base/static/bench/$f")
  [ "$code" = 200 ] || { echo "static/bench/$f answered $code" >&2; exit 1; }
done
page_bytes=$(stat -c %s static/bench/page.html)
api_bytes=$(stat -c %s static/bench/plugins.json)

# wrk with --latency; prints "requests/s p99-ms p50-ms".
measure() { # seconds connections url [wrk args...]
  local d=$1 c=$2 url=$3; shift 3
  local out
  out=$(wrk -t"$(( c < threads ? c : threads ))" -c"$c" -d"${d}s" --latency "$@" "$url")
  local non2xx
  non2xx=$(echo "$out" | sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p')
  if [ -n "$non2xx" ]; then echo "$url: $non2xx non-2xx answers" >&2; echo "$out" >&2; exit 1; fi
  echo "$out" | awk '
    function ms(v) { m = v + 0; if (v ~ /us$/) return m / 1000; if (v ~ /ms$/) return m; if (v ~ /s$/) return m * 1000; return m }
    /Requests\/sec:/ { rps = $2 }
    $1 == "99%" { p99 = ms($2) }
    $1 == "50%" { p50 = ms($2) }
    END { printf "%.0f %.2f %.2f\n", rps, p99, p50 }'
}

page_hdr=(-H "Cookie: $cookie")
api_hdr=(-H "Authorization: Bearer $token")
# Warm-up (the JIT and Jetty's caches), not measured.
wrk -t"$threads" -c"$conns" -d3s "${page_hdr[@]}" "$base$page_path" >/dev/null
wrk -t"$threads" -c"$conns" -d3s "${api_hdr[@]}" "$base/api/v4/plugins" >/dev/null
wrk -t"$threads" -c"$conns" -d2s "$base/static/bench/page.html" >/dev/null
wrk -t"$threads" -c"$conns" -d2s "$base/static/bench/plugins.json" >/dev/null

r=$(measure "$secs" "$conns" "$base/static/bench/page.html"); read -r static_page_rps static_page_p99 _ <<< "$r"
r=$(measure "$secs" "$conns" "$base$page_path" "${page_hdr[@]}"); read -r page_rps page_p99 _ <<< "$r"
r=$(measure "$secs" "$conns" "$base/static/bench/plugins.json"); read -r static_api_rps static_api_p99 _ <<< "$r"
r=$(measure "$secs" "$conns" "$base/api/v4/plugins" "${api_hdr[@]}"); read -r api_rps api_p99 _ <<< "$r"

# Half load. wrk has no fixed request rate (wrk2 has); each connection here waits a fixed delay
# (a Lua delay() hook) after each answer, so $half_conns connections give about
# $half_conns / (delay + latency) requests/s. The delay is set for half the measured rate, then
# corrected once from the rate the first short run reached.
half_load() { # name full-rps url [wrk args...]
  local name=$1 full=$2 url=$3; shift 3
  local target delay got p99 r
  target=$(awk -v r="$full" 'BEGIN { printf "%.0f", r / 2 }')
  delay=$(awk -v c="$half_conns" -v t="$target" 'BEGIN { printf "%.2f", c * 1000 / t }')
  printf 'function delay() return %s end\n' "$delay" > "delay-$name.lua"
  r=$(measure 3 "$half_conns" "$url" -s "delay-$name.lua" "$@"); read -r got p99 _ <<< "$r"
  delay=$(awk -v d="$delay" -v g="$got" -v t="$target" 'BEGIN { v = d * g / t; printf "%.2f", (v < 0.1 ? 0.1 : v) }')
  printf 'function delay() return %s end\n' "$delay" > "delay-$name.lua"
  r=$(measure "$secs" "$half_conns" "$url" -s "delay-$name.lua" "$@"); read -r got p99 _ <<< "$r"
  echo "$target $delay $got $p99"
}
r=$(half_load page "$page_rps" "$base$page_path" "${page_hdr[@]}"); read -r page_target page_delay page_half_rps page_half_p99 <<< "$r"
r=$(half_load api "$api_rps" "$base/api/v4/plugins" "${api_hdr[@]}"); read -r api_target api_delay api_half_rps api_half_p99 <<< "$r"

rss_kb=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
echo "$plugins plugins installed ($((plugins / 2)) enabled); wrk -t$threads -c$conns, ${secs} s per run, loopback; server -Xms64m -Xmx512m, peak RSS $((rss_kb / 1024)) MB"
awk -v pb="$page_bytes" -v ab="$api_bytes" \
    -v spr="$static_page_rps" -v spp="$static_page_p99" -v pr="$page_rps" -v pp="$page_p99" \
    -v sar="$static_api_rps" -v sap="$static_api_p99" -v ar="$api_rps" -v ap="$api_p99" 'BEGIN {
  printf "Plugin Management page (%d bytes): %6d req/s, p99 %6.2f ms | static file of the same bytes: %6d req/s, p99 %6.2f ms | throughput ratio %.2f (target >= 0.50), p99 ratio %.2f\n",
    pb, pr, pp, spr, spp, pr / spr, pp / spp
  printf "GET /api/v4/plugins (%d bytes):     %6d req/s, p99 %6.2f ms | static file of the same bytes: %6d req/s, p99 %6.2f ms | throughput ratio %.2f, p99 ratio %.2f\n",
    ab, ar, ap, sar, sap, ar / sar, ap / sap
}'
awk -v c="$half_conns" -v t="$page_target" -v d="$page_delay" -v g="$page_half_rps" -v p="$page_half_p99" \
    -v at="$api_target" -v ad="$api_delay" -v ag="$api_half_rps" -v ap="$api_half_p99" 'BEGIN {
  printf "Half load (wrk -c%d, each connection waits a fixed delay after each answer; closed loop):\n", c
  printf "  page: target %d req/s, delay %.2f ms, reached %d req/s, p99 %.2f ms (target < 10 ms)\n", t, d, g, p
  printf "  API:  target %d req/s, delay %.2f ms, reached %d req/s, p99 %.2f ms\n", at, ad, ag, ap
}'

# Second phase: 1,000 plugins installed. The API lists all of them (as Mattermost's does); the
# page shows the first 100 and links to the others.
if [ "$large_plugins" -gt "$plugins" ]; then
  upload_plugins "$((plugins + 1))" "$large_plugins"
  count=$(curl -fs -H "Authorization: Bearer $token" "$base/api/v4/plugins" \
    | python3 -c 'import json, sys; d = json.load(sys.stdin); print(len(d["active"]) + len(d["inactive"]))')
  # (plus the server's own pre-packaged plugins on offer)
  [ "$count" -ge "$large_plugins" ] || { echo "GET /api/v4/plugins lists $count plugins, not $large_plugins" >&2; exit 1; }
  large_page_bytes=$(curl -fs -H "Cookie: $cookie" "$base$page_path" | wc -c)
  large_api_bytes=$(curl -fs -H "Authorization: Bearer $token" "$base/api/v4/plugins" | wc -c)
  wrk -t"$threads" -c"$conns" -d3s "${page_hdr[@]}" "$base$page_path" >/dev/null
  wrk -t"$threads" -c"$conns" -d3s "${api_hdr[@]}" "$base/api/v4/plugins" >/dev/null
  r=$(measure "$secs" "$conns" "$base$page_path" "${page_hdr[@]}"); read -r lp_rps lp_p99 lp_p50 <<< "$r"
  r=$(measure "$secs" "$conns" "$base/api/v4/plugins" "${api_hdr[@]}"); read -r la_rps la_p99 la_p50 <<< "$r"
  echo "$large_plugins plugins installed; wrk -t$threads -c$conns, ${secs} s per run"
  awk -v n="$count" -v pb="$large_page_bytes" -v ab="$large_api_bytes" -v pr="$lp_rps" -v pp="$lp_p50" -v p9="$lp_p99" \
      -v ar="$la_rps" -v ap="$la_p50" -v a9="$la_p99" 'BEGIN {
    printf "  Plugin Management page, first page (%d bytes): %6d req/s, p50 %7.2f ms, p99 %7.2f ms\n", pb, pr, pp, p9
    printf "  GET /api/v4/plugins, all %d plugins and offers (%d bytes): %6d req/s, p50 %7.2f ms (target < 50 ms), p99 %7.2f ms\n", n, ab, ar, ap, a9
  }'
fi
