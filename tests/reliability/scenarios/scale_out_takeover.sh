#!/usr/bin/env bash
# scale_out_takeover
# Two servers on one PostgreSQL database send 300 e-mails while one of them is killed (SIGKILL) and restarted again and again: all arrive, a copy only with the same Message-ID.
#
# The relay (tests/tools/smtp_sink) holds each 250 for 30 ms, so kills land
# in the middle of deliveries. The outbox lease is 5 s; a victim lives 3 s.
# Checks: 300 distinct Message-IDs received, none more than twice, and no
# more messages received twice than there were kills (each kill leaves at
# most the one message in flight unacknowledged). Prints the kills, the
# copies and the time taken.
set -euo pipefail
: "${GF_RELEASE_BIN:?}" "${GF_TEST_DIR:?}" "${GRANTFLOW_TEST_PG:?}" "${GF_RELIABILITY_OUT:?}"
mails=${GF_SCALE_OUT_MAILS:-300}
out=$GF_RELIABILITY_OUT
sink=$(find "$GF_TEST_DIR" -name smtp_sink -type f -perm -u+x | head -1)
[[ -n $sink ]] || { echo "no smtp_sink under $GF_TEST_DIR" >&2; exit 1; }

# The cluster's admin string is SOCI's keyword form; psql takes the same keywords.
word() { sed -n "s/.*[ /]$1=\([^ ]*\).*/\1/p" <<<"$GRANTFLOW_TEST_PG"; }
host=$(word host) port=$(word port) user=$(word user)
name=gf_scaleout_$$
psql_admin() { psql -X -q -At -h "$host" -p "$port" -U "$user" -d postgres "$@"; }
psql_db() { psql -X -q -At -h "$host" -p "$port" -U "$user" -d "$name" "$@"; }
psql_admin -c "CREATE DATABASE $name"
conn="postgresql://host=$host port=$port dbname=$name user=$user"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql_admin -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" || true
}
trap cleanup EXIT

"$GF_RELEASE_BIN" init --db "$conn" >/dev/null
now="to_char(now() at time zone 'utc', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
psql_db -c "INSERT INTO outbox (channel, recipient, subject, payload, created_at, next_attempt_at)
  SELECT 'email', 'person' || g || '@example.org', 'Message ' || g,
         '{\"body\": \"message ' || g || '\"}', $now, $now FROM generate_series(1, $mails) g"

mkdir -p "$out/mail" "$out/a" "$out/b"
"$sink" --dir "$out/mail" --port 0 --reply-delay-ms 30 >"$out/sink.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [[ -s $out/sink.out ]] && break; sleep 0.1; done
smtp_port=$(head -1 "$out/sink.out")

serve() { # serve NAME: a server in the background; its pid on stdout
  "$GF_RELEASE_BIN" serve --db "$conn" --port 0 --files "$out/$1" --smtp-host 127.0.0.1 \
    --smtp-port "$smtp_port" --jobs-outbox-poll 100ms --jobs-outbox-lease 5 \
    >>"$out/server-$1.log" 2>&1 &
  echo $!
}
pending() { psql_db -c "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"; }

started=$(date +%s%N)
steady=$(serve b)
pids+=("$steady")
kills=0
deadline=$((SECONDS + 600))
while (($(pending) > 0)); do
  ((SECONDS < deadline)) || { echo "FAIL: $(pending) e-mails still pending after 600 s" >&2; exit 1; }
  victim=$(serve a)
  pids+=("$victim")
  sleep 3
  kill -9 "$victim"
  wait "$victim" 2>/dev/null || true
  kills=$((kills + 1))
done
elapsed_ms=$((($(date +%s%N) - started) / 1000000))

ids=$(grep -h -i '^message-id:' "$out"/mail/*.eml | tr -d '\r' | sort)
distinct=$(uniq <<<"$ids" | wc -l)
twice=$(uniq -c <<<"$ids" | awk '$1 == 2' | wc -l)
more=$(uniq -c <<<"$ids" | awk '$1 > 2' | wc -l)
received=$(wc -l <<<"$ids")
echo "e-mails $mails, received $received, distinct Message-IDs $distinct, received twice $twice," \
  "kills $kills, all sent in $elapsed_ms ms"
status=0
((distinct == mails)) || { echo "FAIL: $distinct distinct Message-IDs, not $mails" >&2; status=1; }
((more == 0)) || { echo "FAIL: $more Message-IDs received more than twice" >&2; status=1; }
((twice <= kills)) || { echo "FAIL: $twice copies for $kills kills" >&2; status=1; }
exit $status
