#!/usr/bin/env bash
# Install benchmark: installs a ~10 MB/500-file and a ~200 MB/5,000-file bundle through the real
# install pipeline and compares each with `tar -xzf` of the same file on the same disk.
# Prints the time ratio (target <= 1.5) and the peak RSS of each run (target: the 200 MB run
# within 64 MB of the 10 MB run). Usage: bench/install.sh [repetitions]
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-5}
# The JVM options the README starts the server with.
JVM_OPTS=${JVM_OPTS:--Xms64m -Xmx512m}
work=bench/work
rm -rf "$work" && mkdir -p "$work"

mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="target/test-classes:target/classes:$(cat "$work/cp.txt")"

make_bundle() { # name files bytes-per-file
  local name=$1 files=$2 size=$3 dir="$work/src/$1"
  mkdir -p "$dir/$name"
  printf '{"id":"%s","name":"%s","version":"1.0.0"}' "$name" "$name" > "$dir/$name/plugin.json"
  python3 - "$dir/$name" "$files" "$size" <<'PY'
import base64, os, sys
root, files, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(files):
    sub = os.path.join(root, "assets", "d%02d" % (i % 50))
    os.makedirs(sub, exist_ok=True)
    # base64 of random bytes: text that compresses about as well as minified JavaScript
    with open(os.path.join(sub, "file%05d.js" % i), "wb") as f:
        f.write(base64.b64encode(os.urandom(size * 3 // 4))[:size])
PY
  tar -czf "$work/$name.tar.gz" -C "$dir" "$name"
  rm -rf "$dir"
}

tar_ms() { # median of $reps extractions of $1
  local times=() t0 t1
  for _ in $(seq "$reps"); do
    rm -rf "$work/tar-out" && mkdir -p "$work/tar-out" && sync
    t0=$(date +%s%N); tar -xzf "$1" -C "$work/tar-out"; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (reps + 1) / 2 ))p"
}

declare -A rss
for spec in "small 500 20000 10" "large 5000 40000 2"; do
  set -- $spec
  make_bundle "$1" "$2" "$3"
  bundle="$work/$1.tar.gz"
  t=$(tar_ms "$bundle")
  out=$(java $JVM_OPTS -cp "$cp" io.pluginconsole.bench.InstallBenchmark "$bundle" "$work/run-$1" "$reps" "$4")
  i=$(echo "$out" | sed -n 's/^install_ms=//p')
  rss[$1]=$(echo "$out" | sed -n 's/^peak_rss_kb=//p')
  mb=$(( $(stat -c %s "$bundle") / 1000000 ))
  awk -v n="$1" -v mb="$mb" -v f="$2" -v i="$i" -v t="$t" -v r="${rss[$1]}" 'BEGIN {
    printf "%-6s %4d MB gz, %5d files: install %6d ms, tar -xzf %6d ms, ratio %.2f (target <= 1.5), peak RSS %d MB\n",
      n, mb, f, i, t, (t > 0 ? i / t : 0), r / 1024 }'
  rm -rf "$work/run-$1" "$work/tar-out"
done
awk -v s="${rss[small]}" -v l="${rss[large]}" 'BEGIN {
  printf "peak RSS growth from the 10 MB to the 200 MB bundle: %d MB (target <= 64 MB)\n", (l - s) / 1024 }'
rm -rf "$work"
