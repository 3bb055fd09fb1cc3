#!/usr/bin/env bash
# Slow clients do not starve the others: slowhttptest holds hundreds of
# connections open on a demo server (headers sent a byte at a time, then
# bodies the same way) while an ordinary reader asks for the sheet; every one
# of those requests must be answered, 200 and within a second. Bounded in
# time; everything on 127.0.0.1, stopped at the end.
#   tests/strength/slow_clients.sh BINARY    (prints "slow_clients: N passed, N failed")
set -uo pipefail
bin=${1:?usage: slow_clients.sh BINARY}
command -v slowhttptest >/dev/null || { echo "slow_clients: 0 passed, 1 failed (slowhttptest missing)"; exit 1; }
tmp=$(mktemp -d)
port=$((25000 + RANDOM % 20000))
"$bin" demo --db "$tmp/slow.db" --port "$port" --threads 2 >"$tmp/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

passed=0
failed=0
# -H: slow headers (slowloris); -B: slow message bodies (R-U-Dead-Yet).
for mode in -H -B; do
  timeout 40 slowhttptest "$mode" -c 600 -r 200 -i 5 -l 15 -s 8192 -p 3 \
    -u "http://127.0.0.1:$port/login" -o "$tmp/report" >"$tmp/slow$mode.log" 2>&1 &
  attack=$!
  sleep 5 # the connections are open by now
  ok=0
  for _ in $(seq 10); do
    t=$(curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}' "http://127.0.0.1:$port/plans/1/sheet")
    code=${t% *}
    secs=${t#* }
    if [ "$code" = 200 ] && awk -v s="$secs" 'BEGIN {exit !(s < 1.0)}'; then
      ok=$((ok + 1))
    else
      echo "  with slowhttptest $mode: the sheet gave $code in ${secs}s"
    fi
    sleep 0.5
  done
  wait "$attack"
  if [ "$ok" -eq 10 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
  echo "  slowhttptest $mode: $ok of 10 requests answered within a second"
done
kill -0 "$server" 2>/dev/null || { echo "  the server died"; failed=$((failed + 1)); }
echo "slow_clients: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
