# Read-only, proven (issue 20): with PostgreSQL's log_statement = all (for
# the test's database) and MariaDB's general log on, every statement steward
# sends -- a full scan with views sampled, the access audit, re-identification
# counts, inferred-lineage joins, retention, `locate --count` -- is one of
# SELECT / SHOW / SET / BEGIN ... READ ONLY / START TRANSACTION READ ONLY /
# COMMIT / ROLLBACK, with no FOR UPDATE/SHARE and no function with side
# effects.  The statements are read from the servers' own logs.
. "$STEWARD_SRC/tests/lib.sh"
need_servers

db=stw_t_$$_ro
export MYSQL_PWD=$TESTDB_MY_PASSWORD
export STEWARD_FINGERPRINT_KEY=read-only-test-key-0123456789
mylog=$TESTDB_STATE/my/general-$$.log
cleanup() {
	my -e "SET GLOBAL general_log = 0" >/dev/null 2>&1
	pg -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	my -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	rm -f "$mylog"
}
trap cleanup EXIT
cd "$TEST_TMP" || exit 1

# check_statements FILE ENGINE: one statement a line; each must be allowed.
check_statements() {
	local n bad
	n=$(grep -c . "$1")
	bad=$(grep -viE '^\(*(SELECT|WITH)\b|^(SHOW|COMMIT|ROLLBACK)\b|^SET (LOCAL |SESSION )?[A-Za-z_@.]+ *(=| TO )|^SET (SESSION )?TRANSACTION (ISOLATION LEVEL [A-Z ]+, )?READ ONLY$|^BEGIN( TRANSACTION)?( ISOLATION LEVEL REPEATABLE READ)? READ ONLY$|^START TRANSACTION (WITH CONSISTENT SNAPSHOT, )?READ ONLY$' "$1" || true)
	if [ -n "$bad" ]; then
		fail "$2: statements that are not read-only:"
		printf '%s\n' "$bad" | head -5 | cut -c1-200 | sed 's/^/  | /' >&2
	else
		pass
	fi
	expect_no_grep '\bFOR (UPDATE|SHARE|NO KEY UPDATE|KEY SHARE)\b|\b(nextval|setval|pg_advisory_lock|pg_advisory_xact_lock|lo_import|lo_export|pg_terminate_backend|pg_cancel_backend|set_config|dblink|GET_LOCK|SLEEP)\(' "$1" "$2: a locking clause or a function with side effects"
	if [ "$n" -ge "$3" ]; then pass; else fail "$2: only $n statements logged (want >= $3): is the log on?"; fi
}

# ---- PostgreSQL -------------------------------------------------------------
pg -d postgres -c "CREATE DATABASE $db" >/dev/null || { fail "create $db"; finish; }
"$STEWARD" demo --sql postgres | pg -d "$db" >/dev/null || fail "load the demo into PostgreSQL"
pg -d postgres -c "ALTER DATABASE $db SET log_statement = 'all'" >/dev/null
pglog=$TESTDB_STATE/pg/server.log
off=$(stat -c %s "$pglog")
PG="postgres://$PGUSER@127.0.0.1:$PGPORT/$db"
expect_rc 0 "$STEWARD" scan "$PG" --sample-views -o pg.json
printf 'sources:\n  - name: %s\n    dsn: %s\n' "$db" "$PG" > pg.yaml
echo 'ada@example.org' | "$STEWARD" locate pg.json --by "$db.public.customers.email" --count -c pg.yaml > locate.out 2>&1 || true
expect_grep 'rows' locate.out "locate --count ran"
sleep 1
# Log entries: "TIME [PID] LOG:  statement: SQL" (continued on lines that
# start with a tab); extended-protocol ones "execute <unnamed>: SQL".
tail -c +"$((off + 1))" "$pglog" | python3 -c '
import re, sys
out, cur = [], None
for line in sys.stdin:
    line = line.rstrip("\n")
    m = re.match(r"^\S+ \S+ \S+ \[\d+\] (\w+):\s+(.*)$", line)
    if m:
        if cur is not None:
            out.append(cur)
        cur = None
        kind, text = m.groups()
        s = re.match(r"^(?:statement|execute [^:]*): (.*)$", text)
        if kind == "LOG" and s:
            cur = s.group(1)
    elif cur is not None and line.startswith("\t"):
        cur += " " + line.strip()
if cur is not None:
    out.append(cur)
for s in out:
    print(" ".join(s.split()))
' > pg.statements
check_statements pg.statements PostgreSQL 40
expect_grep 'AS c JOIN' pg.statements "the inferred-lineage joins are among them"
expect_grep '^SELECT count' pg.statements "counts (re-identification, retention) are among them"

# ---- MariaDB ----------------------------------------------------------------
my -e "CREATE DATABASE $db" || fail "create $db on MariaDB"
"$STEWARD" demo --sql mysql | my "$db" >/dev/null || fail "load the demo into MariaDB"
my -e "SET GLOBAL general_log_file = '$mylog'; SET GLOBAL general_log = 1"
MY="mysql://$TESTDB_MY_USER@127.0.0.1:$TESTDB_MY_PORT/$db"
expect_rc 0 "$STEWARD" scan "$MY" --sample-views -o my.json
my -e "SET GLOBAL general_log = 0"
# "[TIME\t]  ID Command\tArgument": the threads that connected to $db, then
# their Query lines (the log holds other tests' sessions too).
python3 - "$mylog" "$db" > my.statements <<'PY'
import re, sys
path, db = sys.argv[1], sys.argv[2]
ours, cur, out = set(), None, []
for line in open(path, errors="replace"):
    line = line.rstrip("\n")
    m = re.match(r"^(?:\d{6}\s+[\d:]+)?\s+(\d+) (\w[\w ]*?)\t(.*)$", line)
    if m:
        if cur is not None:
            out.append(cur)
        cur = None
        tid, cmd, arg = m.groups()
        if cmd == "Connect" and (" on %s " % db) in (arg + " "):
            ours.add(tid)
        elif cmd == "Query" and tid in ours:
            cur = arg
    elif cur is not None:
        cur += " " + line.strip()
if cur is not None:
    out.append(cur)
for s in out:
    print(" ".join(s.split()))
PY
check_statements my.statements MariaDB 30
expect_grep 'AS c JOIN' my.statements "the inferred-lineage joins are among them (MariaDB)"
finish
