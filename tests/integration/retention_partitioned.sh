# Retention on partitioned tables: every old row is counted once, whether
# the limit comes from a tables: entry naming the parent, a glob matching
# the parent and its partitions, or a categories: limit.
#
# PostgreSQL: "events" is RANGE-partitioned on a timestamptz, with a
# sub-partitioned partition (2024 -> two halves), a partition in another
# schema (archive.events_2025) and a DEFAULT partition; partitions are folded
# into the parent (one inventory entry).  "logs" uses table inheritance
# (INHERITS), where the child is a table of its own in the inventory: each
# table counts the rows it stores (FROM ONLY), so parent + child add up to
# the rows of the tree.  MariaDB: the same "events" with RANGE COLUMNS
# partitions (MAXVALUE catch-all); partitions are not tables there.
. "$STEWARD_SRC/tests/lib.sh"
need_servers

db=stw_t_$$_retpart
AS_OF=2026-06-30           # 365d limit -> cutoff 2025-06-30 00:00:00 UTC
export MYSQL_PWD=$TESTDB_MY_PASSWORD
cleanup() {
	pg -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	my -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
}
trap cleanup EXIT

# Rows of events, "timestamp|over?": 9 over the limit, 6 not (one exactly
# at the cutoff, which is not over).  Bounds of the partitions are fixed
# dates, so the rows are too.
EVENTS="2024-02-10 08:00:00|1
2024-05-01 12:00:00|1
2024-08-15 09:30:00|1
2024-12-31 23:59:59|1
2025-01-01 00:00:00|1
2025-03-03 03:03:03|1
2025-06-29 23:59:59|1
2025-06-30 00:00:00|0
2025-09-01 10:00:00|0
2025-12-31 00:00:00|0
2023-01-15 00:00:00|1
2023-11-30 18:00:00|1
2026-03-01 00:00:00|0
2026-06-29 00:00:00|0
2026-06-30 12:00:00|0"
EV_OVER=$(printf '%s\n' "$EVENTS" | grep -c '|1$')
EV_OLDEST=2023-01-15
# $1: timestamp suffix ("+00" on PostgreSQL)
event_rows() {
	local i=0 ts
	printf '%s\n' "$EVENTS" | while IFS='|' read -r ts _; do
		i=$((i + 1))
		echo "INSERT INTO events (id, email, created_at) VALUES ($i, 'e$i@example.com', '$ts$1');"
	done
}

pg_fixture() {
	cat <<'SQL'
CREATE SCHEMA archive;
CREATE TABLE events (id INTEGER NOT NULL, email VARCHAR(100), created_at TIMESTAMPTZ NOT NULL)
	PARTITION BY RANGE (created_at);
CREATE TABLE events_2024 PARTITION OF events
	FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00')
	PARTITION BY RANGE (created_at);
CREATE TABLE events_2024_h1 PARTITION OF events_2024
	FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2024-07-01 00:00:00+00');
CREATE TABLE events_2024_h2 PARTITION OF events_2024
	FOR VALUES FROM ('2024-07-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');
CREATE TABLE archive.events_2025 PARTITION OF events
	FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2026-01-01 00:00:00+00');
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE TABLE logs (id INTEGER, email VARCHAR(100), created_at TIMESTAMPTZ);
CREATE TABLE logs_child (extra TEXT) INHERITS (logs);
-- logs stores 1 old + 1 new row; logs_child 2 old + 1 new.
INSERT INTO logs VALUES (1, 'l1@example.com', '2020-01-01 00:00:00+00'), (2, 'l2@example.com', '2026-06-01 00:00:00+00');
INSERT INTO logs_child VALUES (3, 'l3@example.com', '2021-03-04 00:00:00+00', 'x'),
	(4, 'l4@example.com', '2025-06-29 00:00:00+00', 'y'), (5, 'l5@example.com', '2026-01-01 00:00:00+00', 'z');
SQL
	event_rows "+00"
	echo "ANALYZE;"
}
my_fixture() {
	cat <<'SQL'
CREATE TABLE events (id INTEGER NOT NULL, email VARCHAR(100), created_at DATETIME NOT NULL,
	PRIMARY KEY (id, created_at))
	PARTITION BY RANGE COLUMNS (created_at) (
	PARTITION p2024 VALUES LESS THAN ('2025-01-01 00:00:00'),
	PARTITION p2025 VALUES LESS THAN ('2026-01-01 00:00:00'),
	PARTITION pmax VALUES LESS THAN (MAXVALUE));
SQL
	event_rows ""
	echo "ANALYZE TABLE events;"
}
pg -d postgres -c "CREATE DATABASE $db" >/dev/null || { fail "cannot create the PostgreSQL database"; finish; exit 1; }
pg_fixture | pg -d "$db" >/dev/null || { fail "fixture does not load into PostgreSQL"; finish; exit 1; }
my -e "CREATE DATABASE $db" || { fail "cannot create the MariaDB database"; finish; exit 1; }
my_fixture | my "$db" >/dev/null || { fail "fixture does not load into MariaDB"; finish; exit 1; }

# The fixture is what the expectations assume: rows really are in several
# partitions, and the engines agree with the hand count.
expect_eq "$EV_OVER" 9 "fixture: rows over the limit"
expect_eq "$(pg -d "$db" -At -c "SELECT string_agg(tableoid::regclass::text || '=' || n, ',' ORDER BY tableoid::regclass::text) FROM (SELECT tableoid, count(*) n FROM events GROUP BY tableoid) s")" \
    "archive.events_2025=6,events_2024_h1=2,events_2024_h2=2,events_default=5" "fixture: PostgreSQL partitions"
expect_eq "$(pg -d "$db" -At -c "SELECT count(*) FROM events WHERE created_at < '2025-06-30 00:00:00+00'")" "$EV_OVER" "fixture: PostgreSQL old rows"
# (information_schema.PARTITIONS.TABLE_ROWS is an estimate: count instead.)
expect_eq "$(for p in p2024 p2025 pmax; do printf '%s=%s,' $p "$(my -N "$db" -e "SELECT COUNT(*) FROM events PARTITION ($p)")"; done)" \
    "p2024=6,p2025=6,pmax=3," "fixture: MariaDB partitions (no lower bound: 2023 is in p2024)"
expect_eq "$(my -N "$db" -e "SELECT COUNT(*) FROM events WHERE created_at < '2025-06-30 00:00:00'")" "$EV_OVER" "fixture: MariaDB old rows"

# $1: variant name; stdin: the retention part of steward.yaml
config() {
	cat > "$TEST_TMP/$1.yaml" <<YAML
sources:
  - name: pg
    dsn: postgres://$PGUSER@127.0.0.1:$PGPORT/$db
  - name: my
    dsn: mysql://$TESTDB_MY_USER@127.0.0.1:$TESTDB_MY_PORT/$db
YAML
	cat >> "$TEST_TMP/$1.yaml"
}
# retention facts of every table that has a block: "source table limit rows exact"
inv_ret() {
	jqr '.sources[] | .name as $s | .tables[] | select(.retention != null) |
	    "\($s) \(.name) \(.retention.limit_days) \(.retention.rows_over_limit) \(.retention.exact)"' "$1" | sort | tr '\n' '|'
}
# report: "source kind table rows" for every open violation
rpt_viol() {
	jqr '.violations[] | "\(.source) \(.kind) \(.table) \(.rows // "-")"' "$1" | sort | tr '\n' '|'
}
# report: the rows over the limit, summed per source over the retention table
rpt_sum() {
	jqr '[.retention[] | select(.rows_over_limit != null)] | group_by(.source) |
	    map("\(.[0].source)=\(map(.rows_over_limit) | add)") | join(",")' "$1"
}

# $1 variant, $2 expected inventory retention facts, $3 expected violations,
# $4 expected per-source sums
check_variant() {
	local v=$1 inv=$TEST_TMP/$1.json rpt=$TEST_TMP/$1-report.json
	expect_rc 0 "$STEWARD" scan -c "$TEST_TMP/$v.yaml" --as-of $AS_OF --sample 0 -o "$inv" --progress never
	validate_schema "$STEWARD_SRC/docs/inventory.schema.json" "$inv"
	# PostgreSQL lists each partition with its parent (sub-partitions with
	# theirs); MariaDB partitions are not tables.  Retention is measured on
	# the partitioned parent alone.
	expect_eq "$(jqr '[.sources[] | .name as $s | .tables[] | select(.name | startswith("events")) | "\($s):\(.schema):\(.name):\(.kind)\(if .partition_of then "<" + .partition_of.schema + "." + .partition_of.table else "" end)"] | sort | join(",")' "$inv")" \
	    "my:$db:events:partitioned_table,pg:archive:events_2025:partition<public.events,pg:public:events:partitioned_table,pg:public:events_2024:partition<public.events,pg:public:events_2024_h1:partition<public.events_2024,pg:public:events_2024_h2:partition<public.events_2024,pg:public:events_default:partition<public.events" \
	    "$v: partitions listed with their parents"
	expect_eq "$(jqr '[.sources[] | .tables[] | select(.kind == "partition") | select(.retention != null or .rows_sampled != null)] | length' "$inv")" 0 \
	    "$v: partitions are neither measured nor sampled"
	expect_eq "$(jqr '.sources[] | select(.name == "pg") | .tables[] | select(.name == "events") | .rows_estimate' "$inv")" 15 "$v: pg parent estimate covers every partition"
	expect_eq "$(jqr '[.sources[] | .tables[] | select(.name == "events") | .retention.oldest[0:10]] | join(",")' "$inv")" \
	    "$EV_OLDEST,$EV_OLDEST" "$v: oldest over all partitions"
	expect_eq "$(inv_ret "$inv")" "$2" "$v: inventory retention"
	expect_rc 0 "$STEWARD" report "$inv" -c "$TEST_TMP/$v.yaml" --format json -o "$rpt"
	expect_eq "$(rpt_viol "$rpt")" "$3" "$v: report violations"
	expect_eq "$(rpt_sum "$rpt")" "$4" "$v: report rows over the limit per source"
}

# 1. tables: entries naming the parent exactly.  An entry naming a partition
# (events_2024, 30d) has nothing to apply to: the partition's rows are the
# parent's, measured under the parent's limit.  An entry naming only the
# inheritance parent covers the parent's own rows; the child is another
# table that no entry names (so nothing limits it).
config exact <<YAML
tables:
  "pg.public.events_2024": { retention: 30d }
  "pg.public.events": { retention: 365d }
  "my.$db.events": { retention: 365d }
  "pg.public.logs": { retention: 365d }
YAML
check_variant exact \
    "my events 365 $EV_OVER true|pg events 365 $EV_OVER true|pg logs 365 1 true|" \
    "my retention events $EV_OVER|pg retention events $EV_OVER|pg retention logs 1|" \
    "my=$EV_OVER,pg=$((EV_OVER + 1))"

# 2. A glob matching the parents and (by name) every partition and the child.
config glob <<YAML
tables:
  "*.*.events*": { retention: 365d }
  "*.*.logs*": { retention: 365d }
YAML
check_variant glob \
    "my events 365 $EV_OVER true|pg events 365 $EV_OVER true|pg logs 365 1 true|pg logs_child 365 2 true|" \
    "my retention events $EV_OVER|pg retention events $EV_OVER|pg retention logs 1|pg retention logs_child 2|" \
    "my=$EV_OVER,pg=$((EV_OVER + 3))"

# 3. A categories: limit (every table holding the category).
config category <<YAML
categories:
  user.contact:
    retention: 365d
    anchor: [created_at]
YAML
check_variant category \
    "my events 365 $EV_OVER true|pg events 365 $EV_OVER true|pg logs 365 1 true|pg logs_child 365 2 true|" \
    "my retention events $EV_OVER|pg retention events $EV_OVER|pg retention logs 1|pg retention logs_child 2|" \
    "my=$EV_OVER,pg=$((EV_OVER + 3))"

# The inheritance tree as PostgreSQL sees it: 3 old rows in all, which is
# what parent + child add up to (not 1 + 3 + 2).
expect_eq "$(pg -d "$db" -At -c "SELECT count(*) FROM logs WHERE created_at < '2025-06-30 00:00:00+00'")" 3 "fixture: inheritance tree old rows"

# Sampling follows the same rule: the inheritance parent is sampled for its
# own 2 rows (FROM ONLY), the child for its 3; the partitioned parent for
# all 15 rows of its partitions.
expect_rc 0 "$STEWARD" scan "postgres://$PGUSER@127.0.0.1:$PGPORT/$db" --sample 100 -o "$TEST_TMP/sampled.json" --progress never
expect_eq "$(jqr '[.sources[0].tables[] | select(.name == "logs" or .name == "logs_child" or .name == "events") | "\(.name)=\(.rows_sampled)"] | sort | join(",")' "$TEST_TMP/sampled.json")" \
    "events=15,logs=2,logs_child=3" "rows sampled per table of the trees"

# Partitions are counted in their parent: the report says how many there
# are and lists no findings of theirs, the map draws the parent alone, and
# next year's partition is no new personal data for the CI gate.
expect_rc 0 "$STEWARD" report "$TEST_TMP/sampled.json" --format text
expect_grep '^  5 partitions, counted in their partitioned table$' "$TEST_TMP/out"
expect_rc 0 "$STEWARD" report "$TEST_TMP/sampled.json" --format csv
expect_no_grep 'events_20' "$TEST_TMP/out" "the CSV report lists a partition's findings"
expect_rc 0 "$STEWARD" map "$TEST_TMP/sampled.json" --format dot -o "$TEST_TMP/map.dot"
expect_no_grep 'events_20|events_default' "$TEST_TMP/map.dot" "the map draws partitions"
pg -d "$db" -c "CREATE TABLE events_2030 PARTITION OF events FOR VALUES FROM ('2030-01-01 00:00:00+00') TO ('2031-01-01 00:00:00+00')" >/dev/null
expect_rc 0 "$STEWARD" scan "postgres://$PGUSER@127.0.0.1:$PGPORT/$db" --sample 100 -o "$TEST_TMP/next.json" --progress never
expect_eq "$(jqr '.sources[0].tables[] | select(.name == "events_2030") | .columns[] | select(.name == "email") | .findings[0].category' "$TEST_TMP/next.json")" \
    user.contact.email "a new partition carries its parent's findings"
expect_rc 0 "$STEWARD" check "$TEST_TMP/next.json" --baseline "$TEST_TMP/sampled.json" --format json
expect_no_grep 'events_2030' "$TEST_TMP/out" "a new partition is reported by the gate"
finish
