#!/usr/bin/env bash
# steward explain: the chain of reasons for a column, on the demo and on a
# small business-to-business SQLite file: a rule match, a linked attribute
# and its table's subject, a key of a person, an inherited finding and its
# origin, an organisation's own phone taken back, a council's decision;
# bad names exit 2 with the closest part that exists.
. "$STEWARD_SRC/tests/lib.sh"
set -e
cd "$TEST_TMP"

expect_rc 0 "$STEWARD" demo -o demo -q
inv=demo/inventory.json

expect_rc 0 "$STEWARD" explain "$inv" loyalty.main.payments.amount_cents
expect_grep '^loyalty\.main\.payments\.amount_cents: personal data, linked' out
expect_grep 'rule subject\.linked, evidence subject' out
expect_grep '^loyalty\.main\.payments: events about people \(inferred, confidence 0\.[0-9]+\)' out
expect_grep 'foreign key order_id -> main\.orders' out

expect_rc 0 "$STEWARD" explain "$inv" loyalty.main.customers.email
expect_grep "its name 'email' matches rule 'email' \(an e-mail address column\), and [0-9]+ of [0-9]+ sampled values" out

expect_rc 0 "$STEWARD" explain "$inv" loyalty.main.orders.customer_id
expect_grep '^- a foreign key \(.*\) to main\.customers\.id, in a table of people' out
expect_grep '^loyalty\.main\.customers: people' out

expect_rc 0 "$STEWARD" explain "$inv" loyalty.main.customer_order_summary.lifetime_cents
expect_grep 'copied along lineage: loyalty\.main\.orders\.total_cents -\[view\]-> loyalty\.main\.customer_order_summary\.lifetime_cents' out
expect_grep 'where it comes from, loyalty\.main\.orders\.total_cents:' out

expect_rc 0 "$STEWARD" explain "$inv" loyalty.main.customers.updated_at
expect_grep '^loyalty\.main\.customers\.updated_at: no personal data found' out
expect_grep 'row-maintenance data' out

expect_rc 0 "$STEWARD" explain "$inv" loyalty.main.products
expect_grep '^loyalty\.main\.products: reference data' out
expect_grep '^0 of its 5 columns hold personal data' out

# bad names: exit 2, one line, the closest part that exists
expect_rc 2 "$STEWARD" explain "$inv" loyalty.main.customers.nope
expect_eq "$(cat err)" "steward: no column 'nope' in loyalty.main.customers" "unknown column"
expect_rc 2 "$STEWARD" explain "$inv" shop.main.customers.email
expect_grep "no source in the inventory matches 'shop\.main\.customers\.email'" err
expect_rc 2 "$STEWARD" explain "$inv"
expect_grep 'expected INVENTORY and SOURCE\.SCHEMA\.TABLE\[\.COLUMN\]' err
expect_rc 2 "$STEWARD" explain nope.json loyalty.main.customers.email
expect_rc 0 "$STEWARD" explain --help
expect_grep '^usage: steward explain INVENTORY' out

# a company customer with a contact person, and a council's decision
sqlite3 b2b.db <<'SQL'
CREATE TABLE companies (company_id INTEGER PRIMARY KEY, company_name TEXT, vat_number TEXT,
  phone TEXT, contact_name TEXT, contact_email TEXT, tier TEXT);
CREATE TABLE employees (employee_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT,
  email TEXT, loyalty_code TEXT);
CREATE TABLE deals (deal_id INTEGER PRIMARY KEY, company_id INTEGER REFERENCES companies(company_id),
  owner INTEGER REFERENCES employees(employee_id), amount REAL, closed_on TEXT);
INSERT INTO companies VALUES (1, 'Acme Ltd', 'GB123456789', '+44 20 7946 0000', 'Ann Lee', 'ann.lee@acme.example', 'gold');
INSERT INTO employees VALUES (1, 'Bo', 'Chan', 'bo.chan@seller.example', 'A1');
INSERT INTO deals VALUES (1, 1, 1, 1200.5, '2026-01-02');
SQL
cat > b2b.yaml <<'YAML'
sources:
  - name: crm
    dsn: sqlite:b2b.db
not_personal:
  - match: crm.main.employees.loyalty_code
    reason: a code of the canteen's loyalty scheme, shared by teams
    decided_by: ethics-council-2026-11
YAML
expect_rc 0 "$STEWARD" scan -c b2b.yaml -o b2b.json --progress never
expect_rc 0 "$STEWARD" explain b2b.json crm.main.companies.phone
expect_grep '^crm\.main\.companies\.phone: no personal data found' out
expect_grep "not counted: rule phone \(user\.contact\.phone_number\) matched, but main\.companies is a table of organisations" out
expect_grep '^crm\.main\.companies: organisations' out
expect_rc 0 "$STEWARD" explain b2b.json crm.main.companies.contact_name
expect_grep 'note: business contact data of an organisation' out
expect_rc 0 "$STEWARD" explain b2b.json crm.main.deals.owner
expect_grep 'rule subject\.person_ref, evidence fk' out
expect_grep 'the key it references, crm\.main\.employees\.employee_id:' out
expect_rc 0 "$STEWARD" explain b2b.json crm.main.deals.amount
expect_grep 'no personal data found' out
expect_grep '^crm\.main\.deals: organisations' out
expect_rc 0 "$STEWARD" explain b2b.json crm.main.employees.loyalty_code
expect_grep '^crm\.main\.employees\.loyalty_code: not personal data, by decision' out
expect_grep '^- decided not personal by ethics-council-2026-11 at b2b\.yaml:5:5: a code of the canteen' out
expect_eq "$(jq -r '.sources[0].tables[] | select(.name == "employees") | .columns[] | select(.name == "loyalty_code") | .decision.at' b2b.json)" b2b.yaml:5:5 "the decision is in the inventory"
# no sampled value in any explanation
for c in companies.phone companies.contact_name companies.contact_email deals.amount; do
	"$STEWARD" explain b2b.json "crm.main.$c" >>all.txt
done
expect_no_grep 'acme\.example|7946|Ann Lee|GB123456789' all.txt "a sampled value in an explanation"
finish
