// Writes docs/cli.md from the built commands' help texts (npm run build first).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { commands } = await import(join(root, 'packages/cli/dist/main.js'));
const { renderCliDocs } = await import(join(root, 'packages/cli/dist/docs.js'));
writeFileSync(join(root, 'docs/cli.md'), renderCliDocs(commands));
console.log('docs/cli.md written');
