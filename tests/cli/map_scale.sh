# A map a person can read at 300 tables (docs/map.md "Large schemas"): a
# generated SQLite database of 300 tables (20 of people, 150 of events
# that only hold a person's key and dates, 100 reference tables without
# personal data, 30 with health data) is mapped whole: tables without
# personal data and tables of keys only collapse into one node each, keys
# are counted, not coloured, so the picture is not one colour; the legend
# lists only what is drawn; --max-tables keeps the most sensitive and
# says how many were left out; the focused column is marked and the
# filter is in the title.
. "$STEWARD_SRC/tests/lib.sh"
cd "$TEST_TMP" || exit 1
python3 - wide.db <<'PY' || { fail "generate the database"; finish; exit 1; }
import random, sqlite3, sys
random.seed(300)
db = sqlite3.connect(sys.argv[1])
towns = ["Lyon", "Porto", "Gdansk", "Malmo", "Ghent"]
for i in range(20):
    db.execute("CREATE TABLE customers_%02d (id INTEGER PRIMARY KEY, first_name TEXT, email TEXT, phone TEXT, city TEXT)" % i)
    db.executemany("INSERT INTO customers_%02d VALUES (?,?,?,?,?)" % i,
        [(k, random.choice(["Ana", "Bo", "Chen", "Dara"]), "p%d.%d@example.org" % (i, k),
          "+44 7700 9%05d" % (i * 100 + k), random.choice(towns)) for k in range(40)])
for i in range(150):
    p = i % 20
    db.execute("CREATE TABLE events_%03d (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers_%02d(id), happened_at TEXT, amount_cents INTEGER)" % (i, p))
    db.executemany("INSERT INTO events_%03d VALUES (?,?,?,?)" % i,
        [(k, random.randrange(40), "2025-0%d-1%d" % (1 + k % 9, k % 10), random.randint(1, 9999)) for k in range(30)])
for i in range(100):
    db.execute("CREATE TABLE ref_codes_%03d (code TEXT PRIMARY KEY, label TEXT, sort_order INTEGER)" % i)
    db.executemany("INSERT INTO ref_codes_%03d VALUES (?,?,?)" % i, [("C%03d" % k, "label %d" % k, k) for k in range(10)])
for i in range(30):
    p = i % 20
    db.execute("CREATE TABLE clinic_notes_%02d (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers_%02d(id), diagnosis_code TEXT, allergy TEXT)" % (i, p))
    db.executemany("INSERT INTO clinic_notes_%02d VALUES (?,?,?,?)" % i,
        [(k, random.randrange(40), random.choice(["J45.0", "E11.9", "I10", "K21.9"]), random.choice(["peanuts", "penicillin", "latex"])) for k in range(20)])
db.commit()
PY
expect_rc 0 "$STEWARD" scan wide.db --sample 100 -q -o wide.json
expect_eq "$(jq '.sources[0].tables | length' wide.json)" 300 "300 tables"
expect_rc 0 "$STEWARD" map wide.json -o wide.svg
expect_rc 0 "$STEWARD" map wide.json --collapse no -o all.svg
python3 - wide.svg all.svg > shape.txt <<'PY' || fail "the map at 300 tables"
import re, sys, xml.etree.ElementTree as ET
S = "{http://www.w3.org/2000/svg}"
def info(path):
    root = ET.parse(path).getroot()
    w, h = (float(x.rstrip("pt")) for x in (root.get("width"), root.get("height")))
    nodes, texts = [], []
    for g in root.iter(S + "g"):
        if g.get("class") == "node":
            nodes.append(g.find(S + "title").text)
    for t in root.iter(S + "text"):
        texts.append((t.text or "").strip())
    fills = [p.get("fill", "").lower() for p in root.iter(S + "polygon")]
    return w, h, nodes, texts, fills
w, h, nodes, texts, fills = info(sys.argv[1])
tables = [n for n in nodes if not n.startswith("legend") and not n.startswith("group/")]
groups = [n for n in nodes if n.startswith("group/")]
print("collapsed: %d x %d pt, %d tables, %d groups" % (w, h, len(tables), len(groups)))
assert len(groups) == 2, groups
assert any(re.match(r"^150 tables about persons: keys, dates, amounts only$", t) for t in texts), "keys group"
assert any(re.match(r"^100 tables without personal data$", t) for t in texts), "reference group"
assert len(tables) == 50, len(tables)
# not one colour: keys are not coloured personal; health is special
assert fills.count("#d55e00") >= 30 and fills.count("#cc79a7") >= 20
# a page, not a strip
assert h / w < 2 and w / h < 3, (w, h)
# the legend lists only what is drawn: no materialized view, no inferred copy
assert not any("materialized view stores" in t for t in texts)
aw, ah, anodes, atexts, _ = info(sys.argv[2])
print("all: %d x %d pt, %d nodes" % (aw, ah, len(anodes)))
assert len([n for n in anodes if not n.startswith("legend")]) == 300
assert aw * ah > 3 * w * h, "collapsing must make the picture much smaller"
PY
cat shape.txt
# --max-tables: the most sensitive first, and the title says what is missing.
expect_rc 0 "$STEWARD" map wide.json --max-tables 25 --format dot -o top.dot
expect_grep 'and 25 more tables not drawn' top.dot
expect_eq "$(grep -c '\[special\]' top.dot)" 26 "the 25 drawn are the special-category ones (and the legend's row)"
expect_rc 2 "$STEWARD" map wide.json --max-tables 0
expect_rc 2 "$STEWARD" map wide.json --collapse sometimes
# Focus: the column is marked, the filter is in the title.
expect_rc 0 "$STEWARD" map wide.json --focus wide.main.customers_03.email --format dot -o focus.dot
expect_grep 'Lineage map · focus wide.main.customers_03.email, 2 hops' focus.dot
expect_grep '&#9658; email : Email \[personal\]' focus.dot
expect_grep '\[focus\]' focus.dot
# --split schema: a page per schema and an index; a flow between two
# schemas ends at a stub on each page.
expect_rc 0 "$STEWARD" demo -q -o demo
printf 'flows:\n  - { from: loyalty.main.customers, to: wide.main.customers_00, columns: { email: email }, via: crm-sync }\n' > flow.yaml
expect_rc 0 "$STEWARD" merge -c flow.yaml wide.json demo/inventory.json -o two.json
expect_rc 0 "$STEWARD" map two.json --split schema -o pages
expect_eq "$(ls pages | tr '\n' ' ')" "index.html loyalty.main.svg wide.main.svg " "one page per schema, and the index"
expect_grep '<a href="wide.main.svg">wide · main</a>' pages/index.html
expect_grep 'Lineage map · schema loyalty.main \(one page of several\)' pages/loyalty.main.svg
expect_grep 'on the page of its schema' pages/loyalty.main.svg "the flow into wide ends at a stub"
expect_grep 'on the page of its schema' pages/wide.main.svg "and starts at one"
expect_no_grep 'customers_05' pages/loyalty.main.svg "the other schema's tables are not drawn"
expect_rc 2 "$STEWARD" map two.json --split schema
expect_rc 2 "$STEWARD" map two.json --split table -o p2
expect_rc 2 "$STEWARD" map two.json --split schema --focus wide.main.customers_00 -o p3
finish
