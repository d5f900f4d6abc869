# steward export on the demo (docs/export.md): OpenLineage events, fideslang
# datasets and the record of processing, each validated against its schema;
# the validators themselves reject a broken event; the Fides round trip (a
# council's edits in the exported file change the next scan, the check and
# the next export); bad Fides files and bad --shard values are exit 2 with
# where; and shards of a SQLite fleet merge back to the unsharded scan.
. "$STEWARD_SRC/tests/lib.sh"
expect_rc 0 "$STEWARD" demo -q -o "$TEST_TMP/d"
cd "$TEST_TMP/d" || exit 1

# ---- OpenLineage ------------------------------------------------------------
expect_rc 0 "$STEWARD" export inventory.json -o ol.jsonl
validate_openlineage ol.jsonl
expect_eq "$(wc -l < ol.jsonl)" 1 "one RunEvent for the demo's one source"
tables=$(jq '[.sources[0].tables[] | select(.kind != "partition")] | length' inventory.json)
expect_eq "$(jq '.inputs | length' ol.jsonl)" "$tables" "every table is a dataset of the run"
# A view's columns come from the tables it reads; foreign keys are not lineage.
expect_eq "$(jq -r '.inputs[] | select(.name == "marketing_contacts") | .facets.columnLineage.fields.email.inputFields[0] | "\(.name).\(.field) \(.transformations[0].type)"' ol.jsonl)" \
	"customers.email DIRECT" "view column lineage"
expect_eq "$(jq -r '[.inputs[].facets.columnLineage.fields // {} | .[].inputFields[].transformations[0].description | select(test("steward fk"))] | length' ol.jsonl)" 0 "no foreign key as column lineage"
# The inferred copy travels with what it rests on.
expect_grep 'steward inferred edge: [0-9]+% of values found' ol.jsonl
expect_eq "$(jq -r '.inputs[] | select(.name == "pharmacy_allergies") | .facets.stewardPrivacy.sensitivity' ol.jsonl)" special "the allergy table is special category"
expect_eq "$(jq -r '.inputs[] | select(.name == "customers") | .facets.stewardPrivacy.fields.email.categories[0].category' ol.jsonl)" user.contact.email "categories per field"
expect_eq "$(jq -r '.inputs[] | select(.name == "customers") | .facets.stewardPrivacy.subject.kind' ol.jsonl)" person "the table's subject"
expect_eq "$(jq -r '.inputs[0].namespace' ol.jsonl)" "sqlite://$TEST_TMP/d/loyalty.db" "SQLite namespace"
# Same inventory, same events (the run id is derived, not drawn).
expect_rc 0 "$STEWARD" export inventory.json --format openlineage -o ol2.jsonl
expect_rc 0 cmp ol.jsonl ol2.jsonl
expect_rc 0 "$STEWARD" export inventory.json --format openlineage --dataset-events --producer https://example.org/steward -o ds.jsonl
validate_openlineage ds.jsonl
expect_eq "$(wc -l < ds.jsonl)" "$tables" "one DatasetEvent per table"
expect_eq "$(jq -r '.producer' ds.jsonl | sort -u)" https://example.org/steward "--producer"
# The validator can fail: an event without its run id, a facet with a
# sensitivity steward does not have.
jq -c 'del(.run.runId)' ol.jsonl > broken1.jsonl
jq -c '.inputs[0].facets.stewardPrivacy.sensitivity = "medium"' ol.jsonl > broken2.jsonl
before=$T_FAILS
for b in broken1 broken2; do
	validate_openlineage "$b.jsonl" 2>/dev/null >/dev/null
done
rejected=$((T_FAILS - before))
T_FAILS=$before
expect_eq "$rejected" 2 "the OpenLineage validator rejects both broken files"
# No value ever leaves: the demo's customer e-mail addresses are not in any export.
email=$(sqlite3 loyalty.db "SELECT email FROM customers LIMIT 1")
[ -n "$email" ] || fail "demo has no e-mail to look for"

# ---- Fides -------------------------------------------------------------------
expect_rc 0 "$STEWARD" export inventory.json -o fides.yml
validate_fides fides.yml
expect_grep '^  - fides_key: "loyalty_main"$' fides.yml
expect_grep 'steward_source: "loyalty"' fides.yml
# ---- record of processing ----------------------------------------------------
cat steward.yaml > rp.yaml
printf 'legal_bases:\n  order_fulfilment: "contract (art. 6(1)(b))"\n  marketing: "consent (art. 6(1)(a))"\n' >> rp.yaml
expect_rc 0 "$STEWARD" export inventory.json -c rp.yaml -o ropa.csv
expect_eq "$(head -1 ropa.csv | tr -d '\r')" \
	"source,engine,data_category,sensitivity,special_category,data_subjects,purpose,legal_basis,retention,rows_over_retention,recipients,undeclared_copies,tables,columns" "RoPA header"
python3 - ropa.csv > ropa.check <<'PY' || fail "RoPA is not RFC 4180 CSV with one row per (source, category, purpose)"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
keys = [(r["source"], r["data_category"], r["purpose"]) for r in rows]
assert len(keys) == len(set(keys)), "duplicate rows"
assert all(r["columns"] for r in rows)
for r in rows:
    print("%s|%s|%s|%s|%s" % (r["data_category"], r["purpose"], r["legal_basis"], r["retention"], r["special_category"]))
PY
expect_grep '^user.contact.email\|order_fulfilment\|contract \(art. 6\(1\)\(b\)\)\|730 days' ropa.check "the e-mail row names its legal basis and its 2-year limit"
expect_grep '\|yes$' ropa.check "a special-category row"
for f in ol.jsonl ds.jsonl fides.yml ropa.csv; do
	expect_no_grep "$email" "$f" "a sampled value in $f"
done

# ---- Fides round trip ---------------------------------------------------------
# The council, in Fides: loyalty_tier is not personal; a free-text column
# is health data; customers.phone is only a phone number.
python3 - fides.yml council.yml <<'PY' || fail "edit the Fides file"
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
hit = 0
for ds in d["dataset"]:
    for c in ds["collections"]:
        for f in c["fields"]:
            if c["name"] == "customers" and f["name"] == "loyalty_tier":
                f["data_categories"] = []; hit += 1
            if c["name"] == "support_tickets" and f["name"] == "subject":
                f["data_categories"] = ["user.health_and_medical"]; hit += 1
            if c["name"] == "customers" and f["name"] == "phone":
                f["data_categories"] = ["user.contact.phone_number"]; hit += 1
assert hit == 3, hit
yaml.safe_dump(d, open(sys.argv[2], "w"), sort_keys=False, allow_unicode=True)
PY
expect_rc 0 "$STEWARD" scan -c steward.yaml --fides council.yml --as-of "$(jq -r .as_of inventory.json)" -o rt.json
col() { jq -r --arg t "$1" --arg c "$2" '.sources[0].tables[] | select(.name == $t) | .columns[] | select(.name == $c)' rt.json; }
expect_eq "$(col support_tickets subject | jq -r '[.findings[] | "\(.category) \(.evidence) \(.sensitivity)"] | join(",")')" \
	"user.health_and_medical declared special" "a declared category replaces steward's"
line=$(grep -n 'name: loyalty_tier' council.yml | head -1 | cut -d: -f1)
expect_eq "$(col customers loyalty_tier | jq -r '"\(.findings | length) \(.decision.decided_by) \(.decision.at)"')" \
	"0 fides council.yml:$line:$(sed -n "${line}p" council.yml | awk '{ print index($0, "name:") }')" \
	"data_categories: [] is a not-personal decision, with its place"
expect_eq "$(col customers phone | jq -r '[.findings[].category] | join(",")')" user.contact.phone_number "steward agrees: one category"
expect_rc 0 "$STEWARD" explain rt.json loyalty.main.support_tickets.subject
expect_grep 'declared in the Fides dataset \(council.yml:[0-9]+:[0-9]+\)' "$TEST_TMP/out"
# The decision sticks through the next export, and through fides: in steward.yaml.
expect_rc 0 "$STEWARD" export rt.json -o fides2.yml
validate_fides fides2.yml
python3 - fides2.yml > edits.txt <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
for ds in d["dataset"]:
    for c in ds["collections"]:
        for f in c["fields"]:
            if (c["name"], f["name"]) in (("customers", "loyalty_tier"), ("support_tickets", "subject")):
                print(c["name"], f["name"], f.get("data_categories"))
PY
expect_eq "$(cat edits.txt)" "customers loyalty_tier []
support_tickets subject ['user.health_and_medical']" "the council's edits come back out"
cp steward.yaml cfg2.yaml
printf 'fides: [council.yml]\n' >> cfg2.yaml
expect_rc 0 "$STEWARD" scan -c cfg2.yaml --as-of "$(jq -r .as_of inventory.json)" -o rt2.json
expect_eq "$(jq -S 'del(.generated_at)' rt2.json | sha256sum)" "$(jq -S 'del(.generated_at)' rt.json | sha256sum)" "fides: in steward.yaml reads the same as --fides"
expect_rc 0 "$STEWARD" config check -c cfg2.yaml
expect_grep '^fides datasets: 1 file, [0-9]+ fields declared$' "$TEST_TMP/out"

# ---- hostile names survive every format and the round trip ------------------
sqlite3 hostile.db "CREATE TABLE \"we\"\"ird 表\" (id INTEGER PRIMARY KEY, \"e'mail: x\" TEXT, \"#note\" TEXT, \"=cmd\" TEXT); INSERT INTO \"we\"\"ird 表\" VALUES (1,'a@example.org','- x','1'),(2,'b@example.org','y','2');"
expect_rc 0 "$STEWARD" scan hostile.db -q -o hostile.json
expect_rc 0 "$STEWARD" export hostile.json -o hostile.yml
validate_fides hostile.yml
expect_rc 0 "$STEWARD" export hostile.json -o hostile.jsonl
validate_openlineage hostile.jsonl
expect_eq "$(jq -r '.inputs[0].name' hostile.jsonl)" 'we"ird 表' "a quoted, unicode table name in OpenLineage"
expect_rc 0 "$STEWARD" export hostile.json -o hostile.csv
expect_grep '"main\.we""ird 表\.e.mail: x"' hostile.csv "CSV quotes doubled"
python3 - hostile.yml hostile2.yml <<'PY' || fail "edit the hostile Fides file"
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
for ds in d["dataset"]:
    for c in ds["collections"]:
        for f in c["fields"]:
            if f["name"] == "e'mail: x":
                f["data_categories"] = ["user.contact.email", "user.name"]
            if f["name"] == "#note":
                f["data_categories"] = []
yaml.safe_dump(d, open(sys.argv[2], "w"), allow_unicode=True, sort_keys=False)
PY
expect_rc 0 "$STEWARD" scan hostile.db --fides hostile2.yml -q -o hostile2.json
expect_eq "$(jq -r '.sources[0].tables[0].columns[] | select(.name == "e'"'"'mail: x") | [.findings[].category] | sort | join(",")' hostile2.json)" \
	"user.contact.email,user.name" "a declared category on a hostile column"
expect_eq "$(jq -r '.sources[0].tables[0].columns[] | select(.name == "#note") | .decision.decided_by' hostile2.json)" fides "a decision on a hostile column"

# ---- bad input ----------------------------------------------------------------
printf 'dataset:\n  - fides_key: x\n    collections:\n      - name: t\n        fields: []\n' > nometa.yml
expect_rc 2 "$STEWARD" scan -c steward.yaml --fides nometa.yml -o x.json
expect_grep 'nometa.yml:2:[0-9]+: dataset .x. does not say which source' "$TEST_TMP/err"
cp steward.yaml cfg3.yaml
printf 'fides: [nometa.yml]\n' >> cfg3.yaml
expect_rc 2 "$STEWARD" config check -c cfg3.yaml
expect_grep 'nometa.yml:2:[0-9]+: dataset .x. does not say which source' "$TEST_TMP/err"
printf 'dataset:\n  - fides_key: x\n    meta: { steward_source: loyalty, steward_schema: main }\n    collections:\n      - name: customers\n        fields:\n          - name: email\n            data_categories: user.contact.email\n' > notlist.yml
expect_rc 2 "$STEWARD" scan -c steward.yaml --fides notlist.yml -o x.json
expect_grep "notlist.yml:8:30: field 'email': expected a list for 'data_categories'" "$TEST_TMP/err"
printf 'dataset: [\n' > syntax.yml
expect_rc 2 "$STEWARD" scan -c steward.yaml --fides syntax.yml -o x.json
expect_grep 'syntax.yml:[0-9]+:[0-9]+: ' "$TEST_TMP/err"
[ ! -e x.json ] && pass || fail "a bad Fides file must stop the scan before it writes"
expect_rc 2 "$STEWARD" export inventory.json --format xml
expect_grep "unknown format 'xml'" "$TEST_TMP/err"
expect_rc 2 "$STEWARD" export inventory.json -o out.txt
expect_rc 2 "$STEWARD" export nosuch.json -o x.csv
for s in 0/3 4/3 3 a/b 1/0 1/5000; do
	expect_rc 2 "$STEWARD" scan loyalty.db --shard "$s" -o x.json
done
expect_grep "expected K/N" "$TEST_TMP/err"

# ---- shards of a SQLite fleet --------------------------------------------------
mkdir fleet && cd fleet || exit 1
{
	echo "sources:"
	for i in 1 2 3 4 5 6 7; do
		"$STEWARD" demo --sql sqlite | sqlite3 "db$i.db"
		echo "  - { name: site$i, dsn: \"sqlite:db$i.db\" }"
	done
	printf 'flows:\n  - { from: site1.main.customers, to: site5.main.customers, via: replica }\n'
} > fleet.yaml
expect_rc 0 "$STEWARD" scan -c fleet.yaml --as-of 2026-12-01 -o single.json
: > names
for k in 1 2 3; do
	expect_rc 0 "$STEWARD" scan -c fleet.yaml --as-of 2026-12-01 --shard "$k/3" -v -o "s$k.json"
	grep -o 'shard [0-9]/3: .*' "$TEST_TMP/err" >> names
done
expect_eq "$(jq -r '.sources[].name' s1.json s2.json s3.json | sort | tr '\n' ' ')" \
	"site1 site2 site3 site4 site5 site6 site7 " "every source in exactly one shard"
expect_eq "$(jq -r '.sources[].name' s1.json s2.json s3.json | sort | uniq -d | wc -l)" 0 "no source twice"
site1=$(jq -r 'select(.sources | map(.name) | index("site1")) | .sources | map(.name) | index("site5")' s1.json s2.json s3.json)
[ -n "$site1" ] && [ "$site1" != null ] && pass || fail "a declared flow's two sources share a shard"
expect_rc 0 "$STEWARD" merge -c fleet.yaml s1.json s2.json s3.json -o merged.json
expect_eq "$(jq -S 'del(.generated_at)' merged.json | sha256sum)" "$(jq -S 'del(.generated_at)' single.json | sha256sum)" "3 shards merged = the single scan"
# Adding a source moves no other.
cp fleet.yaml fleet8.yaml
"$STEWARD" demo --sql sqlite | sqlite3 db8.db
sed -i 's/^flows:/  - { name: site8, dsn: "sqlite:db8.db" }\nflows:/' fleet8.yaml
for k in 1 2 3; do
	"$STEWARD" scan -c fleet8.yaml --as-of 2026-12-01 --shard "$k/3" -v -o "t$k.json" 2>&1 | grep -o 'shard [0-9]/3: .*'
done > names8
for k in 1 2 3; do
	before=$(jq -r '.sources[].name' "s$k.json" | tr '\n' ' ')
	after=$(jq -r '.sources[].name | select(. != "site8")' "t$k.json" | tr '\n' ' ')
	expect_eq "$after" "$before" "shard $k/3 keeps its sources when site8 is added"
done
# The same source twice: the newer scan wins, with a warning.
sleep 1
expect_rc 0 "$STEWARD" scan -c fleet.yaml --as-of 2026-12-01 site2 -o again.json
expect_rc 0 "$STEWARD" merge s1.json s2.json s3.json again.json -o m2.json
expect_grep "source 'site2' is in s[123].json and in again.json: keeping the newer scan, from again.json" "$TEST_TMP/err"
expect_eq "$(jq -r .generated_at m2.json)" "$(jq -r .generated_at again.json)" "the newer generated_at"
expect_rc 0 "$STEWARD" merge again.json s1.json s2.json s3.json -o m3.json
expect_grep "keeping the newer scan, from again.json" "$TEST_TMP/err"
expect_eq "$(jq '.sources | length' m3.json)" 7 "one site2"
# A shard may hold no source; without a key each shard draws its own, and
# an empty shard's key (nothing made with it) does not stop the merge.
for k in 1 2 3 4 5 6 7 8 9; do
	env -u STEWARD_FINGERPRINT_KEY "$STEWARD" scan db1.db --shard "$k/9" -q -o "one$k.json"
done
expect_eq "$(jq -s 'map(.sources | length) | add' one?.json)" 1 "one source in one of nine shards"
expect_rc 0 "$STEWARD" merge one?.json -o one.json
expect_eq "$(jq '.sources | length' one.json)" 1 "empty shards merge"
# A standard output that takes nothing: exit 2 and say so, not 0.
if [ -w /dev/full ]; then
	full_rc=0
	"$STEWARD" merge one.json -q >/dev/full 2>full.err || full_rc=$?
	expect_eq "$full_rc" 2 "merge to a full standard output"
	expect_grep 'merge: cannot write to standard output' full.err
fi
# Different fingerprint keys cannot be compared.
STEWARD_FINGERPRINT_KEY=another-key-0123456789 "$STEWARD" scan -c fleet.yaml --shard 1/3 -q -o other.json
expect_rc 2 "$STEWARD" merge s2.json other.json -o x.json
expect_grep 'fingerprinted with different keys' "$TEST_TMP/err"
# The merged fleet is an inventory like any other.
expect_rc 1 "$STEWARD" check merged.json -c fleet.yaml
expect_rc 0 "$STEWARD" report merged.json -c fleet.yaml --format md -o merged.md
expect_rc 0 "$STEWARD" export merged.json -o merged.jsonl
validate_openlineage merged.jsonl
expect_eq "$(jq -r 'select(.job.name == "scan.site5") | .inputs[] | select(.name == "customers") | .facets.columnLineage.fields.email.inputFields[] | select(.namespace | test("db1.db$")) | .field' merged.jsonl)" email "the declared replica is column lineage across sources"
finish
