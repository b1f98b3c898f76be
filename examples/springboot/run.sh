#!/bin/sh
# The function's handler. /opt/bootstrap (AWS_LAMBDA_EXEC_WRAPPER) runs it in place of the Java
# runtime's own start-up, in the task root: start the Spring Boot app with the runtime's java and let
# lwa (/opt/extensions/lambda-adapter) forward every invocation to it. The app listens on $PORT.
# C1 only and the serial GC: a small function starts faster and its JIT does not compete for the CPU.
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$(dirname "$0")/app.jar"
