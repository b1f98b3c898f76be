// An Express 5 app that consumes SQS messages. lwa POSTs every event that is not an HTTP request
// (here: an SQS batch) to AWS_LWA_PASS_THROUGH_PATH, /events, and the JSON this app answers is the
// function's result. With ReportBatchItemFailures on the event source mapping, Lambda deletes the
// batch's messages except those listed in batchItemFailures, which go back to the queue.
'use strict';

const express = require('express');

const app = express();
app.use(express.json({ limit: '6mb' }));

const orders = new Map();

// One message: its body must be a JSON order {"orderId": "...", "quantity": n} with n > 0.
function processOrder(record) {
  const order = JSON.parse(record.body);
  if (typeof order.orderId !== 'string' || !Number.isInteger(order.quantity) || order.quantity <= 0) {
    throw new Error('not an order: ' + record.body);
  }
  orders.set(order.orderId, order.quantity);
}

app.post('/events', (req, res) => {
  const records = req.body?.Records ?? [];
  const batchItemFailures = [];
  for (const record of records) {
    try {
      processOrder(record);
      console.log(`sqs: message ${record.messageId} done`);
    } catch (err) {
      console.log(`sqs: message ${record.messageId} rejected (${err.message})`);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  res.json({ batchItemFailures });
});

// lwa's readiness check (GET /), and a look at what was processed.
app.get('/', (req, res) => {
  res.json({ orders: Object.fromEntries(orders) });
});

const port = Number(process.env.PORT ?? 8080);
const server = app.listen(port, '127.0.0.1', (err) => {
  if (err) {
    throw err;
  }
  console.log(`express-sqs: listening on 127.0.0.1:${port}`);
});

process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
