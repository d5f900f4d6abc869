# Lineage of the demo database on all three engines (issue 5, "done when"):
# foreign keys, the column lineage of every demo view, the email-audit
# trigger into customer_email_history, asserted edge by edge; the engines
# must agree; categories propagate into the views; `steward demo` draws the
# path from customers.email to the marketing view and the analytics copy,
# coloured.
. "$STEWARD_SRC/tests/lib.sh"
need_servers

db=stw_t_$$_lineage
export MYSQL_PWD=$TESTDB_MY_PASSWORD
cleanup() {
	pg -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	my -e "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
}
trap cleanup EXIT

"$STEWARD" demo --sql postgres > "$TEST_TMP/demo-pg.sql" 2>"$TEST_TMP/err" \
	|| { fail "steward demo --sql postgres failed: $(head -1 "$TEST_TMP/err")"; finish; exit 1; }
"$STEWARD" demo --sql mysql > "$TEST_TMP/demo-my.sql" 2>"$TEST_TMP/err" \
	|| { fail "steward demo --sql mysql failed: $(head -1 "$TEST_TMP/err")"; finish; exit 1; }
"$STEWARD" demo -q -o "$TEST_TMP/d" >/dev/null 2>"$TEST_TMP/err"
[ -f "$TEST_TMP/d/inventory.json" ] || { fail "steward demo wrote no inventory: $(head -1 "$TEST_TMP/err")"; finish; exit 1; }
pg -d postgres -c "CREATE DATABASE $db" >/dev/null || { fail "cannot create the PostgreSQL database"; finish; exit 1; }
pg -d "$db" -f "$TEST_TMP/demo-pg.sql" >/dev/null || { fail "the demo SQL does not load into PostgreSQL"; finish; exit 1; }
my -e "CREATE DATABASE $db" || { fail "cannot create the MariaDB database"; finish; exit 1; }
my "$db" < "$TEST_TMP/demo-my.sql" >/dev/null || { fail "the demo SQL does not load into MariaDB"; finish; exit 1; }

expect_rc 0 "$STEWARD" scan "sqlite:$TEST_TMP/d/loyalty.db" -o "$TEST_TMP/sqlite.json" --progress never
expect_rc 0 "$STEWARD" scan "postgres://$PGUSER@127.0.0.1:$PGPORT/$db" -o "$TEST_TMP/pg.json" --progress never
expect_rc 0 "$STEWARD" scan "mysql://$TESTDB_MY_USER@127.0.0.1:$TESTDB_MY_PORT/$db" -o "$TEST_TMP/my.json" --progress never

# One line per edge, source and schema dropped (they differ by engine).
edges() {
	jq -r '.lineage[] | "\(.kind) \(.from.table).\(.from.column // "*") -> \(.to.table).\(.to.column // "*")"' "$1" | sort -u
}
for e in sqlite pg my; do
	edges "$TEST_TMP/$e.json" > "$TEST_TMP/$e.edges"
	# Every demo view parsed: no partial lineage, no table-level view edge.
	expect_eq "$(jq -r '[.sources[].tables[] | select(.error != null and (.error | test("lineage partial"))) | .name] | join(",")' "$TEST_TMP/$e.json")" "" "$e: no partial lineage"
	expect_no_grep '^(view|materialized_view) .*\*' "$TEST_TMP/$e.edges"
	# Edge by edge: keys, the marketing view, the order summary, the trigger.
	for want in \
		'fk customers.id -> orders.customer_id' \
		'view customers.email -> marketing_contacts.email' \
		'trigger customers.email -> customer_email_history.old_email' \
		'trigger customers.email -> customer_email_history.new_email'; do
		expect_grep "^$want\$" "$TEST_TMP/$e.edges" "$e: missing edge '$want'"
	done
	expect_grep '^view customers\.[a-z_]+ -> customer_order_summary\.' "$TEST_TMP/$e.edges" "$e: order summary reads customers"
	expect_grep '^view orders\.[a-z_]+ -> customer_order_summary\.' "$TEST_TMP/$e.edges" "$e: order summary reads orders"
	# The marketing view never gets an edge from the consent flag it filters on.
	expect_no_grep '^view [a-z_]+\.consent[a-z_]* -> marketing_contacts\.' "$TEST_TMP/$e.edges"
	# The view's email column is personal data too: sampled rows of the view
	# classify it directly, so propagation (unit-tested in test_lineage) adds
	# no second, inherited finding for the same category.
	expect_eq "$(jq -r '.sources[].tables[] | select(.name == "marketing_contacts") | .columns[] | select(.name == "email") | .findings[] | .category' "$TEST_TMP/$e.json" | sort -u | grep -x user.contact.email)" \
		"user.contact.email" "$e: marketing_contacts.email carries user.contact.email"
done

# The three engines agree on every fk, view and trigger edge.
for e in pg my; do
	if diff -u <(grep -E '^(fk|view|trigger) ' "$TEST_TMP/sqlite.edges") \
		<(grep -E '^(fk|view|trigger) ' "$TEST_TMP/$e.edges") > "$TEST_TMP/$e.diff"; then
		pass
	else
		fail "$e lineage differs from SQLite (- sqlite, + $e):"
		head -40 "$TEST_TMP/$e.diff" >&2
	fi
done

# steward demo: the declared analytics flow, and the map.
edges "$TEST_TMP/d/inventory.json" > "$TEST_TMP/demo.edges"
expect_grep '^declared customers\.' "$TEST_TMP/demo.edges" "demo: declared flow from customers"
[ -s "$TEST_TMP/d/map.svg" ] && pass || fail "steward demo wrote no map.svg"
/usr/bin/python3 - "$TEST_TMP/d/map.svg" > "$TEST_TMP/map.txt" <<'PY' || fail "map.svg: not parsable"
import sys, xml.etree.ElementTree as ET
S = "{http://www.w3.org/2000/svg}"
for g in ET.parse(sys.argv[1]).getroot().iter(S + "g"):
    if g.get("class") in ("node", "edge"):
        t = g.find(S + "title")
        strokes = sorted({p.get("stroke", "") for p in g.iter(S + "path")})
        print("%s\t%s\t%s" % (g.get("class"), t.text if t is not None else "", ",".join(strokes)))
PY
# customers -> marketing_contacts and customers -> the analytics copy are
# drawn in the colour of the personal data they carry, not grey.
expect_grep '^edge	[^	]*\.customers->[^	]*\.marketing_contacts	.*#(cc79a7|CC79A7|d55e00|D55E00|e69f00|E69F00)' "$TEST_TMP/map.txt"
expect_grep '^edge	[^	]*\.customers->[^	]*analytics[^	]*	.*#(cc79a7|CC79A7|d55e00|D55E00|e69f00|E69F00)' "$TEST_TMP/map.txt"
expect_grep '^node	[^	]*\.customer_email_history	' "$TEST_TMP/map.txt"
finish
