#!/bin/sh
# Installs steward in a Debian 12 CI job: the .deb the project's release
# job built when STEWARD_DEB (a path or a URL) is given, else built from
# source (STEWARD_GIT_URL, STEWARD_REF).  Used by the fleet templates.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
if [ -n "${STEWARD_DEB:-}" ]; then
	case $STEWARD_DEB in
	http://* | https://*)
		apt-get install -y -q --no-install-recommends ca-certificates curl
		curl -fsSL -o /tmp/steward.deb "$STEWARD_DEB"
		STEWARD_DEB=/tmp/steward.deb ;;
	esac
	# apt resolves the package's Depends: (libpq5, libmariadb3, ...)
	apt-get install -y -q --no-install-recommends "$(readlink -f "$STEWARD_DEB")"
else
	: "${STEWARD_GIT_URL:?set STEWARD_GIT_URL (or STEWARD_DEB)}"
	apt-get install -y -q --no-install-recommends \
		git ca-certificates cmake make pkg-config gcc libc6-dev \
		libpq-dev libmariadb-dev libpcre2-dev libgraphviz-dev libsqlite3-dev \
		libyaml-dev libjansson-dev libpg-query-dev libicu-dev
	git clone --depth 1 --branch "${STEWARD_REF:-main}" "$STEWARD_GIT_URL" /opt/steward-src
	cmake -S /opt/steward-src -B /opt/steward-build -DCMAKE_BUILD_TYPE=Release
	cmake --build /opt/steward-build -j"$(nproc)" --target steward
	install -m 755 /opt/steward-build/steward /usr/local/bin/steward
fi
steward --version
