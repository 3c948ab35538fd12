/** The zip reader on a ZIP64 archive (sizes, offsets and the entry count in the ZIP64 records). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { forEachSourceLine, headLines } from './lines.js';
import { textSource, zipEntrySource } from './stream.js';
import { zipEntries, zipEntryText } from './zip.js';

const tmp = mkdtempSync(join(tmpdir(), 'catena-stream-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const u16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v);
  return b;
};
const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
};
const u64 = (v: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(v));
  return b;
};

/**
 * A zip archive written the ZIP64 way (APPNOTE 4.3.14, 4.3.15, 4.5.3): every 32-bit size and
 * offset in the headers is 0xFFFFFFFF and the entry count 0xFFFF, the true values standing in the
 * ZIP64 extra fields, the ZIP64 end-of-central-directory record and its locator.
 */
function zip64(entries: { name: string; data: Buffer; deflate: boolean }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name);
    // prettier-ignore
    const local = Buffer.concat([
      u32(0x04034b50), u16(45), u16(0), u16(e.deflate ? 8 : 0), u16(0), u16(0), u32(0),
      u32(0xffffffff), u32(0xffffffff), u16(name.length), u16(20), name,
      u16(1), u16(16), u64(e.data.length), u64(body.length),
    ]);
    // prettier-ignore
    central.push(
      Buffer.concat([
        u32(0x02014b50), u16(45), u16(45), u16(0), u16(e.deflate ? 8 : 0), u16(0), u16(0), u32(0),
        u32(0xffffffff), u32(0xffffffff), u16(name.length), u16(28), u16(0), u16(0), u16(0), u32(0),
        u32(0xffffffff), name, u16(1), u16(24), u64(e.data.length), u64(body.length), u64(offset),
      ]),
    );
    parts.push(local, body);
    offset += local.length + body.length;
  }
  const dir = Buffer.concat(central);
  // prettier-ignore
  const record = Buffer.concat([
    u32(0x06064b50), u64(44), u16(45), u16(45), u32(0), u32(0),
    u64(entries.length), u64(entries.length), u64(dir.length), u64(offset),
  ]);
  const locator = Buffer.concat([u32(0x07064b50), u32(0), u64(offset + dir.length), u32(1)]);
  const eocd = Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(0xffff), u16(0xffff), u32(0xffffffff), u32(0xffffffff), u16(0)]);
  return Buffer.concat([...parts, dir, record, locator, eocd]);
}

describe('zip reader', () => {
  const text = Array.from({ length: 5000 }, (_, k) => `row ${k},${k * 0.5}`).join('\r\n') + '\n';
  const path = join(tmp, 'big64.zip');
  writeFileSync(
    path,
    zip64([
      { name: 'readme.md', data: Buffer.from('stored entry\n'), deflate: false },
      { name: 'table.csv', data: Buffer.from(text), deflate: true },
    ]),
  );

  it('reads sizes, offsets and the entry count from the ZIP64 records', () => {
    const entries = zipEntries(path);
    expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
      ['readme.md', 0, 13],
      ['table.csv', 8, text.length],
    ]);
    expect(entries[1].localOffset).toBeGreaterThan(0);
    expect(zipEntryText(path, entries[0])).toBe('stored entry\n');
    expect(zipEntryText(path, entries[1])).toBe(text);
  });

  it('streams a ZIP64 entry line by line and reads its head', async () => {
    const src = textSource(path);
    expect(src.name).toBe(`${path}:table.csv`);
    expect(headLines(src, 2)).toEqual(['row 0,0', 'row 1,0.5']);
    const lines: string[] = [];
    await forEachSourceLine(zipEntrySource(path, zipEntries(path)[1]), (l) => void lines.push(l));
    expect(lines.length).toBe(5000);
    expect(lines[4999]).toBe('row 4999,2499.5');
  });

  it('names a truncated archive', () => {
    const cut = join(tmp, 'cut64.zip');
    writeFileSync(cut, zip64([{ name: 'a.csv', data: Buffer.from(text), deflate: true }]).subarray(0, 300));
    expect(() => zipEntries(cut)).toThrow(/cut64\.zip: found a damaged zip \(no end-of-central-directory record: truncated\?\)/);
  });
});
