#!/bin/sh
# Checks the Prometheus configuration, the alert rules and their unit tests
# with promtool (Debian package: prometheus). CI runs it from any directory.
set -eu
cd "$(dirname "$0")"
if ! command -v promtool >/dev/null 2>&1; then
	echo "check.sh: promtool not found; install Debian's prometheus package" >&2
	exit 1
fi
promtool check config prometheus.yml
promtool check config prometheus-dev.yml
promtool check rules rules/*.yml
promtool test rules tests/*.yml
