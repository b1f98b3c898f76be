'use strict';
// The app as lwa runs it: listening on PORT (0 = any free port) of 127.0.0.1. Prints
// "listening on <port>" once it accepts connections, for the harness to read.
const app = require('./app');

const server = app.listen(Number(process.env.PORT || 8080), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
// longer than the gaps between the harness's phases, so no measured invoke opens a new connection
server.keepAliveTimeout = 120000;
process.on('SIGTERM', () => server.close(() => process.exit(0)));
