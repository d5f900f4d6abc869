# The PostgreSQL connector against a real server: hostile names (quotes,
# spaces, backticks, unicode, reserved words), empty tables, NULL-only
# columns, huge text and bytea values, a view, a materialized view, a
# partitioned table, composite keys, a trigger, a user without SELECT on
# one table, a statement timeout, a wrong password, --jobs, --include and
# --exclude, and read-only SQL only.
. "$STEWARD_SRC/tests/lib.sh"
need_servers

db=stw_t_$$_pg
ro=stw_t_$$_ro
ropw=ro-$$-pw
cleanup() {
	pg -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	pg -d postgres -c "DROP ROLE IF EXISTS $ro" >/dev/null 2>&1
}
trap cleanup EXIT

pg -d postgres -c "CREATE DATABASE $db" >/dev/null || { fail "cannot create $db"; finish; exit 1; }
pg -d "$db" -f "$STEWARD_SRC/tests/integration/fixtures/hostile_pg.sql" >/dev/null \
	|| { fail "cannot load hostile_pg.sql"; finish; exit 1; }
pg -d "$db" >/dev/null <<SQL || { fail "cannot create the read-only role"; finish; exit 1; }
CREATE ROLE $ro LOGIN PASSWORD '$ropw';
GRANT USAGE ON SCHEMA public, "we""ird schema" TO $ro;
GRANT SELECT ON ALL TABLES IN SCHEMA public, "we""ird schema" TO $ro;
REVOKE SELECT ON public.secret FROM $ro;
CREATE VIEW public.zz_slow AS SELECT pg_sleep(5)::text AS note, 'x@example.com'::text AS email;
SQL
dsn="postgres://$PGUSER@127.0.0.1:$PGPORT/$db"
inv=$TEST_TMP/inv.json
q() { jq -r "$1" "${2:-$inv}"; }
T='.sources[0].tables[]'

# --- the full scan: a catalog, samples, findings; only SELECTs sent --------
STEWARD_TRACE=sql expect_rc 0 "$STEWARD" scan "$dsn" --exclude 'public.zz_slow' --sample 100 \
	-o "$inv" --progress never
cp "$TEST_TMP/err" "$TEST_TMP/trace"
expect_eq "$(q '.sources[0].status')" ok "status"
expect_eq "$(q '.sources[0].engine')" postgres "engine"
expect_eq "$(q "[$T | \"\(.schema).\(.name)\"] | sort | join(\"|\")")" \
	'public.audit|public.customers|public.empty_one|public.events|public.events_2024|public.events_2025|public.mv_emails|public.pair|public.pair_ref|public.secret|public.select|public.v "quoted"|we"ird schema.Tab le "x"' \
	"tables, partitions too"
expect_eq "$(q "$T | select(.name == \"Tab le \\\"x\\\"\") | [.columns[].name] | join(\"|\")")" \
	'e-mail address|select|back`tick|naïve ünïcode|blobby|nothing' "hostile column names, catalog order"
expect_eq "$(q "$T | select(.name == \"customers\") | [.rows_estimate, .rows_sampled, .sample_method] | join(\",\")")" \
	"30000,100,tablesample_system" "large table: TABLESAMPLE SYSTEM"
expect_eq "$(q "$T | select(.name == \"customers\") | [.columns[] | \"\(.name):\(.type):\(.nullable)\"] | join(\"|\")")" \
	"id:bigint:false|email:text:false|Kundenstraße:text:true|photo:bytea:true|nothing:text:true|created_at:timestamp with time zone:true" \
	"types and nullability"
expect_eq "$(q "$T | select(.name == \"pair\") | .primary_key | join(\",\")")" "a,b" "composite primary key"
expect_eq "$(q "$T | select(.name == \"pair_ref\") | .foreign_keys[0] | \"\(.columns | join(\",\"))->\(.ref_table)(\(.ref_columns | join(\",\")))\"")" \
	"pa,pb->pair(a,b)" "composite foreign key"
expect_eq "$(q "$T | select(.name == \"select\") | .foreign_keys[0] | \"\(.columns[0])->\(.ref_table).\(.ref_columns[0])\"")" \
	"customer_id->customers.id" "foreign key from a reserved-word table"
expect_eq "$(q "$T | select(.name == \"v \\\"quoted\\\"\") | .kind")" view "view kind"
expect_grep 'c\.email AS mail' <(q "$T | select(.kind == \"view\") | .definition")
expect_eq "$(q "$T | select(.name == \"mv_emails\") | .kind")" materialized_view "materialized view kind"
expect_eq "$(q "$T | select(.name == \"events\") | \"\(.kind) \(.rows_estimate)\"")" "partitioned_table 2000" \
	"partitioned table with its partitions' rows"
expect_eq "$(q "$T | select(.name == \"events_2024\") | \"\(.kind) \(.partition_of.schema).\(.partition_of.table) \(.rows_sampled) \(.classified_by)\"")" \
	"partition public.events null lineage" "a partition: its parent, not sampled"
expect_eq "$(q '[.lineage[] | select(.kind == "partition" and .to.table == "events_2025") | "\(.from.table).\(.from.column)>\(.to.column)"] | join(",")')" \
	"events.at>at,events.email>email,events.id>id" "partition edges, column by column"
expect_eq "$(q "$T | select(.name == \"events_2025\") | .columns[] | select(.name == \"email\") | .findings[0] | \"\(.category) \(.evidence) \(.inherited_from)\"")" \
	"user.contact.email inherited $db.public.events.email" "a partition carries its parent's findings"
expect_eq "$(q "[$T | select(.kind == \"partition\") | .triggers[]] | length")" 0 "no clone triggers on partitions"
expect_eq "$(q "$T | select(.name == \"customers\") | .triggers[0] | \"\(.name) \(.timing) \(.event)\"")" \
	"trg AFTER INSERT OR UPDATE" "trigger"
expect_grep 'INSERT INTO public\.audit' <(q "$T | select(.name == \"customers\") | .triggers[0].definition")
expect_eq "$(q "$T | select(.name == \"empty_one\") | \"\(.rows_estimate) \(.rows_sampled)\"")" "0 0" "empty table"
expect_eq "$(q "$T | select(.name == \"select\") | \"\(.rows_sampled) \(.error)\"")" "1 null" \
	"huge text and bytea values: sampled, no error"
expect_eq "$(q "[$T | select(.error != null)] | length")" 0 "no table errors as the owner"
expect_eq "$(q "$T | select(.name == \"customers\") | .columns[] | select(.name == \"email\") | [.findings[].category] | index(\"user.contact.email\") != null")" \
	true "email column classified from sampled values"
expect_no_grep 'secretvalue|zzzzzzzzzz|078-05-1120' "$inv" "a raw sampled value reached the inventory"
expect_no_grep 'testpw' "$inv" "a password reached the inventory"
# Every statement steward sent is a read (or a transaction bracket around reads).
grep '^steward-trace: postgres' "$TEST_TMP/trace" | sed 's/^steward-trace: postgres conn=[0-9]* [0-9.]* ms: //' > "$TEST_TMP/sql"
expect_grep '^SELECT .* TABLESAMPLE SYSTEM' "$TEST_TMP/sql"
expect_no_grep '^(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|TRUNCATE|GRANT|COPY|LOCK|VACUUM|ANALYZE)' "$TEST_TMP/sql" \
	"a statement that is not a read"
expect_eq "$(grep -cvE '^(SELECT|BEGIN TRANSACTION .*READ ONLY|ROLLBACK|COMMIT)' "$TEST_TMP/sql")" 0 \
	"only SELECT and read-only transactions"
# A fixed number of catalog queries, not one per table.
# (four for the catalog, seven for the access audit: docs/pia.md)
expect_eq "$(grep -c 'FROM pg_' "$TEST_TMP/sql")" 11 "eleven catalog queries"

# --- --jobs 4 gives the same inventory -----------------------------------
expect_rc 0 "$STEWARD" scan "$dsn" --exclude 'public.zz_slow' --sample 100 --jobs 4 -o "$TEST_TMP/j4.json"
# (less the cluster's roles, which tests beside this one make and drop)
expect_eq "$(jq -S 'del(.generated_at, .sources[].access.principals)' "$TEST_TMP/j4.json" | sha256sum)" \
	"$(jq -S 'del(.generated_at, .sources[].access.principals)' "$inv" | sha256sum)" \
	"--jobs 4: same inventory as --jobs 1"

# --- include / exclude globs ----------------------------------------------
expect_rc 0 "$STEWARD" scan "$dsn" --include 'we"ird schema.*' --include 'public.p*' \
	--exclude 'public.pair_ref' --sample 0 -o "$TEST_TMP/inc.json"
expect_eq "$(q "[$T | \"\(.schema).\(.name)\"] | join(\"|\")" "$TEST_TMP/inc.json")" \
	'public.pair|we"ird schema.Tab le "x"' "include/exclude globs"

# --- a user without SELECT on one table: reported, not fatal ------------------
PGPASSWORD=$ropw expect_rc 0 "$STEWARD" scan "postgres://$ro@127.0.0.1:$PGPORT/$db" \
	--exclude 'public.zz_slow' --sample 100 -o "$TEST_TMP/ro.json"
expect_eq "$(q '.sources[0].status' "$TEST_TMP/ro.json")" ok "no SELECT on one table: source still ok"
expect_grep 'permission denied' <(q "$T | select(.name == \"secret\") | .error" "$TEST_TMP/ro.json")
expect_eq "$(q "$T | select(.name == \"customers\") | .rows_sampled" "$TEST_TMP/ro.json")" 100 \
	"the other tables are still sampled"

# --- views are not run by default; a slow view under its own timeout --------
STEWARD_TRACE=sql expect_rc 0 "$STEWARD" scan "$dsn" --include 'public.zz_slow' -o "$TEST_TMP/slow.json"
expect_no_grep 'pg_sleep|zz_slow' "$TEST_TMP/err" "a default scan ran the view"
expect_eq "$(q "$T | [.classified_by, .rows_sampled] | join(\",\")" "$TEST_TMP/slow.json")" "lineage," \
	"a view not run: classified from lineage, nothing sampled"
expect_eq "$(q "$T | .columns[] | select(.name == \"email\") | .findings[0].category" "$TEST_TMP/slow.json")" \
	user.contact.email "the view's own column names still count"
expect_eq "$(q '.sources[0].lineage | "\(.views) \(.column_level)"' "$TEST_TMP/slow.json")" "1 1" \
	"lineage summary: the view is seen through"
t0=$(date +%s)
expect_rc 0 "$STEWARD" scan "$dsn" --include 'public.zz_slow' --sample-views --view-timeout 1 \
	-o "$TEST_TMP/slow.json"
expect_eq "$(( $(date +%s) - t0 < 4 ))" 1 "the view was stopped after its own 1 s timeout"
expect_grep 'view not sampled: .*statement timed out after 1 s' <(q "$T | .error" "$TEST_TMP/slow.json")
expect_eq "$(q '.sources[0].status' "$TEST_TMP/slow.json")" ok "a view that timed out leaves the source ok"
expect_eq "$(q "$T | .classified_by" "$TEST_TMP/slow.json")" lineage "a timed-out view falls back to lineage"
# A table that cannot be read within --timeout (another session holds a
# lock on it) makes the source partial.
pg -d "$db" -c "BEGIN; LOCK TABLE public.pair IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(8); COMMIT" \
	>/dev/null 2>&1 &
locker=$!
for _ in $(seq 50); do
	[ "$(pg -d "$db" -At -c "SELECT count(*) FROM pg_locks WHERE mode = 'AccessExclusiveLock' AND relation = 'public.pair'::regclass")" = 1 ] && break
	sleep 0.1
done
expect_rc 3 "$STEWARD" scan "$dsn" --include 'public.pair' --timeout 1 -o "$TEST_TMP/locked.json"
expect_grep 'timed out after 1 s' <(q "$T | .error" "$TEST_TMP/locked.json")
expect_eq "$(q '.sources[0].status' "$TEST_TMP/locked.json")" partial "a timed-out table makes the source partial"
kill "$locker" 2>/dev/null || :; wait "$locker" 2>/dev/null || :

# --- the password from ${ENV} in steward.yaml, PGPASSWORD unset ------------------
cat > "$TEST_TMP/steward.yaml" <<YAML
sources:
  - name: shop
    dsn: "postgres://$PGUSER:\${STW_T_PG_PW}@127.0.0.1:$PGPORT/$db"
YAML
(pw=$PGPASSWORD; unset PGPASSWORD; STW_T_PG_PW=$pw PGPASSFILE=/nonexistent expect_rc 0 "$STEWARD" scan -c "$TEST_TMP/steward.yaml" \
	--include 'public.pair' -o "$TEST_TMP/env.json"; finish >/dev/null) || fail "\${ENV} password in steward.yaml"
expect_eq "$(q '.sources[0] | "\(.name) \(.status) \(.dsn)"' "$TEST_TMP/env.json")" \
	"shop ok postgres://$PGUSER:***@127.0.0.1:$PGPORT/$db" "\${ENV} password: scanned, redacted DSN"

# --- a wrong password: exit 3, one clear line, no password anywhere ------------
bad=Wr0ng-$$-Secret
PGPASSWORD=$bad expect_rc 3 "$STEWARD" scan "$dsn" -o "$TEST_TMP/bad.json"
expect_grep 'password authentication failed for user "steward"' "$TEST_TMP/err"
expect_eq "$(wc -l < "$TEST_TMP/err")" 1 "one line of error"
expect_no_grep "$bad" "$TEST_TMP/err" "the password was printed"
expect_no_grep "$bad" "$TEST_TMP/bad.json" "the password reached the inventory"
expect_eq "$(q '.sources[0].status' "$TEST_TMP/bad.json")" error "wrong password: source error"
expect_rc 3 "$STEWARD" scan "postgres://$PGUSER:$bad@127.0.0.1:$PGPORT/$db" -o "$TEST_TMP/bad2.json"
expect_grep 'password authentication failed' "$TEST_TMP/err"
expect_no_grep "$bad" "$TEST_TMP/err" "a password in the DSN was printed"
expect_no_grep "$bad" "$TEST_TMP/bad2.json" "a password in the DSN reached the inventory"
expect_grep '"postgres://steward:\*\*\*@' "$TEST_TMP/bad2.json"
expect_rc 3 "$STEWARD" scan "host=127.0.0.1 port=$PGPORT user=$PGUSER dbname=$db password=$bad" \
	-o "$TEST_TMP/bad3.json"
expect_no_grep "$bad" "$TEST_TMP/err" "a keyword-string password was printed"
expect_no_grep "$bad" "$TEST_TMP/bad3.json" "a keyword-string password reached the inventory"
# sslpassword and a password repeated in application_name stay out too
expect_rc 3 "$STEWARD" scan "postgres://$PGUSER:$bad@127.0.0.1:$PGPORT/$db?sslpassword=$bad&application_name=x$bad" \
	-o "$TEST_TMP/bad4.json"
expect_no_grep "$bad" "$TEST_TMP/err" "sslpassword / application_name printed"
expect_no_grep "$bad" "$TEST_TMP/bad4.json" "sslpassword / application_name in the inventory"
expect_grep 'sslpassword=\*\*\*&application_name=\*\*\*' "$TEST_TMP/bad4.json"

# --- notices: a view over a function that RAISEs the values it reads ---------
# libpq's default would print them to stderr, escapes and all (issue 20).
pg -d "$db" >/dev/null <<'SQL' || fail "cannot create the noisy view"
CREATE FUNCTION public.noisy(t text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'value=%', t || E'\033]0;owned\007';
  RAISE WARNING 'careful with %', t;
  RETURN t;
END $$;
CREATE TABLE public.zz_notes (id int PRIMARY KEY, note text);
INSERT INTO public.zz_notes VALUES (1, 'Leaky-Value-4711'), (2, 'Leaky-Value-4712');
CREATE VIEW public.zz_noisy AS SELECT id, public.noisy(note) AS note FROM public.zz_notes;
SQL
expect_rc 0 "$STEWARD" scan "$dsn" --include 'public.zz_no*' --sample-views -o "$TEST_TMP/noisy.json"
expect_no_grep 'Leaky-Value' "$TEST_TMP/err" "a notice printed a sampled value"
expect_no_grep $'\033' "$TEST_TMP/err" "a notice printed a terminal escape"
expect_grep 'the server sent a warning \(SQLSTATE 01000\) while steward read it; its text is not shown' "$TEST_TMP/err"
expect_rc 0 "$STEWARD" scan "$dsn" --include 'public.zz_no*' --sample-views -q -o "$TEST_TMP/noisy.json"
expect_eq "$(wc -c < "$TEST_TMP/err")" 0 "-q: nothing from the server at all"
finish
