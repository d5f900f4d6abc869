# steward map end to end on SQLite: scan a small shop (view, trigger, keys,
# hostile names), render SVG/PNG/PDF/DOT, parse the SVG for the expected
# nodes and edges, check `dot` accepts the DOT output, the filters, the
# error exits, and a focused map of a 2,000-table database.
. "$STEWARD_SRC/tests/lib.sh"
set -e
db=$TEST_TMP/shop.db
sqlite3 "$db" <<'SQL'
CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, full_name TEXT, consent_marketing INTEGER);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), total REAL);
CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT, price REAL);
CREATE TABLE customer_email_history (customer_id INTEGER, old_email TEXT, new_email TEXT, changed_at TEXT);
CREATE TABLE "we<i>rd & 'co'" ("e<mail>" TEXT, n INTEGER);
CREATE VIEW marketing_contacts AS
  SELECT c.email AS email, c.full_name AS name FROM customers c WHERE c.consent_marketing = 1;
CREATE VIEW [odd "view"] AS SELECT `e<mail>` AS contact FROM "we<i>rd & 'co'";
CREATE TRIGGER trg_email_audit AFTER UPDATE OF email ON customers
  WHEN OLD.email IS NOT NEW.email
BEGIN
  INSERT INTO customer_email_history(customer_id, old_email, new_email, changed_at)
  VALUES (OLD.id, OLD.email, NEW.email, datetime('now'));
END;
INSERT INTO customers VALUES (1, 'ann@example.com', 'Ann Example', 1), (2, 'bo@example.org', 'Bo Example', 0);
INSERT INTO orders VALUES (1, 1, 10.5);
INSERT INTO "we<i>rd & 'co'" VALUES ('cy@example.net', 1);
SQL
set +e
expect_rc 0 "$STEWARD" scan "sqlite:$db" -o "$TEST_TMP/inv.json" --progress never
src=$(jq -r '.sources[0].name' "$TEST_TMP/inv.json")

# Lineage in the inventory: the view's columns and the trigger's copies.
edge() { jq -r --arg k "$1" '.lineage[] | select(.kind == $k) | "\(.from.table).\(.from.column) -> \(.to.table).\(.to.column)"' "$TEST_TMP/inv.json" | sort; }
expect_eq "$(edge view | tr '\n' '|')" \
  "customers.email -> marketing_contacts.email|customers.full_name -> marketing_contacts.name|we<i>rd & 'co'.e<mail> -> odd \"view\".contact|" \
  "view lineage"
expect_eq "$(edge trigger | tr '\n' '|')" \
  "customers.email -> customer_email_history.new_email|customers.email -> customer_email_history.old_email|customers.id -> customer_email_history.customer_id|" \
  "trigger lineage"
expect_eq "$(edge fk | tr '\n' '|')" "customers.id -> orders.customer_id|" "fk lineage"

# SVG: parse it and list node titles and edge titles.
svgparts() {
	/usr/bin/python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
for g in root.iter("{http://www.w3.org/2000/svg}g"):
    cls = g.get("class")
    if cls in ("node", "edge", "cluster"):
        t = g.find("s:title", ns)
        print("%s\t%s" % (cls, t.text if t is not None else ""))
PY
}
expect_rc 0 "$STEWARD" map "$TEST_TMP/inv.json" -o "$TEST_TMP/map.svg"
svgparts "$TEST_TMP/map.svg" >"$TEST_TMP/svg.txt" || fail "map.svg is not well-formed XML"
for n in customers orders customer_email_history marketing_contacts "odd \"view\"" "we<i>rd & 'co'"; do
	expect_grep "^node	$src\\.main\\.$(printf '%s' "$n" | sed 's/[.[\*^$]/\\&/g')\$" "$TEST_TMP/svg.txt"
done
expect_grep "^edge	$src\\.main\\.customers->$src\\.main\\.marketing_contacts\$" "$TEST_TMP/svg.txt"
expect_grep "^edge	$src\\.main\\.customers->$src\\.main\\.customer_email_history\$" "$TEST_TMP/svg.txt"
expect_grep "^edge	$src\\.main\\.customers->$src\\.main\\.orders\$" "$TEST_TMP/svg.txt"
expect_grep "^cluster	cluster_$src\$" "$TEST_TMP/svg.txt"
expect_grep "^cluster	cluster_legend\$" "$TEST_TMP/svg.txt"
expect_eq "$(grep -c '^edge	'"$src" "$TEST_TMP/svg.txt")" 4 "table-level edges (fk, view, trigger, odd view)"
# Personal data is coloured and marked; the hostile name is escaped.
expect_grep '\[personal\]' "$TEST_TMP/map.svg"
expect_grep 'we&lt;i&gt;rd &amp; &#39;co&#39;|we&lt;i&gt;rd &amp; &apos;co&apos;|we&lt;i&gt;rd &amp; .co.' "$TEST_TMP/map.svg"
expect_no_grep '<text[^>]*>[^<]*e<mail>' "$TEST_TMP/map.svg"

# SVG on standard output; DOT that dot accepts; PNG and PDF by extension.
expect_rc 0 "$STEWARD" map "$TEST_TMP/inv.json"
expect_grep '^<svg' "$TEST_TMP/out"
expect_rc 0 "$STEWARD" map "$TEST_TMP/inv.json" --format dot -o "$TEST_TMP/map.dot"
expect_grep '^digraph lineage' "$TEST_TMP/map.dot"
expect_rc 0 dot -Tsvg "$TEST_TMP/map.dot" -o "$TEST_TMP/redot.svg"
expect_rc 0 "$STEWARD" map "$TEST_TMP/inv.json" --format dot --level column
cp "$TEST_TMP/out" "$TEST_TMP/col.dot"
expect_rc 0 dot -Tsvg "$TEST_TMP/col.dot"
expect_grep ':c1:e -> ' "$TEST_TMP/col.dot"
expect_rc 0 "$STEWARD" map "$TEST_TMP/inv.json" -o "$TEST_TMP/map.png"
expect_eq "$(head -c 4 "$TEST_TMP/map.png" | tail -c 3)" PNG "png magic"
expect_rc 0 "$STEWARD" map "$TEST_TMP/inv.json" -o "$TEST_TMP/map.pdf"
expect_eq "$(head -c 4 "$TEST_TMP/map.pdf")" %PDF "pdf magic"

# Filters.
expect_rc 0 "$STEWARD" map "$TEST_TMP/inv.json" --focus "$src.main.customers.email" --depth 1 -o "$TEST_TMP/f.svg"
svgparts "$TEST_TMP/f.svg" | grep "^node	$src" | sort >"$TEST_TMP/f.txt"
expect_eq "$(cut -f2 "$TEST_TMP/f.txt" | tr '\n' '|')" \
  "$src.main.customer_email_history|$src.main.customers|$src.main.marketing_contacts|" "column focus"
expect_rc 0 "$STEWARD" map "$TEST_TMP/inv.json" --focus "$src.main.orders" --depth 1 --format dot
expect_grep "\"$src.main.customers\"" "$TEST_TMP/out"
expect_no_grep "\"$src.main.marketing_contacts\"" "$TEST_TMP/out"
expect_rc 0 "$STEWARD" map "$TEST_TMP/inv.json" --only-sensitive --format dot
# orders.customer_id is a user id (personal); products holds nothing personal.
expect_no_grep "\"$src.main.products\"" "$TEST_TMP/out"
expect_grep "\"$src.main.orders\"" "$TEST_TMP/out"
expect_grep "\"$src.main.marketing_contacts\"" "$TEST_TMP/out"

# Errors: exit 2 with a message.
expect_rc 2 "$STEWARD" map "$TEST_TMP/inv.json" --focus nosuch.main.table
expect_grep "focus 'nosuch.main.table'" "$TEST_TMP/err"
expect_rc 2 "$STEWARD" map "$TEST_TMP/inv.json" --format gif
expect_grep "unknown format 'gif'" "$TEST_TMP/err"
expect_rc 2 "$STEWARD" map "$TEST_TMP/inv.json" --level row
expect_rc 2 "$STEWARD" map "$TEST_TMP/inv.json" --depth 2
expect_grep "depth needs --focus" "$TEST_TMP/err"
expect_rc 2 "$STEWARD" map "$TEST_TMP/inv.json" --format png
expect_rc 2 "$STEWARD" map "$TEST_TMP/inv.json" -o "$TEST_TMP/map.gif"
expect_rc 2 "$STEWARD" map "$TEST_TMP/nope.json"
expect_rc 2 "$STEWARD" map
expect_rc 0 "$STEWARD" map --help
expect_grep 'only-sensitive' "$TEST_TMP/out"

# 2,000 tables, a chain of foreign keys: the focused map stays small.
big=$TEST_TMP/big.db
{
	echo "BEGIN;"
	echo "CREATE TABLE t0000 (id INTEGER PRIMARY KEY, parent_id INTEGER, email TEXT);"
	for i in $(seq 1 1999); do
		printf 'CREATE TABLE t%04d (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES t%04d(id), email TEXT);\n' "$i" $((i - 1))
	done
	echo "COMMIT;"
} | sqlite3 "$big"
expect_rc 0 "$STEWARD" scan "sqlite:$big" --sample 0 -o "$TEST_TMP/big.json" --progress never
bsrc=$(jq -r '.sources[0].name' "$TEST_TMP/big.json")
expect_eq "$(jq '.sources[0].tables | length' "$TEST_TMP/big.json")" 2000 "2,000 tables scanned"
# (how long it takes is a benchmark's business, not a test's: the size of
# what is laid out is asserted below)
expect_rc 0 "$STEWARD" map "$TEST_TMP/big.json" --focus "$bsrc.main.t1000" --depth 2 -o "$TEST_TMP/big.svg"
expect_eq "$(svgparts "$TEST_TMP/big.svg" | grep "^node	$bsrc" | cut -f2 | sort | tr '\n' ' ')" \
  "$bsrc.main.t0998 $bsrc.main.t0999 $bsrc.main.t1000 $bsrc.main.t1001 $bsrc.main.t1002 " "focused nodes"
finish
