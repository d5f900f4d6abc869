# A fleet scanned in shards (docs/fleet.md): twelve sources on real
# PostgreSQL, MariaDB and SQLite (the labelled corpus of
# contrib/accuracy/copies_gen.py in each engine: copies across databases
# and engines, a declared flow between two engines, a council decision),
# scanned once whole and then as 3 and as 5 shards in parallel processes,
# the way an Indexed Job or a CI matrix runs them; each set of shards
# merged must equal the single scan (but for generated_at), copies across
# shards included.  Then the exports of the merged fleet validate
# (the templates that run shards: tests/cli/fleet_templates.sh).
. "$STEWARD_SRC/tests/lib.sh"
need_servers

export MYSQL_PWD=$TESTDB_MY_PASSWORD
p=stw_t_$$_fl
cleanup() { copies_corpus_drop "$p"; }
trap cleanup EXIT
cd "$TEST_TMP" || exit 1
copies_corpus "$p" || { finish; exit 1; }
{
	echo "sources:"
	for d in $COPIES_DOMAINS; do
		echo "  - { name: pg_$d, dsn: \"postgres://$PGUSER:\${PGPASSWORD}@127.0.0.1:$PGPORT/${p}_$d\" }"
		echo "  - { name: my_$d, dsn: \"mysql://$TESTDB_MY_USER:\${MYSQL_PWD}@127.0.0.1:$TESTDB_MY_PORT/${p}_$d\" }"
		echo "  - { name: lite_$d, dsn: \"sqlite:$TEST_TMP/${p}_$d.db\" }"
	done
	cat <<YAML
categories:
  user.contact: { retention: 2y, anchor: [created_at, updated_at] }
flows:
  - from: pg_shop.public.customers
    to: my_analytics.${p}_analytics.crm_contacts
    columns: { email: contact_email }
    via: nightly-crm-sync
not_personal:
  - match: "*.*.*.region"
    reason: a sales region is shared by thousands of customers
    decided_by: council-2026-12
legal_bases:
  order_fulfilment: contract (art. 6(1)(b))
YAML
} > fleet.yaml
expect_rc 0 "$STEWARD" config check -c fleet.yaml
expect_rc 0 "$STEWARD" scan -c fleet.yaml --as-of 2026-12-01 -q -o single.json
expect_eq "$(jq '.sources | length' single.json)" 12 "twelve sources"
expect_eq "$(jq -r '[.sources[].engine] | unique | join(",")' single.json)" "mysql,postgres,sqlite" "three engines"
cross=$(jq '[.lineage[] | select(.kind == "inferred" and .from.source != .to.source)] | length' single.json)
[ "$cross" -gt 0 ] && pass || fail "the corpus has copies across sources (got $cross)"

# (the servers' principals are theirs as a whole: tests beside this one
# make and drop users between the scans)
norm() { jq -S 'del(.generated_at, .sources[].access.principals)' "$1" | sha256sum | cut -d' ' -f1; }
want=$(norm single.json)
for n in 3 5; do
	pids=()
	for k in $(seq 1 "$n"); do
		"$STEWARD" scan -c fleet.yaml --as-of 2026-12-01 -q --shard "$k/$n" -o "n$n-$k.json" &
		pids+=($!)
	done
	rcs=0
	for pid in "${pids[@]}"; do wait "$pid" || rcs=$((rcs + 1)); done
	expect_eq "$rcs" 0 "$n shards exit 0"
	expect_eq "$(jq -r '.sources[].name' n$n-*.json | sort | uniq | wc -l) $(jq -r '.sources[].name' n$n-*.json | wc -l)" "12 12" \
		"$n shards: each source exactly once"
	expect_rc 0 "$STEWARD" merge -c fleet.yaml n$n-*.json -o "merged$n.json"
	expect_eq "$(norm "merged$n.json")" "$want" "$n shards merged = the single scan"
	shardcross=$(jq '[.lineage[] | select(.kind == "inferred" and .from.source != .to.source)] | length' "merged$n.json")
	expect_eq "$shardcross" "$cross" "$n shards: the copies across sources are found again at the merge"
done
validate_schema "$STEWARD_SRC/docs/inventory.schema.json" merged3.json
# Policy and the gate on the merged fleet give what they give on the single scan.
expect_rc 1 "$STEWARD" check single.json -c fleet.yaml --format json -o check1.json
expect_rc 1 "$STEWARD" check merged5.json -c fleet.yaml --format json -o check5.json
expect_eq "$(jq -S 'del(.inventory)' check5.json | sha256sum)" "$(jq -S 'del(.inventory)' check1.json | sha256sum)" "check on the merged fleet = check on the single scan"
# The declared flow crosses engines, in the merged fleet as in the single scan.
expect_eq "$(jq -r --arg t "${p}_analytics" '[.lineage[] | select(.kind == "declared" and .from.source == "pg_shop" and .to.source == "my_analytics" and .to.column == "contact_email")] | length' merged3.json)" \
	1 "a declared flow from PostgreSQL into MariaDB"
expect_eq "$(jq '[.sources[].tables[].columns[] | select(.name == "region") | .findings | length] | add' merged3.json)" 0 "the council's decision holds after the merge"

# ---- exports of the fleet --------------------------------------------------
expect_rc 0 "$STEWARD" export merged3.json -o fleet.jsonl
validate_openlineage fleet.jsonl
expect_eq "$(wc -l < fleet.jsonl)" 12 "one RunEvent per source"
expect_eq "$(jq -r 'select(.job.name == "scan.pg_shop") | .inputs[0].namespace' fleet.jsonl)" "postgres://127.0.0.1:$PGPORT" "PostgreSQL namespace"
expect_eq "$(jq -r 'select(.job.name == "scan.my_shop") | .inputs[0].name' fleet.jsonl | cut -d. -f1)" "${p}_shop" "MySQL names are database.table"
expect_eq "$(jq -r --arg t "${p}_analytics" 'select(.job.name == "scan.my_analytics") | .inputs[] | select(.name == ($t + ".crm_contacts")) | .facets.columnLineage.fields.contact_email.inputFields[] | select(.transformations[0].description | test("declared")) | "\(.namespace) \(.name) \(.field)"' fleet.jsonl)" \
	"postgres://127.0.0.1:$PGPORT ${p}_shop.public.customers email" "the declared flow is column lineage across engines"
expect_rc 0 "$STEWARD" export merged3.json -o fleet.yml
validate_fides fleet.yml
expect_eq "$(grep -c '^  - fides_key:' fleet.yml)" 12 "one dataset per source and schema"
expect_rc 0 "$STEWARD" export merged3.json -c fleet.yaml -o ropa.csv
expect_grep "^pg_shop,postgres,user.contact.email,.*my_analytics.${p}_analytics.crm_contacts \(declared flow via nightly-crm-sync\)" ropa.csv
expect_no_grep "$PGPASSWORD" fleet.jsonl
expect_no_grep "$PGPASSWORD" fleet.yml

finish
