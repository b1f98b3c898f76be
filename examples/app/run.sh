#!/bin/sh
# The function's handler. /opt/bootstrap (AWS_LAMBDA_EXEC_WRAPPER) runs it in place of the Python
# runtime, in the task root: start the web app and let lwa (/opt/extensions/lambda-adapter) forward
# every invocation to it. Keep this file executable and with LF line endings.
exec python3 "$(dirname "$0")/app.py"
