import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../src/commands/index.js';
import { renderCliDocs } from '../src/docs.js';

describe('docs/cli.md', () => {
  it('matches the commands (regenerate with npm run docs)', () => {
    const file = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'cli.md'), 'utf8');
    expect(file).toBe(renderCliDocs(commands));
  });
});
