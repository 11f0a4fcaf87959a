#!/bin/sh
# Checks the Prometheus configuration, the alert rules and their unit tests
# with promtool (Debian package: prometheus). CI runs it from any directory.
set -eu
cd "$(dirname "$0")"
if ! command -v promtool >/dev/null 2>&1; then
	echo "check.sh: promtool not found; install Debian's prometheus package" >&2
	exit 1
fi
# prometheus.yml reads the ops key from secrets/txstream-ops.key, a secret
# that is never committed; promtool requires the file, so the config is
# checked in a copy of this directory with a stand-in key.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -R . "$tmp/"
mkdir -p "$tmp/secrets"
printf 'stand-in\n' >"$tmp/secrets/txstream-ops.key"
(cd "$tmp" && promtool check config prometheus.yml)
promtool check config prometheus-dev.yml
promtool check rules rules/*.yml
promtool test rules tests/*.yml
