#!/bin/sh
# The whole "app": Python's standard-library file server on the port lwa forwards to (PORT),
# serving ./public. It is the zip function's handler (AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap execs it
# in place of the Python runtime) and the image's CMD. Keep this file executable, with LF endings.
exec python3 -m http.server "${PORT:-8080}" --bind 127.0.0.1 --directory "$(dirname "$0")/public"
