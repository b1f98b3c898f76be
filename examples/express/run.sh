#!/bin/sh
# The function's handler (zip function). /opt/bootstrap (AWS_LAMBDA_EXEC_WRAPPER) runs it in place of
# the Node.js runtime, in the task root. exec: the app must be the process Lambda signals (SIGTERM).
# Keep this file executable and with LF line endings.
exec node "$(dirname "$0")/app.js"
