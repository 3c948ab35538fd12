/**
 * Network faults in `catena download`, against a loopback server started here (127.0.0.1 only;
 * every stalled socket is closed at the end): a stalled checksum request and a stalled file (read
 * timeout), an HTML page instead of the checksum record, a dropped connection (partial file kept,
 * then resumed), and a user's file at the target that does not match the checksum (moved aside,
 * never deleted). The mode of the server is the first segment of --base.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseDir, check, runIn, snapshot } from './harness.js';

// digits only, so the harness's NaN/Infinity scan of created files cannot trip on random bytes
const PAYLOAD = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => 48 + ((i * 31 + (i >> 7)) % 10)));
const MD5 = createHash('md5').update(PAYLOAD).digest('hex');
const FILE = 'IOT_2011_ixi.zip';
let server: Server;
let port = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const [, mode, ...rest] = (req.url ?? '').split('/');
    const path = `/${rest.join('/')}`;
    if (path.startsWith('/api/records/5589597')) {
      if (mode === 'stall-api') return; // never answers
      if (mode === 'html') {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end('<!DOCTYPE html><html><body>Maintenance</body></html>');
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ files: [{ key: FILE, checksum: `md5:${MD5}` }] }));
      return;
    }
    if (path.startsWith(`/records/5589597/files/${FILE}`)) {
      const range = /bytes=(\d+)-/.exec(req.headers.range ?? '');
      const from = range ? Number(range[1]) : 0;
      res.statusCode = range ? 206 : 200;
      if (range) res.setHeader('content-range', `bytes ${from}-${PAYLOAD.length - 1}/${PAYLOAD.length}`);
      res.setHeader('content-length', String(PAYLOAD.length - from));
      if (mode === 'stall' || mode === 'drop') {
        res.flushHeaders();
        res.write(PAYLOAD.subarray(from, from + 32 * 1024), () => {
          if (mode === 'drop') setTimeout(() => res.destroy(), 20);
        });
        return; // stall: nothing more is sent
      }
      res.end(PAYLOAD.subarray(from));
      return;
    }
    res.statusCode = 404;
    res.end('not found');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

const base = (mode: string) => `http://127.0.0.1:${port}/${mode}`;
const dl = (dir: string, mode: string, ...more: string[]) => [
  'download',
  'exiobase3',
  '--year',
  '2011',
  '--dir',
  join(dir, 'dl'),
  '--base',
  base(mode),
  ...more,
];

describe('download: network faults are clear errors, and partial files are kept', () => {
  it('a stalled checksum request times out (--timeout 1)', async () => {
    const dir = caseDir('stall-api');
    const before = snapshot(dir);
    const r = await runIn(dl(dir, 'stall-api', '--timeout', '1'));
    check(dir, before, r, {
      code: 1,
      names: [`${base('stall-api')}/api/records/5589597`, /did not answer within 1 s \(read timeout\)/, '--timeout'],
    });
  });

  it('HTML instead of the checksum record is named, not a JSON SyntaxError', async () => {
    const dir = caseDir('html');
    const before = snapshot(dir);
    const r = await runIn(dl(dir, 'html'));
    check(dir, before, r, {
      code: 1,
      names: [/expected the Zenodo record with the checksums \(JSON\), got an HTML or XML page \(text\/html\)/],
    });
    expect(r.err).not.toMatch(/SyntaxError|Unexpected token/);
  });

  it('a stalled transfer times out and keeps the partial file; the next run resumes and verifies', async () => {
    const dir = caseDir('stall');
    const before = snapshot(dir);
    const r = await runIn(dl(dir, 'stall', '--timeout', '1'));
    check(dir, before, r, {
      code: 1,
      names: [/no data for 1 s \(read timeout\)/, `the partial file ${join(dir, 'dl', FILE)}.part is kept (32768 of 65536 bytes)`],
      creates: [`dl/${FILE}.part`],
    });
    const again = await runIn(dl(dir, 'ok'));
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(/resumed and completed.*matches the publisher's MD5/);
    expect(readFileSync(join(dir, 'dl', FILE)).equals(PAYLOAD)).toBe(true);
  });

  it('a dropped connection: exit 1, the partial file kept and the message says so', async () => {
    const dir = caseDir('drop');
    const before = snapshot(dir);
    const r = await runIn(dl(dir, 'drop'));
    check(dir, before, r, {
      code: 1,
      names: [
        /the connection (dropped|ended early)/,
        /partial file .*\.part is kept \(32768 of 65536 bytes\): run the command again to resume/,
      ],
      creates: [`dl/${FILE}.part`],
    });
    expect(readFileSync(join(dir, 'dl', `${FILE}.part`)).equals(PAYLOAD.subarray(0, 32768))).toBe(true);
  });

  it("a user's file at the target that does not match is moved aside, never deleted", async () => {
    const dir = caseDir('mismatch');
    mkdirSync(join(dir, 'dl'));
    writeFileSync(join(dir, 'dl', FILE), 'my own notes, not the publisher file\n');
    const before = snapshot(dir);
    const r = await runIn(dl(dir, 'ok'));
    const aside = readdirSync(join(dir, 'dl')).find((f) => f.startsWith(`${FILE}.mismatch-`));
    expect(aside, r.err).toBeDefined();
    check(dir, before, r, {
      code: 0,
      names: [`does not match the publisher's checksum; it was moved to ${join(dir, 'dl', aside!)}`],
      creates: [`dl/${aside}`],
      changes: [`dl/${FILE}`],
    });
    expect(readFileSync(join(dir, 'dl', aside!), 'utf8')).toBe('my own notes, not the publisher file\n');
    expect(readFileSync(join(dir, 'dl', FILE)).equals(PAYLOAD)).toBe(true);
  });

  it('--timeout must be positive seconds', async () => {
    const dir = caseDir('timeout-opt');
    const before = snapshot(dir);
    const r = await runIn(dl(dir, 'ok', '--timeout', '-5'));
    check(dir, before, r, { code: 1, names: ['--timeout -5: expected seconds, a number above 0'] });
    expect(existsSync(join(dir, 'dl', FILE))).toBe(false);
  });
});
