# A server killed mid-scan: the source is marked partial with the error,
# the other source (SQLite) still finishes, the inventory is written and
# valid, and the exit code is 3.  Runs its own private PostgreSQL/MariaDB
# pair (scripts/test-databases, other ports and state), since it kills them.
. "$STEWARD_SRC/tests/lib.sh"
need_servers

state=$(mktemp -d /tmp/stw-killed.XXXXXX)   # short: unix socket paths are limited
chmod 755 "$state"
stop_private() {
	TESTDB_STATE=$state/db "$STEWARD_SRC/scripts/test-databases" stop >/dev/null 2>&1
	rm -rf "$state"
}
trap stop_private EXIT
TESTDB_STATE=$state/db TESTDB_PG_PORT=57432 TESTDB_MY_PORT=57306 \
	"$STEWARD_SRC/scripts/test-databases" start >/dev/null 2>"$TEST_TMP/start.log" \
	|| { cat "$TEST_TMP/start.log" >&2; fail "cannot start the private servers"; finish; exit 1; }
# From here on PG* and TESTDB_* name the private pair.
. "$state/db/env"
export MYSQL_PWD=$TESTDB_MY_PASSWORD
pg() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U "$PGUSER" -d "$PGDATABASE" "$@"; }
my() { mariadb --no-defaults --protocol=TCP -h 127.0.0.1 -P "$TESTDB_MY_PORT" -u "$TESTDB_MY_USER" "$TESTDB_MY_DB" "$@"; }

# a_slow is sampled first (catalog order) and takes long enough to be killed in.
pg <<'SQL' || { fail "cannot load PostgreSQL"; finish; exit 1; }
CREATE VIEW a_slow AS SELECT pg_sleep(30)::text AS note, 'x@example.com'::text AS email;
CREATE TABLE z_after (id int PRIMARY KEY, email text);
INSERT INTO z_after VALUES (1, 'y@example.com');
SQL
my <<'SQL' || { fail "cannot load MariaDB"; finish; exit 1; }
CREATE VIEW a_slow AS SELECT SLEEP(30) AS note, 'x@example.com' AS email;
CREATE TABLE z_after (id int PRIMARY KEY, email text);
INSERT INTO z_after VALUES (1, 'y@example.com');
SQL
sqlite3 "$TEST_TMP/other.db" "CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO people VALUES (1, 'z@example.com');"

# waits until the sampling query runs on the server ($1: a command printing a count)
wait_running() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$("$@" 2>/dev/null)" -ge 1 ] 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# check LABEL OUT.JSON RC: the killed source is partial, the other one ok
check_killed() {
	local label=$1 out=$2 rc=$3
	expect_eq "$rc" 3 "$label: exit code after the server was killed"
	if jq -e . "$out" >/dev/null 2>&1; then pass; else fail "$label: the inventory is not valid JSON"; return; fi
	expect_eq "$(jq -r '[.sources[] | "\(.engine)=\(.status)"] | sort | join(",")' "$out")" \
		"$label=partial,sqlite=ok" "$label: killed source partial, the other ok"
	expect_grep 'a_slow.*(connection|server)' <(jq -r ".sources[] | select(.engine == \"$label\") | .errors[]" "$out")
	expect_eq "$(jq -r ".sources[] | select(.engine == \"$label\") | [.tables[].name] | sort | join(\",\")" "$out")" \
		"a_slow,z_after" "$label: the catalog read before the kill is kept"
	expect_eq "$(jq -r '.sources[] | select(.engine == "sqlite") | .tables[0].rows_sampled' "$out")" 1 \
		"$label: the SQLite source was still sampled"
	expect_no_grep "$PGPASSWORD" "$out" "$label: a password reached the inventory"
}

# --- PostgreSQL: kill -9 the postmaster and its backends mid-query -----------
"$STEWARD" scan "postgres://$PGUSER@127.0.0.1:$PGPORT/$PGDATABASE" "sqlite:$TEST_TMP/other.db" \
	--jobs 1 --sample-views --view-timeout 60 -o "$TEST_TMP/pg.json" >"$TEST_TMP/pg.out" 2>"$TEST_TMP/pg.err" &
scan=$!
if wait_running pg -At -c "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT substr(%' AND pid <> pg_backend_pid()"; then
	pm=$(head -n1 "$state/db/pg/data/postmaster.pid")
	kill -9 "$pm" $(ps -o pid= --ppid "$pm") 2>/dev/null
else
	fail "postgres: the sampling query never showed up"
fi
wait "$scan"
check_killed postgres "$TEST_TMP/pg.json" $?
expect_eq "$(wc -l < "$TEST_TMP/pg.err")" 1 "postgres: one line of error"

# --- MariaDB: kill -9 mariadbd mid-query -------------------------------------------
"$STEWARD" scan "mysql://$TESTDB_MY_USER@127.0.0.1:$TESTDB_MY_PORT/$TESTDB_MY_DB" "sqlite:$TEST_TMP/other.db" \
	--jobs 1 --sample-views --view-timeout 60 -o "$TEST_TMP/my.json" >"$TEST_TMP/my.out" 2>"$TEST_TMP/my.err" &
scan=$!
if wait_running my -N -B -e "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT LEFT(%'"; then
	kill -9 "$(cat "$state/db/my/mysqld.pid")" 2>/dev/null
else
	fail "mariadb: the sampling query never showed up"
fi
wait "$scan"
check_killed mysql "$TEST_TMP/my.json" $?
expect_eq "$(wc -l < "$TEST_TMP/my.err")" 1 "mariadb: one line of error"
finish
