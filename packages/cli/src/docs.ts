import type { Command } from './command.js';

/** The CLI reference (docs/cli.md), rendered from the commands' own help texts. */
export function renderCliDocs(commands: Command[]): string {
  const parts = [
    '# Command-line reference',
    '',
    "Generated from the commands' own `--help` texts by `npm run docs`; a test checks that this file",
    'matches the code.',
    '',
    'Exit codes: 0 success; 1 a problem with the input or the options (the message says what to fix);',
    '2 an internal error.',
    '',
  ];
  for (const c of commands) {
    parts.push(`## catena ${c.name}`, '', c.summary + '.', '', '```', `catena ${c.name} ${c.usage}`, '', c.help.trimEnd(), '```', '');
  }
  return parts.join('\n');
}
