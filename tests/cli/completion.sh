#!/usr/bin/env bash
# Shell completion (steward completion bash|zsh|fish): generated from the
# option tables, so every option --help lists is completed; bash completes
# commands, options, --format values and --focus names from the inventory
# on the command line; the zsh and fish scripts are checked by their shells
# when installed.
. "$STEWARD_SRC/tests/lib.sh"
set -e
cd "$TEST_TMP"

expect_rc 0 "$STEWARD" demo -o demo -q
expect_rc 0 "$STEWARD" completion bash
cp out steward.bash
bash -n steward.bash && pass || fail "the bash script does not parse"

# complete WORDS...: what bash offers for the last word.
complete_words() {
	bash -c '
		steward() { "$STEWARD" "$@"; }
		. ./steward.bash
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_steward
		printf "%s\n" "${COMPREPLY[@]}"' complete "$@" | sort | tr '\n' ' '
}
export STEWARD
expect_eq "$(complete_words steward loc)" "locate " "a command"
expect_eq "$(complete_words steward report x.json --format m)" "markdown " "report --format values"
expect_eq "$(complete_words steward check x.json --format s)" "sarif " "check --format values"
expect_eq "$(complete_words steward map demo/inventory.json --focus loyalty.main.pharmacy_allergies.i)" \
	"loyalty.main.pharmacy_allergies.icd10_code loyalty.main.pharmacy_allergies.id " "--focus names from the inventory"
expect_eq "$(complete_words steward locate demo/inventory.json --by loyalty.main.customers.em)" \
	"loyalty.main.customers.email " "locate --by names"
expect_eq "$(complete_words steward rules e)" "explain " "a rules subcommand"
expect_eq "$(complete_words steward scan --samp)" "--sample --sample-views " "scan options"

# Every option of every command's --help is in the script.
for cmd in scan demo check diff report map explain locate rules config; do
	"$STEWARD" "$cmd" --help | grep -oE '^  (-[a-z], )?--[a-z-]+' | sed 's/.*--/--/' | sort -u > "$cmd.help"
	missing=$(while read -r o; do grep -q -- "^    $cmd) opts=\".*$o " steward.bash || echo "$o"; done < "$cmd.help")
	expect_eq "$missing" "" "$cmd: every option of --help is completed"
	[ -s "$cmd.help" ] && pass || fail "$cmd --help lists no option"
done

expect_rc 0 "$STEWARD" completion zsh
expect_grep '^#compdef steward$' out
cp out _steward
if command -v zsh >/dev/null; then zsh -n _steward && pass || fail "zsh script"; fi
expect_rc 0 "$STEWARD" completion fish
cp out steward.fish
expect_grep "^complete -c steward -n __fish_use_subcommand -a locate -d 'where one person\\\\'s data lives" steward.fish
expect_grep "^complete -c steward -n '__fish_seen_subcommand_from report' -l format -s f -x -a 'text markdown html json csv'$" steward.fish
if command -v fish >/dev/null; then fish -n steward.fish && pass || fail "fish script"; fi
expect_rc 2 "$STEWARD" completion tcsh
expect_rc 2 "$STEWARD" completion
expect_rc 0 "$STEWARD" __names demo/inventory.json
expect_grep '^loyalty.main.customers.email$' out
expect_rc 2 "$STEWARD" __names nosuch.json
# `cmake --install` puts the three scripts where the shells look for them.
DESTDIR=$TEST_TMP/root cmake --install "$(dirname "$STEWARD")" --prefix /usr >/dev/null
for f in share/bash-completion/completions/steward share/zsh/vendor-completions/_steward \
    share/fish/vendor_completions.d/steward.fish; do
	[ -s "$TEST_TMP/root/usr/$f" ] && pass || fail "not installed: $f"
done
cmp -s "$TEST_TMP/root/usr/share/bash-completion/completions/steward" steward.bash && pass || \
	fail "the installed bash completion differs from steward completion bash"
finish
