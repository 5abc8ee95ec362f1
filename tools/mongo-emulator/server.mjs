// Starts the in-memory MongoDB wire-protocol emulator (CongoServer, patched: see README.md) on 127.0.0.1.
// Usage: node server.mjs [port]   (port 0, the default, lets the system pick a free one)
// Prints one line "mongo-emulator ready mongodb://127.0.0.1:<port>" once it accepts connections, and exits when
// its standard input, given as a pipe, closes, so a test run that dies does not leave it behind. Without a pipe (the
// AppHost's embedded MongoDB, whose runner gives none) it runs until SIGTERM or SIGINT.
import { fstatSync } from 'node:fs';
import { CongoServer } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';

const port = Number.parseInt(process.argv[2] ?? '0', 10);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`usage: node server.mjs [port]; '${process.argv[2]}' is not a port`);
  process.exit(2);
}

const server = new CongoServer({ host: '127.0.0.1', port, storage: 'memory' });
await server.start();

// CongoServer reports the port it was asked for; with 0 the listening socket knows the one it got.
const { port: actualPort } = server.server.address();
console.log(`mongo-emulator ready mongodb://127.0.0.1:${actualPort}`);

let stopping = false;
async function stop(reason) {
  if (stopping) {
    return;
  }

  stopping = true;
  console.log(`mongo-emulator stopping (${reason})`);
  await server.stop();
  process.exit(0);
}

process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
const stdin = fstatSync(0);
if (stdin.isFIFO() || stdin.isSocket()) {
  process.stdin.on('end', () => stop('standard input closed'));
  process.stdin.on('error', () => stop('standard input closed'));
  process.stdin.resume();
}
