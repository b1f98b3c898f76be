// An ordinary Express 5 app. It knows nothing about Lambda: lwa turns each invocation into an HTTP
// request to it, and its answer into the result the trigger (HTTP API, Function URL) expects.
'use strict';

const path = require('node:path');
const express = require('express');
const cookieParser = require('cookie-parser');

const app = express();
app.use(express.json());
app.use(cookieParser());
// /logo.png and any other file under public/, sent as they are (binary included).
app.use(express.static(path.join(__dirname, 'public')));

const items = new Map([
  ['1', { id: '1', name: 'teapot', price: 18 }],
  ['2', { id: '2', name: 'kettle', price: 32 }],
]);

app.get('/', (req, res) => {
  res.json({ message: 'hello from Express on Lambda' });
});

app.get('/items', (req, res) => {
  const limit = Number(req.query.limit ?? items.size);
  res.json({ items: [...items.values()].slice(0, limit) });
});

app.get('/items/:id', (req, res) => {
  const item = items.get(req.params.id);
  if (!item) {
    res.status(404).json({ error: `no item ${req.params.id}` });
    return;
  }
  res.json(item);
});

app.post('/items', (req, res) => {
  const { name, price } = req.body ?? {};
  if (typeof name !== 'string' || typeof price !== 'number') {
    res.status(400).json({ error: 'name (a string) and price (a number) are required' });
    return;
  }
  const id = String(items.size + 1);
  const item = { id, name, price };
  items.set(id, item);
  res.status(201).location(`/items/${id}`).json(item);
});

// Two cookies in one answer: each is its own Set-Cookie header.
app.post('/login', (req, res) => {
  const user = req.body?.user ?? 'guest';
  res.cookie('session', `s-${user}`, { httpOnly: true, sameSite: 'lax', path: '/' });
  res.cookie('theme', 'dark', { maxAge: 24 * 3600 * 1000, path: '/' });
  res.json({ user });
});

// The cookies the client sent back, as cookie-parser reads them.
app.get('/me', (req, res) => {
  if (!req.cookies.session) {
    res.status(401).json({ error: 'not logged in' });
    return;
  }
  res.json({ session: req.cookies.session, theme: req.cookies.theme ?? null });
});

const port = Number(process.env.PORT ?? 8080);
const server = app.listen(port, '127.0.0.1', (err) => {
  if (err) {
    throw err;
  }
  console.log(`express: listening on 127.0.0.1:${port}`);
});

// Lambda sends SIGTERM before it stops the execution environment (lwa, an external extension,
// makes Lambda do so). Finish what is in flight, close the server, then exit.
process.on('SIGTERM', () => {
  console.log('express: SIGTERM received, closing the server');
  server.close(() => {
    console.log('express: server closed, exiting');
    process.exit(0);
  });
  server.closeIdleConnections();
});
