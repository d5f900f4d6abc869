#!/usr/bin/env bash
# steward config check: a valid configuration exits 0 and says what it
# configures (approvals that expire within 30 days included); every kind of
# bad input exits 2 with file:line:column; a ${ENV} password is resolved
# and never printed.
. "$STEWARD_SRC/tests/lib.sh"
set -e
cd "$TEST_TMP"

expect_rc 0 "$STEWARD" demo -o demo -q
expect_rc 0 "$STEWARD" config check -c demo/steward.yaml --as-of 2027-06-10
expect_grep '^demo/steward.yaml: ok$' out
expect_grep '^  loyalty: sqlite:.*/loyalty.db; purposes order_fulfilment, support$' out
expect_grep '^rules: [0-9]+ active, every built-in pack' out
expect_grep '^  user.health: retention 1825 days purposes 1$' out
expect_grep '^  expires on 2027-06-30, in 20 days: loyalty.main.analytics_email_copy.email \(demo/steward.yaml:[0-9]+\)$' out
expect_grep '^  expired on 2026-01-31: loyalty.main.customer_email_history.old_email' out
expect_rc 0 "$STEWARD" config check -c demo/steward.yaml --as-of 2027-01-01
expect_no_grep 'expires on' out

# The password from ${ENV}: resolved, redacted.
cat > env.yaml <<'YAML'
sources:
  - name: shop
    dsn: "postgres://scanner:${STW_T_CFG_PW}@127.0.0.1:5432/shop"
YAML
STW_T_CFG_PW=s3cr3t-pw expect_rc 0 "$STEWARD" config check -c env.yaml
expect_grep '^  shop: postgres://scanner:\*\*\*@127.0.0.1:5432/shop$' out
expect_no_grep 's3cr3t-pw' out
expect_no_grep 's3cr3t-pw' err
expect_rc 2 env -u STW_T_CFG_PW "$STEWARD" config check -c env.yaml
expect_grep "env.yaml:3:10: environment variable 'STW_T_CFG_PW' is not set" err

# Bad input, each with its place.
printf 'rules:\n  packs: [core, nope]\n' > pack.yaml
expect_rc 2 "$STEWARD" config check -c pack.yaml
expect_grep "pack.yaml:2:17: no built-in rule pack 'nope'" err
printf 'rules:\n  files: [missing-rules.yaml]\n' > files.yaml
expect_rc 2 "$STEWARD" config check -c files.yaml
expect_grep 'files.yaml:2:11: .*missing-rules.yaml' err
printf 'sampel: { rows: 10 }\n' > key.yaml
expect_rc 2 "$STEWARD" config check -c key.yaml
expect_grep "key.yaml:1:1: unknown key 'sampel' at the top level \(did you mean 'sample'\?\)" err
printf 'sources:\n  - name: old\n    dsn: "oracle://x/y"\n' > dsn.yaml
expect_rc 2 "$STEWARD" config check -c dsn.yaml
expect_grep "dsn.yaml:3:10: source 'old': unknown data source scheme 'oracle'" err
# the scan says where, not what: a malformed DSN from the environment
printf 'sources:\n  - name: prod\n    dsn: ${T_BAD_DSN}\n' > dsn2.yaml
T_BAD_DSN='postgres//scanner:hunter2@db:5432/shop' expect_rc 2 "$STEWARD" scan -c dsn2.yaml -o x.json
expect_grep "dsn2.yaml:3:10: source 'prod': cannot tell what kind of data source this is" err
expect_no_grep 'hunter2|scanner' err
T_BAD_DSN='postgres//scanner:hunter2@db:5432/shop' expect_rc 2 "$STEWARD" config check -c dsn2.yaml
expect_grep "dsn2.yaml:3:10: source 'prod'" err
expect_no_grep 'hunter2|scanner' err
for bad in 'postgres//u:hunter2@h/db' 'postgres:/u:hunter2@h/db' 'mysql:u:hunter2@h/db' 'postgres://u:hunter2@h:0/db'; do
	expect_rc 2 "$STEWARD" scan "$bad"
	expect_no_grep 'hunter2' err "a malformed DSN echoed: $bad"
done
printf 'access:\n  allowed_roles:\n    health: [app]\n' > access.yaml
expect_rc 2 "$STEWARD" config check -c access.yaml
expect_grep "access.yaml:3:5: invalid category 'health' in access.allowed_roles" err
printf -- '- id: x\n  category: user.contact.email\n  sensitivity: personal\n  name: "(unclosed"\n' > bad-rule.yaml
expect_rc 2 "$STEWARD" config check -c demo/steward.yaml --rules bad-rule.yaml
expect_grep 'bad-rule.yaml:4' err
# fingerprints: the key comes from the environment, is never printed, and
# a short one is refused where it stands
printf 'sources:\n  - name: a\n    dsn: sqlite:x.db\nfingerprints:\n  key: ${T_FP_KEY}\n' > fp.yaml
T_FP_KEY=sekrit-fingerprint-key-42 expect_rc 0 "$STEWARD" config check -c fp.yaml
expect_grep '^fingerprints: on, keyed by fingerprints.key \(line 5; not shown\)' out
expect_no_grep 'sekrit' out
T_FP_KEY=short expect_rc 2 "$STEWARD" config check -c fp.yaml
expect_grep "fp.yaml:5:8: 'fingerprints.key' is 5 bytes: use at least 16" err
expect_no_grep 'short' err
printf 'fingerprints:\n  enabled: maybe\n' > fp2.yaml
expect_rc 2 "$STEWARD" config check -c fp2.yaml
expect_grep "fp2.yaml:2:12: expected true or false for 'fingerprints.enabled'" err
expect_rc 2 "$STEWARD" config check -c nosuch.yaml
expect_rc 2 "$STEWARD" config check -c /dev/zero
expect_grep "'/dev/zero' is larger than steward reads \(8 MB\)" err
expect_rc 2 "$STEWARD" report /dev/zero
expect_grep "'/dev/zero' is larger than steward reads \(1024 MB\)" err
expect_rc 2 "$STEWARD" config check --as-of 2027-13-99 -c demo/steward.yaml
expect_rc 2 "$STEWARD" config
expect_rc 0 "$STEWARD" config --help
expect_grep 'steward config check' out
finish
