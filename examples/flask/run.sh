#!/bin/sh
# Starts the app with gunicorn on the port lwa forwards to (PORT). It is the zip function's handler
# (AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap execs it in place of the Python runtime) and the image's
# CMD. One worker: Lambda sends one request at a time to an execution environment; the threads
# let lwa's readiness check and a request overlap. Keep this file executable, with LF line endings.
cd "$(dirname "$0")" || exit 1
exec python3 -m gunicorn --bind "127.0.0.1:${PORT:-8080}" --workers 1 --threads 4 \
  --access-logfile - app:app
