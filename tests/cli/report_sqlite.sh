# steward scan --as-of + steward report on SQLite: timestamps planted one
# day inside and one day outside each retention limit (category limit,
# tables: override, a copy that inherits its source's limit), a table with
# no anchor, purpose and purpose-flow violations, a marketing view with and
# without a consent filter, approvals, hostile names in every format, and
# the usage errors.
. "$STEWARD_SRC/tests/lib.sh"
set -e
AS_OF=2026-06-30
day() { date -u -d "$AS_OF - $1 days" '+%Y-%m-%d %H:%M:%S'; }
db=$TEST_TMP/shop.db
# user.contact: 2y = 730 days; support_tickets: 90 days; customers_copy: 5y
# of its own, but its data comes from customers (730 days).
{
cat <<'SQL'
CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, full_name TEXT, marketing_opt_in INTEGER,
  created_at TIMESTAMP, last_login_at TIMESTAMP);
CREATE TABLE support_tickets (id INTEGER PRIMARY KEY, customer_id INTEGER, phone TEXT, created_at TIMESTAMP);
CREATE TABLE customers_copy (id INTEGER, mail TEXT, copied_at TIMESTAMP);
CREATE TABLE newsletter_log (id INTEGER PRIMARY KEY, email TEXT, note TEXT);
CREATE TABLE "=cmd|x,""y<b>`z" (email TEXT);
CREATE VIEW marketing_contacts AS SELECT c.email, c.full_name FROM customers c;
CREATE VIEW marketing_consented AS SELECT c.email FROM customers c WHERE c.marketing_opt_in = 1;
SQL
# customers: 3 rows one day past the limit (and older), 2 one day inside, 1 without a login
for i in 1 2 3; do echo "INSERT INTO customers VALUES ($i, 'u$i@example.com', 'User $i', 1, '$(day 3000)', '$(day $((730 + i)))');"; done
for i in 4 5; do echo "INSERT INTO customers VALUES ($i, 'u$i@example.com', 'User $i', 0, '$(day 3000)', '$(day 729)');"; done
echo "INSERT INTO customers VALUES (6, 'u6@example.com', 'User 6', 0, '$(day 10)', NULL);"
# support_tickets (90 days): 2 outside, 4 inside
for i in 1 2; do echo "INSERT INTO support_tickets VALUES ($i, 1, '+44 20 7946 00$i$i', '$(day $((90 + i)))');"; done
for i in 3 4 5 6; do echo "INSERT INTO support_tickets VALUES ($i, 1, '+44 20 7946 00$i$i', '$(day $((92 - i)))');"; done
# customers_copy: its own 5y limit would allow 1825 days; its source allows 730.
for i in 1 2 3 4; do echo "INSERT INTO customers_copy VALUES ($i, 'u$i@example.com', '$(day $((731 + i * 100)))');"; done
echo "INSERT INTO customers_copy VALUES (5, 'u5@example.com', '$(day 729)');"
echo "INSERT INTO customers_copy VALUES (6, 'u6@example.com', '$(day 1826)');"
echo "INSERT INTO newsletter_log VALUES (1, 'u1@example.com', 'x');"
} | sqlite3 "$db"
cat > "$TEST_TMP/steward.yaml" <<YAML
sources:
  - name: shop
    dsn: sqlite:$db
    purposes: [order_fulfilment]
categories:
  user.contact:
    retention: 2y
    anchor: [last_login_at, created_at]
    purposes: [order_fulfilment, support, marketing]
tables:
  shop.main.support_tickets: { retention: 90d, anchor: created_at, purposes: [support] }
  shop.main.customers_copy: { retention: 5y, anchor: copied_at, purposes: [analytics] }
  shop.main.marketing_*: { purposes: [marketing] }
flows:
  - from: shop.main.customers
    to: shop.main.customers_copy
    columns: { email: mail }
    via: nightly-export
YAML
set +e

expect_rc 2 "$STEWARD" scan -c "$TEST_TMP/steward.yaml" --as-of 2026-02-30 -o "$TEST_TMP/x.json"
expect_grep "invalid as-of date '2026-02-30'" "$TEST_TMP/err"
expect_rc 0 "$STEWARD" scan -c "$TEST_TMP/steward.yaml" --as-of $AS_OF --sample 0 -o "$TEST_TMP/inv.json" --progress never
inv=$TEST_TMP/inv.json
expect_eq "$(jqr .as_of "$inv")" "$AS_OF" "as_of recorded"
validate_schema "$STEWARD_SRC/docs/inventory.schema.json" "$inv"
ret() { jqr --arg t "$1" ".sources[0].tables[] | select(.name == \$t) | .retention | $2" "$inv"; }
expect_eq "$(ret customers '"\(.anchor) \(.limit_days) \(.rows_over_limit) \(.exact)"')" "last_login_at 730 3 true" "customers retention"
expect_eq "$(ret customers .oldest)" "$(day 733)" "customers oldest"
expect_eq "$(ret support_tickets '"\(.anchor) \(.limit_days) \(.rows_over_limit) \(.exact)"')" "created_at 90 2 true" "tickets retention"
expect_eq "$(ret customers_copy '"\(.anchor) \(.limit_days) \(.rows_over_limit)"')" "copied_at 730 5" "copy measured against its source's limit"
expect_eq "$(ret newsletter_log '"\(.anchor) \(.rows_over_limit) \(.note)"')" "null null no anchor column" "no anchor"
expect_eq "$(ret marketing_contacts .)" "null" "views are not measured"

# Moving as_of moves the counts: one day later the boundary rows (729
# days old, now 730) are still not older than 730 days; two days later
# they are.
expect_rc 0 "$STEWARD" scan -c "$TEST_TMP/steward.yaml" --as-of 2026-07-01 --sample 0 -o "$TEST_TMP/inv2.json" --progress never
expect_eq "$(jqr '.sources[0].tables[] | select(.name == "customers") | .retention.rows_over_limit' "$TEST_TMP/inv2.json")" "3" "day after: boundary rows not yet over"
expect_rc 0 "$STEWARD" scan -c "$TEST_TMP/steward.yaml" --as-of 2026-07-02 --sample 0 -o "$TEST_TMP/inv3.json" --progress never
expect_eq "$(jqr '.sources[0].tables[] | select(.name == "customers") | .retention.rows_over_limit' "$TEST_TMP/inv3.json")" "5" "two days after: boundary rows over"

# The JSON report: exactly these violations.
expect_rc 0 "$STEWARD" report "$inv" -c "$TEST_TMP/steward.yaml" -o "$TEST_TMP/r.json"
r=$TEST_TMP/r.json
expect_eq "$(jqr .format "$r")" "steward.report" "report format"
got=$(jqr '.violations[] | select(.kind | test("^(access_|reidentification)") | not) | "\(.kind) \(.table)\(if .column then "." + .column else "" end) \(.rows // "-")"' "$r" | sort | tr '\n' '|')
want="consent marketing_contacts -|purpose-flow customers_copy.mail -|retention customers 3|retention support_tickets 2|retention-copy customers_copy 5|retention-unverifiable =cmd|x,\"y<b>\`z -|retention-unverifiable newsletter_log -|"
expect_eq "$got" "$want" "violations"
expect_eq "$(jqr '.violations[] | select(.kind == "purpose-flow") | .evidence' "$r")" \
  "table purposes: analytics; path: shop.main.customers.email -[declared]-> shop.main.customers_copy.mail" "flow path"
expect_eq "$(jqr '.violations[] | select(.kind == "retention-copy") | .message' "$r")" \
  "5 rows of user.contact.email data kept longer than the 730-day limit of their source shop.main.customers" "copy message"
expect_grep 'copied along shop.main.customers.email -\[declared\]-> shop.main.customers_copy.mail' "$r"
expect_eq "$(jqr '.violations[] | select(.kind == "consent") | .evidence' "$r")" \
  "view filters on: nothing (no WHERE or JOIN condition); consent columns available: customers.marketing_opt_in; path: shop.main.customers.email -[view]-> shop.main.marketing_contacts.email" "consent evidence"
expect_eq "$(jqr '[.violations[] | select(.exact == false)] | length' "$r")" "0" "all counts exact"

# An approval settles the purpose flow (not the retention copy); an
# expired one does not.
cat > "$TEST_TMP/approvals.yaml" <<'APPROVALS'
- match: shop.main.customers_copy.mail
  category: user.contact
  approved_by: ethics-council-2026-05
  reason: churn model
  expires: 2027-01-31
APPROVALS
expect_rc 0 "$STEWARD" report "$inv" -c "$TEST_TMP/steward.yaml" --approvals "$TEST_TMP/approvals.yaml" --format json
expect_eq "$(jqr '[.violations[] | select(.kind | test("^(access_|reidentification)") | not) | .kind] | sort | join(",")' "$TEST_TMP/out")" \
  "consent,retention,retention,retention-copy,retention-unverifiable,retention-unverifiable" "approved flow settled"
expect_eq "$(jqr '.settled[0].approved_by + " " + .approvals[0].status' "$TEST_TMP/out")" "ethics-council-2026-05 in_force" "approval in force"
sed -i 's/2027-01-31/2026-06-29/' "$TEST_TMP/approvals.yaml"
expect_rc 0 "$STEWARD" report "$inv" -c "$TEST_TMP/steward.yaml" --approvals "$TEST_TMP/approvals.yaml" --format json
expect_eq "$(jqr '[.violations[] | select(.kind == "purpose-flow")] | length' "$TEST_TMP/out") $(jqr '.approvals[0].status' "$TEST_TMP/out")" "1 expired" "expired approval"

# Text, Markdown, HTML, CSV: the same facts, names escaped.
expect_rc 0 "$STEWARD" report "$inv" -c "$TEST_TMP/steward.yaml"
expect_grep '^  \[high\] retention: shop\.main\.customers \(user\.contact\.email\)$' "$TEST_TMP/out"
expect_grep '3 rows of user\.contact\.email data older than the 730-day limit' "$TEST_TMP/out"
expect_rc 0 "$STEWARD" report "$inv" -c "$TEST_TMP/steward.yaml" -o "$TEST_TMP/r.md"
expect_grep '=cmd\\\|x,"y\\<b\\>\\`z' "$TEST_TMP/r.md" "markdown escapes | < > and backticks"
expect_no_grep '<b>' "$TEST_TMP/r.md"
expect_rc 0 "$STEWARD" report "$inv" -c "$TEST_TMP/steward.yaml" -o "$TEST_TMP/r.html"
expect_grep '=cmd\|x,&quot;y&lt;b&gt;`z' "$TEST_TMP/r.html"
expect_no_grep '<b>`' "$TEST_TMP/r.html"
expect_grep '<svg' "$TEST_TMP/r.html" "map embedded"
expect_no_grep '<script|src="http|href="http' "$TEST_TMP/r.html" "self-contained, no scripts"
expect_rc 0 "$STEWARD" report "$inv" -c "$TEST_TMP/steward.yaml" -o "$TEST_TMP/r.csv"
/usr/bin/python3 - "$TEST_TMP/r.csv" > "$TEST_TMP/csv.txt" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
for r in rows:
    print("|".join([r["table"], r["column"], r["category"], r["purposes"], r["retention_days"], r["rows_over_limit"]]))
PY
expect_grep "^'=cmd\|x,\"y<b>\`z\|email\|user\.contact\.email\|order_fulfilment\|730\|$" "$TEST_TMP/csv.txt" "csv quoting and formula guard"
expect_grep '^customers_copy\|mail\|user\.contact\.email\|analytics\|730\|5$' "$TEST_TMP/csv.txt"
expect_grep '^support_tickets\|phone\|user\.contact\.phone_number\|support\|90\|2$' "$TEST_TMP/csv.txt"
expect_eq "$(head -1 "$TEST_TMP/r.csv" | od -c | grep -c '\\r')" "1" "CRLF line ends"

# Deterministic: the same inputs give the same bytes.
expect_rc 0 "$STEWARD" report "$inv" -c "$TEST_TMP/steward.yaml" -o "$TEST_TMP/r2.json"
expect_rc 0 cmp "$TEST_TMP/r.json" "$TEST_TMP/r2.json"

# Usage errors: exit 2.
expect_rc 2 "$STEWARD" report
expect_rc 2 "$STEWARD" report "$TEST_TMP/missing.json"
expect_rc 2 "$STEWARD" report "$inv" --format pdf
expect_grep "unknown format 'pdf'" "$TEST_TMP/err"
expect_rc 2 "$STEWARD" report "$inv" -o "$TEST_TMP/r.xyz"
expect_grep "cannot tell the format" "$TEST_TMP/err"
echo 'categories: [' > "$TEST_TMP/bad.yaml"
expect_rc 2 "$STEWARD" report "$inv" -c "$TEST_TMP/bad.yaml"
echo '{"format":"other"}' > "$TEST_TMP/bad.json"
expect_rc 2 "$STEWARD" report "$TEST_TMP/bad.json"
expect_rc 0 "$STEWARD" report --help
expect_grep 'steward report INVENTORY' "$TEST_TMP/out"
finish
