# The shipped CI templates run as written.  contrib/ci/github-actions.yml
# and contrib/ci/gitlab-ci.yml cannot run here as jobs (no runner, no
# service containers), but their own commands can: this test reads each
# template, takes the steps after the install ones (tests/cli/ci_install.sh
# runs those), and runs them in a scratch repository against the
# real PostgreSQL test server, with the variables the templates set pointed
# at it.  contrib/ci/pre-commit runs as a git hook in a scratch repository.
# Each runs twice: a migration adds an unapproved email column (the job or
# the commit fails, on the migration's line), then the council approves it
# (it passes).
. "$STEWARD_SRC/tests/lib.sh"
need_servers
command -v git >/dev/null || skip_test "git not installed"
/usr/bin/python3 -c 'import yaml' 2>/dev/null || { fail "python3-yaml is needed to read the templates (scripts/setup installs it)"; finish; exit 1; }

db=stw_ci_$$_$RANDOM
cleanup() {
	for d in "${db}_gh" "${db}_gl"; do pg -d postgres -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1; done
}
trap cleanup EXIT

# the templates call `steward` from PATH
mkdir -p "$TEST_TMP/bin"
ln -sf "$STEWARD" "$TEST_TMP/bin/steward"
export PATH="$TEST_TMP/bin:$PATH"

# repo DIR DB: a repository as docs/ci.md lays it out, its baseline made
# from migration 001 on database DB, then migration 002 adding an email
repo() {
	local dir=$1 d=$2
	rm -rf "$dir"
	mkdir -p "$dir/migrations" "$dir/.steward"
	cat > "$dir/migrations/001_init.sql" <<'SQL'
CREATE TABLE accounts (id INTEGER PRIMARY KEY, created_at TIMESTAMP, plan VARCHAR(20));
SQL
	cat > "$dir/steward.yaml" <<'YAML'
sources:
  - name: app
    dsn: ${STEWARD_DSN}
YAML
	pg -d postgres -c "CREATE DATABASE $d" >/dev/null || { fail "cannot create $d"; return 1; }
	pg -d "$d" -f "$dir/migrations/001_init.sql" >/dev/null
	(cd "$dir" && STEWARD_DSN="postgres://$PGUSER@127.0.0.1:$PGPORT/$d" \
		steward scan -c steward.yaml --sample 0 -o .steward/baseline.json --progress never -q) ||
		{ fail "cannot make the baseline in $dir"; return 1; }
	# the job starts from an empty database again
	pg -d postgres -c "DROP DATABASE $d" -c "CREATE DATABASE $d" >/dev/null
	printf -- '-- receipts\n\nALTER TABLE accounts ADD COLUMN email VARCHAR(200);\n' > "$dir/migrations/002_add_email.sql"
}

approve() {
	cat > "$1/.steward/approvals.yaml" <<'YAML'
approvals:
  - match: app.public.accounts.email
    category: user.contact.email
    approved_by: ethics-council-2026-11
    reason: receipts, deleted with the account
    expires: 2099-12-31
YAML
}

# The variables a template's job sets, pointed at the test server.
job_env() {
	export PGHOST=127.0.0.1 PGDATABASE=$1
	export STEWARD_DSN="postgres://$PGUSER@127.0.0.1:$PGPORT/$1"
}

# ---- GitHub Actions ---------------------------------------------------

# Writes the steps after "Install steward" as NAME, IF and FILE separated by
# \x1f (not white space: an empty IF must stay a field), each step's run:
# script in FILE.
gh_steps() {
	/usr/bin/python3 - "$STEWARD_SRC/contrib/ci/github-actions.yml" "$1" <<'PY'
import sys, yaml
wf = yaml.safe_load(open(sys.argv[1]))
steps = next(iter(wf["jobs"].values()))["steps"]
names = [s.get("name") for s in steps]
start = names.index("Install steward") + 1
for i, s in enumerate(steps[start:]):
    if "run" not in s:
        continue            # uses: actions (upload-sarif, upload-artifact)
    f = "%s/step%02d.sh" % (sys.argv[2], i)
    open(f, "w").write(s["run"])
    print("%s\x1f%s\x1f%s" % (s["name"], s.get("if", ""), f))
PY
}

gh_run() {
	local dir=$1 label=$2 name cond file rc out gate_step_rc="" gate_rc
	mkdir -p "$dir/.gh"
	: > "$dir/.gh/output"; : > "$dir/.gh/summary"
	gh_steps "$dir/.gh" > "$dir/.gh/steps" || { fail "$label: cannot read the workflow"; return; }
	expect_eq "$(cut -d $'\x1f' -f1 "$dir/.gh/steps" | tr '\n' '|')" \
		"Apply migrations to the empty database|Scan (names only, no data is read)|Diff against the baseline (job summary)|Check (annotations on the pull request)|Check (SARIF for code scanning)|Gate|" \
		"$label: the workflow's steps"
	gh_out=""
	while IFS=$'\x1f' read -r name cond file; do
		# the one expression the steps use after the build
		gate_rc=$(sed -n 's/^rc=//p' "$dir/.gh/output" | tail -n 1)
		sed -i "s/\${{ steps.gate.outputs.rc }}/$gate_rc/g" "$file"
		if grep -q '\${{' "$file"; then
			fail "$label: step '$name' uses an expression this test does not provide: $(grep -o '\${{[^}]*}}' "$file" | head -1)"
		fi
		case $cond in
		"") ;;
		"always() && steps.gate.outcome == 'success'")
			[ "$gate_step_rc" = 0 ] || continue ;;
		*) fail "$label: step '$name' has a condition this test does not know: $cond"; continue ;;
		esac
		# GitHub's default shell for run: bash --noprofile --norc -eo pipefail
		out=$( cd "$dir" && GITHUB_OUTPUT=$dir/.gh/output GITHUB_STEP_SUMMARY=$dir/.gh/summary \
			bash --noprofile --norc -eo pipefail "$file" 2>&1 ); rc=$?
		gh_out+="$out"$'\n'
		[ "$name" = "Check (annotations on the pull request)" ] && gate_step_rc=$rc
		[ "$name" = Gate ] && gh_gate=$rc
		[ "$name" = Gate ] || [ "$rc" = 0 ] || fail "$label: step '$name' failed ($rc): $(printf '%s' "$out" | tail -n 3)"
	done < "$dir/.gh/steps"
}

gh=$TEST_TMP/gh
repo "$gh" "${db}_gh" || { finish; exit 1; }
job_env "${db}_gh"
gh_gate=unset
gh_run "$gh" "github"
expect_eq "$gh_gate" 1 "github: the Gate step fails on the unapproved email"
printf '%s' "$gh_out" > "$TEST_TMP/gh.log"
expect_grep '^::error file=migrations/002_add_email\.sql,line=3,title=steward high%3A steward/new-personal-data::' "$TEST_TMP/gh.log"
expect_grep '^\| added \| `app\.public\.accounts\.email` \| `user\.contact\.email` \|' "$gh/.gh/summary"
validate_sarif_official "$gh/steward.sarif"
expect_eq "$(jq -r '[.runs[0].results[] | select(.level == "error") | .locations[0].physicalLocation.artifactLocation.uri] | join(",")' "$gh/steward.sarif")" \
	migrations/002_add_email.sql "github: the SARIF error points at the migration"

pg -d postgres -c "DROP DATABASE ${db}_gh" -c "CREATE DATABASE ${db}_gh" >/dev/null
approve "$gh"
rm -f "$gh/new.json" "$gh/steward.sarif"
gh_gate=unset
gh_run "$gh" "github, approved"
expect_eq "$gh_gate" 0 "github: the Gate step passes once approved"

# ---- GitLab CI --------------------------------------------------------

gl=$TEST_TMP/gl
repo "$gl" "${db}_gl" || { finish; exit 1; }
/usr/bin/python3 - "$STEWARD_SRC/contrib/ci/gitlab-ci.yml" > "$gl/.script.sh" <<'PY'
import sys, yaml
job = yaml.safe_load(open(sys.argv[1]))["steward-gate"]
# script: lines run one after the other in one shell; a failing line ends
# the job (as GitLab's runner does)
print("set -e")
print("\n".join(job["script"]))
PY
expect_grep '^exit \$rc$' "$gl/.script.sh" "gitlab: the job script ends with the gate's exit code"
gl_run() {
	(cd "$gl" && job_env "${db}_gl" && bash --noprofile --norc .script.sh) >"$TEST_TMP/gl.log" 2>&1
}
gl_run
expect_eq "$?" 1 "gitlab: the job fails on the unapproved email"
validate_sarif_official "$gl/steward.sarif"
if /usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E; s = E.parse(sys.argv[1]).getroot().find("testsuite"); sys.exit(0 if s is not None and s.get("failures") == "1" else 1)' "$gl/steward-junit.xml"; then
	pass
else
	fail "gitlab: steward-junit.xml does not hold one failure"
fi
expect_grep '^\| added \| `app\.public\.accounts\.email` \|' "$gl/steward-diff.md"
expect_grep "app\.public\.accounts\.email" "$TEST_TMP/gl.log"
pg -d postgres -c "DROP DATABASE ${db}_gl" -c "CREATE DATABASE ${db}_gl" >/dev/null
approve "$gl"
gl_run
expect_eq "$?" 0 "gitlab: the job passes once approved"

# ---- pre-commit hook --------------------------------------------------

pc=$TEST_TMP/pc
rm -rf "$pc"; mkdir -p "$pc/migrations" "$pc/.steward"
(
	cd "$pc" || exit 1
	git init -q . && git config user.email t@example.invalid && git config user.name t
	ln -s "$STEWARD_SRC/contrib/ci/pre-commit" .git/hooks/pre-commit
	printf 'CREATE TABLE accounts (id INTEGER PRIMARY KEY, created_at TIMESTAMP);\n' > migrations/001_init.sql
	sqlite3 v1.db < migrations/001_init.sql
	printf 'sources:\n  - name: app\n    dsn: "sqlite:%s/v1.db"\n' "$pc" > base.yaml
	steward scan -c base.yaml --sample 0 -o .steward/baseline.json --progress never -q
	rm -f base.yaml v1.db
	git add -A && git commit -q -m v1 >/dev/null
) || fail "pre-commit: cannot set up the repository"
pc_commit() { (cd "$pc" && git add -A && git commit -q -m "$1") >"$TEST_TMP/pc.log" 2>&1; }
printf 'readme\n' > "$pc/README"
pc_commit "no schema change"
expect_eq "$?" 0 "pre-commit: a commit that touches no migration passes"
printf 'ALTER TABLE accounts ADD COLUMN email TEXT;\n' > "$pc/migrations/002_add_email.sql"
pc_commit "email"
expect_eq "$?" 1 "pre-commit: an unapproved email column refuses the commit"
expect_grep "app\.main\.accounts\.email" "$TEST_TMP/pc.log"
expect_grep 'pre-commit: steward check failed' "$TEST_TMP/pc.log"
expect_eq "$(cd "$pc" && git log --oneline | wc -l)" 2 "pre-commit: the refused commit was not made"
cat > "$pc/.steward/approvals.yaml" <<'YAML'
approvals:
  - match: app.main.accounts.email
    category: user.contact.email
    approved_by: ethics-council-2026-11
    reason: receipts
    expires: 2099-12-31
YAML
pc_commit "email, approved"
expect_eq "$?" 0 "pre-commit: the approved email column is committed"
finish
