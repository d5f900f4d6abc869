# The report reads as a privacy impact assessment (docs/report.md "The
# assessment"): sections in the order a DPO works, each with its plain
# sentence; the per-column inventory with category names; every open
# finding as a risk rated likelihood x severity with an action, most
# serious first (also in JSON); open questions; the sign-off from
# steward.yaml; purposes named by their fideslang data use, subjects by
# fideslang's data subjects (derived, or set by data_subjects:).
. "$STEWARD_SRC/tests/lib.sh"
expect_rc 0 "$STEWARD" demo -q -o "$TEST_TMP/d"
cd "$TEST_TMP/d" || exit 1
cp steward.yaml pia.yaml
cat >> pia.yaml <<'YAML'
signoff:
  reviewer: Dana Okafor
  role: Data protection officer
  date: 2026-11-15
  decision: approved_with_conditions
  notes: delete the pharmacy rows past five years first
data_subjects:
  loyalty.main.pharmacy_allergies: patient
legal_bases:
  marketing: consent (art. 6(1)(a))
YAML
expect_rc 0 "$STEWARD" report inventory.json -c pia.yaml -o pia.md
expect_rc 0 "$STEWARD" report inventory.json -c pia.yaml -o pia.html
expect_rc 0 "$STEWARD" report inventory.json -c pia.yaml --format json -o pia.json
expect_eq "$(grep '^## ' pia.md | tr '\n' '|')" \
	"## Summary|## Scope and sources|## What personal data is held|## Where it flows|## Who can read it, and how identifiable the people are|## Retention, purposes and consent|## Risks and recommended actions|## Approvals and exceptions|## Open questions|## Sign-off|" \
	"the assessment's sections, in order"
expect_grep '^steward found personal data in [0-9]+ of [0-9]+ columns' pia.md "a plain-language summary first"
# Risks: most serious first, each with its rating, L x S and an action.
python3 - pia.md > risks.txt <<'PY' || fail "the risk table"
import re, sys
rows = [l for l in open(sys.argv[1]) if re.match(r"^\| \S+ (high|medium|low) \| \d × \d = \d+ \|", l)]
assert rows, "no risk rows"
scores = [int(re.search(r"= (\d+) \|", r).group(1)) for r in rows]
assert scores == sorted(scores, reverse=True), scores
for r in rows:
    cells = [c.strip() for c in r.strip().strip("|").split(" | ")]
    assert len(cells) == 5 and cells[4], cells
    l, s, p = map(int, re.match(r"(\d) × (\d) = (\d+)", cells[1]).groups())
    assert l * s == p
    want = "high" if p >= 9 else "medium" if p >= 5 else "low"
    assert cells[0].endswith(want), (cells[0], p)
print(rows[0])
PY
expect_grep 'high \| 3 × 4 = 12 \| Kept past the retention limit \(critical\): \*\*loyalty\.main\.pharmacy\\_allergies\*\*.*Delete or anonymise the 80 rows' risks.txt \
	"the critical health finding comes first"
expect_eq "$(jq -r '[.violations[].severity] | map({"critical":4,"high":3,"medium":2,"low":1,"info":0}[.]) | . == (sort | reverse)' pia.json)" \
	true "violations most serious first in JSON too"
expect_eq "$(jq -r '"\(.risks[0].rating) \(.risks[0].score) \(.risks[0].where)"' pia.json)" "high 12 loyalty.main.pharmacy_allergies" "JSON risks, most serious first"
expect_eq "$(jq -r '.signoff.reviewer + " / " + .signoff.decision' pia.json)" "Dana Okafor / approved_with_conditions" "JSON sign-off"
expect_eq "$(jq '.open_questions | length > 0' pia.json)" true "JSON open questions"
# The per-column inventory, with the category's name and id.
expect_grep '^\| loyalty \| main\.customers \| first\\_name \| First name \\\(user\.name\.first\\\) \| 🟪 personal \| ' pia.md
expect_grep '<td class="mono">first_name</td><td>First name \(user\.name\.first\)</td><td><span class="sens sens-personal">personal</span>' pia.html
# Open questions and the sign-off.
expect_grep '^[0-9]+\. The approval of loyalty\.main\.customer\\_email\\_history\.old\\_email .* expired on 2026-01-31' pia.md
expect_grep '^\| Reviewer \| Dana Okafor \|$' pia.md
expect_grep '^\| Decision \| approved\\_with\\_conditions \|$' pia.md
expect_grep '<th scope="row">Reviewer</th><td>Dana Okafor</td>' pia.html
# fideslang vocabulary.
expect_grep '^\| marketing \| Marketing \| consent \\\(art\. 6\\\(1\\\)\\\(a\\\)\\\) \| 1 \|$' pia.md "marketing is a fideslang data use, with its legal basis"
expect_grep '^\| order\\_fulfilment \| custom \\\(not a fideslang data use\\\) \|' pia.md
expect_grep '^\| loyalty \| events about people \| Customer, Patient \|' pia.md "data_subjects: and derived subjects"
expect_rc 0 "$STEWARD" export inventory.json -c pia.yaml -o ropa.csv
expect_grep '^loyalty,sqlite,user.health.condition,special,yes,Patient,' ropa.csv
expect_rc 1 "$STEWARD" check inventory.json -c pia.yaml --format json -o gate.json
expect_eq "$(jq -r '[.results[] | select(.table == "pharmacy_allergies") | .data_subject] | unique | join(",")' gate.json)" Patient "check names whose data it is"
expect_rc 0 "$STEWARD" config check -c pia.yaml
expect_grep 'purposes that are not fideslang data uses .*: order_fulfilment, support' "$TEST_TMP/err"
expect_grep '^sign-off: approved_with_conditions by Dana Okafor$' "$TEST_TMP/out"
# What changed since the last assessment: a baseline without the support
# tickets and without the pharmacy's diagnosis finding.
python3 - inventory.json old.json <<'PY' || fail "make the baseline"
import json, sys
d = json.load(open(sys.argv[1]))
for t in d["sources"][0]["tables"]:
    if t["name"] == "pharmacy_allergies":
        for c in t["columns"]:
            if c["name"] == "icd10_code":
                c["findings"] = []
d["sources"][0]["tables"] = [t for t in d["sources"][0]["tables"] if t["name"] != "support_tickets"]
json.dump(d, open(sys.argv[2], "w"))
PY
expect_rc 0 "$STEWARD" report inventory.json -c pia.yaml --baseline old.json -o changed.md
expect_eq "$(grep -m1 '^## ' changed.md)" "## What changed since the last assessment" "what changed comes first"
expect_grep '^Compared with the last assessment \\\(old\.json, .*\): 2 new risks, 0 resolved; 8 personal-data findings added, 0 removed; 1 table added, 0 removed\.$' changed.md
expect_grep '^- new risk \\\(high, high\\\): Kept past the retention limit at loyalty\.main\.support\\_tickets$' changed.md
expect_grep '^- new personal data: loyalty\.main\.pharmacy\\_allergies\.icd10\\_code holds user\.health\.medical\\_diagnosis \\\(special\\\)$' changed.md
expect_rc 0 "$STEWARD" report inventory.json -c pia.yaml --baseline old.json --format json -o changed.json
expect_eq "$(jq '.changes.items | map(select(startswith("new risk"))) | length' changed.json)" 2 "JSON changes"
expect_rc 0 "$STEWARD" report old.json -c pia.yaml --baseline inventory.json -o back.md
expect_grep '^- resolved since: Kept past the retention limit at loyalty\.main\.support\\_tickets$' back.md
expect_rc 0 "$STEWARD" report inventory.json -c pia.yaml --baseline inventory.json -o same.html
expect_grep 'Nothing that matters for this assessment changed\.' same.html
expect_rc 2 "$STEWARD" report inventory.json --baseline nosuch.json

# Bad values are errors with their place.
printf 'signoff:\n  decision: maybe\n' > bad1.yaml
expect_rc 2 "$STEWARD" report inventory.json -c bad1.yaml
expect_grep "bad1.yaml:2:13: expected approved, approved_with_conditions, rejected or pending for 'signoff.decision', got 'maybe'" "$TEST_TMP/err"
printf 'data_subjects:\n  "*.*.customers": shoppers\n' > bad2.yaml
expect_rc 2 "$STEWARD" report inventory.json -c bad2.yaml
expect_grep "bad2.yaml:2:20: 'shoppers' is not a fideslang data subject" "$TEST_TMP/err"
printf 'signoff:\n  date: 2026-02-30\n' > bad3.yaml
expect_rc 2 "$STEWARD" report inventory.json -c bad3.yaml
expect_grep "bad3.yaml:2:9: expected a date YYYY-MM-DD for 'signoff.date'" "$TEST_TMP/err"
finish
