#!/usr/bin/env node
import { main } from '../dist/main.js';

// A closed pipe (`catena … | head`) is the reader's choice, not an error: stop quietly.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
