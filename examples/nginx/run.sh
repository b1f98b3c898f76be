#!/bin/sh
# Starts nginx in the foreground on the port lwa forwards to (PORT), serving ./public. The image's
# entry point. nginx reads no environment variables, so the port and the paths are written into a
# copy of nginx.conf under /tmp (Lambda's only writable folder). Keep this file executable.
set -e
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nginx.XXXXXX")
sed -e "s|@PORT@|${PORT:-8080}|g" -e "s|@ROOT@|$here/public|g" -e "s|@TMP@|$tmp|g" "$here/nginx.conf" > "$tmp/nginx.conf"
# Lambda runs the function as an unprivileged user, and nginx then stays that user. Started as root
# (docker run, a laptop), its workers would switch to "nobody", who may not read the site: stay root.
user=""
if [ "$(id -u)" = 0 ]; then user="user root;"; fi
exec nginx -p "$tmp" -e stderr -c "$tmp/nginx.conf" -g "daemon off; $user"
