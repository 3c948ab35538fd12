#!/usr/bin/env node
import { main } from '../dist/main.js';

// A closed pipe (`catena … | head`) is the reader's choice, not an error: stop quietly. Any
// other failure to write the standard output (a full disk, /dev/full) is one line and exit 1.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  try {
    process.stderr.write(
      `catena: cannot write the standard output (${e.code ?? e.message}); nothing more was written — check where the output goes (disk full?)\n`,
    );
  } catch {
    /* stderr is gone too */
  }
  process.exit(1);
});
process.stderr.on('error', () => {});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`catena: internal error: ${e?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
