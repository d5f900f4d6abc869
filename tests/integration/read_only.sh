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
# The read-only session carries a base table's one statement; only key
# ranges (one snapshot) and views (the user's code) get a transaction.
ranges=$(grep -c '^SELECT MIN(' my.statements)
views=$(jq '[.sources[].tables[] | select(.kind == "view" and (.rows_sampled // -1) >= 0)] | length' my.json)
if [ "$ranges" -ge 1 ] && [ "$views" -ge 1 ]; then pass; else fail "MariaDB: $ranges key-range samples and $views views sampled (want >= 1 each)"; fi
expect_eq "$(grep -c '^START TRANSACTION' my.statements)" "$((ranges + views))" \
	"MariaDB: a transaction for each key-range sample and each view, and for nothing else"

# ---- a view that writes -------------------------------------------------------
# --sample-views runs views, and a view over a function that writes must
# fail on the read-only session, the row never written.  On PostgreSQL the
# sample's SELECT is refused.  On MariaDB (where a sample of one statement
# has no transaction of its own: the session's READ ONLY is what stops a
# write) the server will not even open such a view for the catalog in a
# read-only session -- information_schema.COLUMNS leaves its columns out
# with warning 1792 -- so there is nothing to sample; the row must not be
# written either way.
w=${db}_w
cleanup_w() { pg -d postgres -c "DROP DATABASE IF EXISTS $w" >/dev/null 2>&1; my -e "DROP DATABASE IF EXISTS $w" >/dev/null 2>&1; cleanup; }
trap cleanup_w EXIT
pg -d postgres -c "CREATE DATABASE $w" >/dev/null || fail "create $w"
pg -d "$w" >/dev/null <<'SQL' || fail "PostgreSQL writing view"
CREATE TABLE audit_log (x int);
CREATE FUNCTION log_read(a int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit_log VALUES (a); RETURN a; END $$;
CREATE VIEW logged_reads AS SELECT CONCAT(log_read(1), '@example.org') AS email;
-- a_flip turns the session's lock timeout off for good; b_probe, sampled
-- after it on the same connection, says an e-mail address if it is off.
-- PostgreSQL undoes a SET when its transaction rolls back, and steward
-- rolls back every sample's (MariaDB keeps it: the session is set again).
CREATE FUNCTION no_lock_timeout() RETURNS int LANGUAGE plpgsql AS $$ BEGIN PERFORM set_config('lock_timeout', '0', false); RETURN 1; END $$;
CREATE VIEW a_flip AS SELECT no_lock_timeout()::text AS email;
CREATE VIEW b_probe AS SELECT CASE WHEN current_setting('lock_timeout') = '0' THEN 'x' || g || '@example.org' ELSE 'on' END AS email FROM generate_series(1, 20) g;
SQL
my -e "CREATE DATABASE $w" || fail "create $w on MariaDB"
my "$w" <<'SQL' || fail "MariaDB writing view"
CREATE TABLE audit_log (x int);
DELIMITER //
CREATE FUNCTION log_read(a int) RETURNS int MODIFIES SQL DATA BEGIN INSERT INTO audit_log VALUES (a); RETURN a; END//
DELIMITER ;
CREATE VIEW logged_reads AS SELECT CONCAT(log_read(1), '@example.org') AS email;
DELIMITER //
CREATE FUNCTION flip() RETURNS int CONTAINS SQL BEGIN SET SESSION tx_read_only = 0; RETURN 1; END//
DELIMITER ;
CREATE VIEW a_flip AS SELECT CONCAT(flip(), '@example.org') AS email;
CREATE FUNCTION session_ro() RETURNS int CONTAINS SQL RETURN @@session.tx_read_only;
CREATE VIEW b_probe AS SELECT CASE WHEN session_ro() = 0 THEN CONCAT('x', seq, '@example.org') ELSE 'on' END AS email FROM seq_1_to_20;
SQL
"$STEWARD" scan "postgres://$PGUSER@127.0.0.1:$PGPORT/$w" "mysql://$TESTDB_MY_USER@127.0.0.1:$TESTDB_MY_PORT/$w" \
	--sample-views -o w.json > /dev/null 2>&1 || true
expect_eq "$(jq -r '.sources[] | select(.engine == "postgres") | .tables[] | select(.name == "logged_reads") | .error // "none"' w.json | sed 's/.*read-only transaction.*/refused/I')" \
	refused "a view that writes is refused on PostgreSQL"
expect_eq "$(pg -d "$w" -Atc 'SELECT count(*) FROM audit_log')" 0 "no row written on PostgreSQL"
expect_eq "$(jq -r '.sources[] | select(.engine == "postgres") | .tables[] | select(.name == "b_probe") | "\(.rows_sampled) \([.columns[].findings[]] | length)"' w.json)" "20 0" \
	"a view's SET does not outlive it: the next view sees steward's lock timeout (its sample's transaction is rolled back)"
expect_eq "$(my -N "$w" -e 'SELECT count(*) FROM audit_log')" 0 "no row written on MariaDB"
expect_eq "$(jq -r '.sources[] | select(.engine == "mysql") | .tables[] | select(.name == "logged_reads") | "\(.columns | length) \(.error)"' w.json | cut -c1-20)" \
	"0 columns not listed" "MariaDB: the view the server would not open is marked, not listed empty"
# A view whose function turns the session read-write (MariaDB accepts
# that from a function): the view is read in a read-only transaction, and
# the session is made read-only again before the next statement.
STEWARD_TRACE=sql "$STEWARD" scan "mysql://$TESTDB_MY_USER@127.0.0.1:$TESTDB_MY_PORT/$w" --sample-views \
	-o flip.json > /dev/null 2> flip.trace || true
sed -n 's/^steward-trace: mysql conn=[0-9]* [0-9.]* ms: //p' flip.trace > flip.sql
expect_grep 'FROM `[^`]*`\.`a_flip`' flip.sql "the flipping view was sampled"
expect_eq "$(grep -B2 -A3 'FROM `[^`]*`\.`a_flip`' flip.sql | sed 's/ = [0-9][0-9]*/ = N/g; s/FROM .*/FROM the view/; s/^SELECT .*FROM/SELECT ... FROM/' | paste -sd'|')" \
	"START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY|SET SESSION max_statement_time = N|SELECT ... FROM the view|COMMIT|SET SESSION max_statement_time = N, lock_wait_timeout = N, innodb_lock_wait_timeout = N, time_zone = '+00:00'|SET SESSION TRANSACTION READ ONLY" \
	"a view runs in a read-only transaction, and the session is set again after it"
expect_eq "$(jq -r '.sources[].tables[] | select(.name == "b_probe") | "\(.rows_sampled) \([.columns[].findings[]] | length)"' flip.json)" "20 0" \
	"the next view sees a read-only session again"
finish
