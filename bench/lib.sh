# Shared by the bench/ scripts (sourced): building the jar, a free loopback port, and a private
# work folder that is removed, with the processes named in $pid and $direct_pid stopped, on exit.

# Builds target/plugin-console.jar quietly; extra Maven flags as arguments. Prints the log on failure.
build_jar() {
  local log
  log=$(mktemp)
  mvn -B -q package "$@" >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; exit 1; }
  rm -f "$log"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Sets $work to a new folder /tmp/pc-NAME-bench.XXXXXX, cleaned up on exit.
bench_workdir() {
  work=$(mktemp -d "/tmp/pc-$1-bench.XXXXXX")
  pid=
  direct_pid=
  trap bench_cleanup EXIT
}

bench_cleanup() {
  for p in $pid $direct_pid; do
    if kill -0 "$p" 2>/dev/null; then kill "$p"; wait "$p" 2>/dev/null || true; fi
  done
  rm -rf "$work"
}
