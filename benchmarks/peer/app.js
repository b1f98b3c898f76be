'use strict';
// The app both runtimes serve: the same Express object behind lwa (server.js listens on a port)
// and under aws-lambda-ric (lambda.js wraps it with serverless-express).
const express = require('express');

const app = express();

// small GET: a short JSON answer
app.get('/hello', (req, res) => {
  res.json({ message: 'hello', path: req.path });
});

// large POST: the JSON body parsed and sent back, so request and response carry the same bytes
app.post('/echo', express.json({ limit: '1mb' }), (req, res) => {
  res.json(req.body);
});

module.exports = app;
