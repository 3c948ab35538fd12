/** catena serve: the bind and option rules, checked before anything listens. */
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';

async function run(argv: string[]) {
  const err: string[] = [];
  const code = await main(argv, { out: () => {}, err: (t) => err.push(t), isTTY: false });
  return { code, err: err.join('') };
}

describe('catena serve', () => {
  it('refuses a non-loopback bind without a token, naming --token', async () => {
    const r = await run(['serve', '--host', '0.0.0.0', '--memory', '--data', '']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--token/);
  });

  it('names a bad --port and a missing --data folder', async () => {
    expect((await run(['serve', '--port', 'eighty', '--memory'])).err).toMatch(/--port eighty/);
    expect((await run(['serve', '--port', '70000', '--memory'])).err).toMatch(/--port 70000/);
    expect((await run(['serve', '--memory', '--data', '/no/such/folder'])).err).toMatch(/--data: folder \/no\/such\/folder/);
  });
});
