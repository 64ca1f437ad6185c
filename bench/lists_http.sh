#!/usr/bin/env bash
# The list queries over HTTP, per caller, against a running `grantflow serve`
# on a database bench_populate filled (bench/README.md, "Lists and search").
#
#   bench/lists_http.sh URL POPULATE_OUTPUT PASSWORD [SECONDS] [CONNECTIONS]
#
# POPULATE_OUTPUT is what bench_populate printed. For each caller (reviewer,
# clerk, association) and query (first page, programme+state, q, the page
# after 50 followed by cursor) it runs wrk with the caller's bearer token and
# prints `query CALLER/NAME p50_ms X p99_ms Y rps Z`.
set -euo pipefail
url=${1:?URL}
populated=${2:?POPULATE_OUTPUT}
password=${3:?PASSWORD}
seconds=${4:-5}
connections=${5:-4}

value() { awk -v k="$1" '$1 == k { print $2 }' "$populated"; }
programme=$(value programme)
state=$(value state)
term=$(value unique_term)

token() {
  curl -fsS -H 'Content-Type: application/json' \
    -d "{\"email\": \"$1\", \"password\": \"$password\"}" "$url/api/v1/session" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

# The cursor of the page after `pages` pages of the caller's list.
deep_cursor() {
  local auth=$1 pages=$2 cursor=""
  for ((i = 0; i < pages; i++)); do
    cursor=$(curl -fsS -H "Authorization: Bearer $auth" \
      "$url/api/v1/applications${cursor:+?cursor=$cursor}" |
      python3 -c 'import json, sys; c = json.load(sys.stdin).get("next_cursor"); print("" if c is None else c)')
    [[ -n $cursor ]] || break
  done
  echo "$cursor"
}

# wrk's latency distribution in ms ("1.23ms", "850.00us", "1.02s").
ms() {
  awk '{ v = $1; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
         else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }' <<<"$1"
}

measure() {
  local name=$1 auth=$2 path=$3 out
  out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $auth" "$url$path")
  local p50 p99 rps
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  rps=$(awk '$1 == "Requests/sec:" { print $2 }' <<<"$out")
  echo "query $name p50_ms $(ms "$p50") p99_ms $(ms "$p99") rps $rps"
}

for caller in reviewer clerk association; do
  auth=$(token "$(value "$caller")")
  measure "$caller/first" "$auth" "/api/v1/applications"
  measure "$caller/programme_state" "$auth" "/api/v1/applications?programme=$programme&state=$state"
  measure "$caller/q" "$auth" "/api/v1/applications?q=$term"
  measure "$caller/deep" "$auth" "/api/v1/applications?cursor=$(deep_cursor "$auth" 50)"
done
