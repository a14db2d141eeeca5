#!/usr/bin/env bash
# Runs a build command; its content errors ("content/x.md:3: date: ...") are also
# repeated as GitHub Actions annotations, so the editor reads the Vietnamese message on
# the commit's page (Checks) and not only in the log. The exit status is the command's.
set -uo pipefail
"$@" 2> >(tee /dev/stderr | sed -nE 's/^(content\/[^:]+):([0-9]+): (.*)$/::error file=\1,line=\2::\3/p')
status=$?
wait
exit "$status"
