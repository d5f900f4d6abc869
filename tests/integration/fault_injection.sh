# Fault injection against the real servers (issue 20): while steward scans a
# config of three sources (PostgreSQL, MariaDB, SQLite), the PostgreSQL
# backend serving it is stopped (SIGSTOP: the socket stays open, nothing
# comes back) as soon as it exists (connect, catalog read) or while it
# samples a view, or its connection is
# dropped (pg_terminate_backend), and a MariaDB connection is killed (KILL),
# with --jobs 1 and --jobs 4.  Each
# time: no hang past the statement timeout plus steward's client-side
# margin, exit 3, the inventory written with the failed source partial or
# error and the reason, the other sources complete, and no connection of
# steward's left on the servers afterwards.
. "$STEWARD_SRC/tests/lib.sh"
need_servers
[ "$(id -u)" = 0 ] || skip_test "stopping a PostgreSQL backend needs root (it runs as postgres)"

db=stw_t_$$_fault
export MYSQL_PWD=$TESTDB_MY_PASSWORD
export STEWARD_FINGERPRINT_KEY=fault-test-key-0123456789
stopped=
cleanup() {
	[ -n "$stopped" ] && kill -CONT "$stopped" 2>/dev/null
	pg -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	my -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
}
trap cleanup EXIT
cd "$TEST_TMP" || exit 1

# 60 tables, and on the servers a slow view over each (sampled with
# --sample-views: 2 rows x 30 ms), so that a scan lasts long enough to be
# broken in the middle.
fixture() {
	for i in $(seq 1 60); do
		echo "CREATE TABLE t$i (id INTEGER PRIMARY KEY, email VARCHAR(80), full_name VARCHAR(80), last_login_at DATE);"
		echo "INSERT INTO t$i VALUES (1, 'a$i@example.org', 'Ann $i', '2020-01-01'), (2, 'b$i@example.org', 'Bo $i', '2026-01-01');"
		case $1 in
		pg) echo "CREATE VIEW v$i AS SELECT email, pg_sleep(0.03)::text AS z FROM t$i;" ;;
		my) echo "CREATE VIEW v$i AS SELECT email, SLEEP(0.03) AS z FROM t$i;" ;;
		esac
	done
}
pg -d postgres -c "CREATE DATABASE $db" >/dev/null
fixture pg | pg -d "$db" >/dev/null || fail "load PostgreSQL"
my -e "CREATE DATABASE $db"
fixture my | my "$db" || fail "load MariaDB"
fixture lite | sqlite3 lite.db || fail "load SQLite"
cat > steward.yaml <<EOF
sources:
  - name: pgsrc
    dsn: postgres://$PGUSER@127.0.0.1:$PGPORT/$db
  - name: mysrc
    dsn: mysql://$TESTDB_MY_USER@127.0.0.1:$TESTDB_MY_PORT/$db
  - name: litesrc
    dsn: sqlite:$TEST_TMP/lite.db
categories:
  user.contact: { retention: 2y, anchor: [last_login_at] }
EOF
TIMEOUT=2
LIMIT=$((TIMEOUT + 10 + 15))     # statement timeout + client margin + slack for the other sources

pg_backends() {   # PIDs of steward's sessions on $db
	pg -d postgres -Atc "SELECT pid FROM pg_stat_activity WHERE datname = '$db' AND application_name = 'steward'"
}
my_backends() {
	my -N -e "SELECT id FROM information_schema.processlist WHERE db = '$db' AND user = '$TESTDB_MY_USER' AND id <> CONNECTION_ID()"
}

# inject NAME JOBS ACTION: starts the scan, waits for its first PostgreSQL
# (or MariaDB) session, applies ACTION to it, and checks the outcome.
inject() {
	local name=$1 jobs=$2 action=$3 pid t0 t1 rc i victim= st
	t0=$(date +%s)
	"$STEWARD" scan -c steward.yaml --jobs "$jobs" --timeout $TIMEOUT --sample 50 --sample-views -o "$name.json" \
		> "$name.out" 2> "$name.err" &
	pid=$!
	for i in $(seq 1 200); do
		# a session busy with a view: the scan is in the middle of sampling
		case $action in
		pg-early) victim=$(pg_backends | head -1) ;;   # connect or catalog read
		pg-*) victim=$(pg -d postgres -Atc "SELECT pid FROM pg_stat_activity WHERE datname = '$db' AND application_name = 'steward' AND query LIKE '%\"v%' AND state = 'active' LIMIT 1") ;;
		my-*) victim=$(my -N -e "SELECT id FROM information_schema.processlist WHERE db = '$db' AND user = '$TESTDB_MY_USER' AND info LIKE '%\`v%' LIMIT 1") ;;
		esac
		[ -n "$victim" ] && break
		sleep 0.02
	done
	if [ -z "$victim" ]; then
		fail "$name: no session of steward to break"
		wait "$pid"
		return
	fi
	case $action in
	pg-stop|pg-early) kill -STOP "$victim"; stopped=$victim ;;
	pg-drop) pg -d postgres -c "SELECT pg_terminate_backend($victim)" >/dev/null ;;
	my-kill) my -e "KILL $victim" ;;
	esac
	set +e
	wait "$pid"
	rc=$?
	set -e
	t1=$(date +%s)
	if [ -n "$stopped" ]; then kill -CONT "$stopped"; stopped=; fi
	expect_eq "$rc" 3 "$name: exit 3"
	if [ $((t1 - t0)) -le $LIMIT ]; then pass; else fail "$name: took $((t1 - t0)) s (limit $LIMIT s)"; fi
	case $action in
	pg-*) failed=pgsrc others="mysrc litesrc" ;;
	my-*) failed=mysrc others="pgsrc litesrc" ;;
	esac
	# stopped before its catalog was read, a source is an error; after, partial
	st=$(jq -r ".sources[] | select(.name == \"$failed\") | .status" "$name.json")
	case $action:$st in
	pg-early:error|*:partial) pass ;;
	*) fail "$name: $failed is $st, want partial (or error when stopped before its catalog)" ;;
	esac
	expect_grep 'connection lost|no connection to the server|server closed|terminat|Lost connection|gone away|server sent nothing' "$name.err" "$name: the reason is said"
	for o in $others; do
		expect_eq "$(jq -r ".sources[] | select(.name == \"$o\") | \"\(.status) \([.tables[] | select(.kind == \"table\")] | length)\"" "$name.json")" "ok 60" "$name: $o complete"
	done
	# nothing of steward's left on the servers (a resumed backend needs a
	# moment to see that its client has gone)
	for i in $(seq 1 50); do
		[ "$(pg_backends | wc -l)" = 0 ] && [ "$(my_backends | wc -l)" = 0 ] && break
		sleep 0.2
	done
	expect_eq "$(pg_backends | wc -l)" 0 "$name: no PostgreSQL session left"
	expect_eq "$(my_backends | wc -l)" 0 "$name: no MariaDB session left"
}

inject early-j1 1 pg-early
inject stop-j1 1 pg-stop
inject stop-j4 4 pg-stop
inject drop-j1 1 pg-drop
inject drop-j4 4 pg-drop
inject mykill-j1 1 my-kill
inject mykill-j4 4 my-kill
finish
