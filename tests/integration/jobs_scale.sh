# --jobs on a catalog of many small related tables, on real PostgreSQL and
# MariaDB (issue 19): 48 customer tables, each with an orders table whose
# key points at it and which copies the customer's e-mail.  With --jobs 3
# the samples, the joins that find those copies, the retention counts and
# the re-identification counts (a birth date per customer, a retention
# limit on contact data) run on three connections (the trace numbers
# them), and the inventory is the one --jobs 1 writes; the workers take
# the costliest tables first.
. "$STEWARD_SRC/tests/lib.sh"
need_servers

export MYSQL_PWD=$TESTDB_MY_PASSWORD
db=stw_t_$$_jobs
cleanup() {
	pg -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	my -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
}
trap cleanup EXIT

cd "$TEST_TMP" || exit 1
N=48
{
	for i in $(seq 1 $N); do
		echo "CREATE TABLE cust_$i (id int PRIMARY KEY, email varchar(80), full_name varchar(80), birth_date date, created_at date);"
		echo "CREATE TABLE orders_$i (id int PRIMARY KEY, cust_id int, contact varchar(80), total int, FOREIGN KEY (cust_id) REFERENCES cust_$i (id));"
		# table i has 20 + i rows: their sizes differ, so "costliest first" has an order
		for r in $(seq 1 $((20 + i))); do
			echo "INSERT INTO cust_$i VALUES ($r, 'user$r.t$i@example.org', 'Name $r', '$((1940 + r))-06-15', '2020-0$((1 + r % 9))-01');"
			echo "INSERT INTO orders_$i VALUES ($r, $r, 'user$r.t$i@example.org', $((r * 3)));"
		done
	done
} > schema.sql
printf 'categories:\n  user.contact:\n    retention: 1y\n    anchor: [created_at]\n' > steward.yaml
pg -d postgres -c "CREATE DATABASE $db" >/dev/null || { fail "cannot create $db"; finish; exit 1; }
pg -d "$db" -f schema.sql >/dev/null && pg -d "$db" -c ANALYZE >/dev/null \
	|| { fail "cannot load the PostgreSQL tables"; finish; exit 1; }
my -e "CREATE DATABASE $db" && my "$db" < schema.sql && my "$db" -e "ANALYZE TABLE cust_1, orders_1" >/dev/null \
	|| { fail "cannot load the MariaDB tables"; finish; exit 1; }

for dsn in "postgres://$PGUSER@127.0.0.1:$PGPORT/$db" "mysql://$TESTDB_MY_USER@127.0.0.1:$TESTDB_MY_PORT/$db"; do
	e=${dsn%%:*}
	STEWARD_TRACE=sql expect_rc 0 "$STEWARD" scan -c steward.yaml "$dsn" --jobs 1 --sample 200 --as-of 2026-01-01 -o "$e.j1.json" --progress never
	cp "$TEST_TMP/err" "$e.j1.trace"
	STEWARD_TRACE=sql expect_rc 0 "$STEWARD" scan -c steward.yaml "$dsn" --jobs 3 --sample 200 --as-of 2026-01-01 -o "$e.j3.json" --progress never
	cp "$TEST_TMP/err" "$e.j3.trace"
	# The server's principals are left out: they are the whole server's
	# (tests running beside this one make and drop users between scans).
	expect_eq "$(jq -S 'del(.generated_at, .sources[].access.principals)' "$e.j3.json" | sha256sum)" \
		"$(jq -S 'del(.generated_at, .sources[].access.principals)' "$e.j1.json" | sha256sum)" \
		"$e: --jobs 3 writes the inventory --jobs 1 writes"
	expect_eq "$(jq '[.lineage[] | select(.kind == "inferred" and .inference.method == "join")] | length' "$e.j3.json")" \
		$N "$e: a copy by join for every orders table"
	# joins ran on more than one connection, and samples did too
	joins=$(grep -E 'conn=[0-9]+ .*JOIN' "$e.j3.trace" | sed -n 's/.*conn=\([0-9]*\) .*/\1/p' | sort -u | wc -l)
	[ "$joins" -ge 2 ] && pass || fail "$e: the joins ran on $joins connection(s), want 2 or more"
	samples=$(grep -E 'conn=[0-9]+ .*FROM .*cust_' "$e.j3.trace" | grep -v JOIN | sed -n 's/.*conn=\([0-9]*\) .*/\1/p' | sort -u | wc -l)
	[ "$samples" -ge 2 ] && pass || fail "$e: the samples ran on $samples connection(s), want 2 or more"
	expect_eq "$(grep -c JOIN "$e.j3.trace")" "$(grep -c JOIN "$e.j1.trace")" "$e: as many joins with --jobs 3"
	# the counts after the samples: measured for every table, on several connections
	expect_eq "$(jq '[.sources[0].tables[] | select(.retention.rows_over_limit != null and .retention.rows_over_limit > 0)] | length' "$e.j3.json")" \
		$N "$e: every customer table (the orders have no anchor column) is past its retention limit"
	expect_eq "$(jq '[.sources[0].tables[] | select(.reidentification.quasi_identifiers == ["birth_date"])] | length' "$e.j3.json")" \
		$N "$e: every customer table's birth dates are counted"
	for what in 'count\(\*\) FILTER|COUNT\(CASE WHEN' 'stw_g'; do
		conns=$(grep -E "conn=[0-9]+ .*($what)" "$e.j3.trace" | sed -n 's/.*conn=\([0-9]*\) .*/\1/p' | sort -u | wc -l)
		[ "$conns" -ge 2 ] && pass || fail "$e: the counts matching '$what' ran on $conns connection(s), want 2 or more"
		expect_eq "$(grep -cE "$what" "$e.j3.trace")" "$(grep -cE "$what" "$e.j1.trace")" "$e: as many '$what' counts with --jobs 3"
	done
	# the costliest table (the most rows) is sampled first with --jobs 1
	first=$(grep -E 'FROM .*(cust|orders)_[0-9]+' "$e.j1.trace" | grep -v JOIN | head -1 | grep -oE '(cust|orders)_[0-9]+' | head -1)
	case $first in
	cust_$N|orders_$N) pass ;;
	*) fail "$e: the first table sampled is $first, want one of the $((20 + N))-row tables" ;;
	esac
done
finish
