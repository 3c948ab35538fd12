/** Tables: the workspace's tables, import from the data folders or by upload, diagnostics. */
import { useState } from 'react';
import { api, post, type TableEntry } from '../api';
import { fmt, useFetch } from '../data';
import { useParam } from '../url';
import { DataTable, Figure, Message } from '../ui';

interface Diagnostics {
  table: TableEntry;
  totals: Record<string, number>;
  shape: { G: number; N: number; F: number; GN: number };
  diagnostics: { code: string; severity: string; message: string; items: { label: string; value: number }[] }[];
  zeroOutput: number;
}

export function TablesPage() {
  const [table, setTable] = useParam('table', 'sample');
  const [reload, setReload] = useState(0);
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');
  const list = useFetch<{ tables: TableEntry[] }>(`/api/tables?r=${reload}`);
  const files = useFetch<{ folders: string[]; files: { path: string; root: string; bytes: number }[] }>('/api/data-files');
  const diag = useFetch<Diagnostics>(table ? `/api/tables/${encodeURIComponent(table)}/diagnostics` : null);
  const [file, setFile] = useState('');

  const act = async (label: string, fn: () => Promise<unknown>) => {
    setBusy(label);
    setError('');
    try {
      await fn();
      setReload((r) => r + 1);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy('');
    }
  };
  const importPath = () =>
    act(`importing ${file}`, async () => {
      const f = files.data!.files.find((x) => `${x.root}/${x.path}` === file)!;
      const t = await post<TableEntry>('/api/tables', { path: `${f.root}/${f.path}` });
      setTable(t.id);
    });
  const upload = (f: File) =>
    act(`uploading ${f.name}`, async () => {
      const t = await api<TableEntry>(`/api/tables/upload?name=${encodeURIComponent(f.name)}`, {
        method: 'POST',
        body: await f.arrayBuffer(),
        headers: { 'content-type': 'application/octet-stream' },
      });
      setTable(t.id);
    });

  const tables = list.data?.tables ?? [];
  return (
    <>
      <section className="controls">
        <label className="field">
          <span>Import from the data folders</span>
          <select value={file} onChange={(e) => setFile(e.target.value)} data-testid="data-file">
            <option value="">— choose a file —</option>
            {(files.data?.files ?? []).map((f) => (
              <option key={`${f.root}/${f.path}`} value={`${f.root}/${f.path}`}>
                {f.path} ({fmt(f.bytes / 1024, 3)} KiB)
              </option>
            ))}
          </select>
        </label>
        <button disabled={!file || !!busy} onClick={importPath} data-testid="import">
          Import
        </button>
        <label className="field">
          <span>Upload a table file</span>
          <input type="file" onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])} data-testid="upload" />
        </label>
        {busy ? <span className="note">{busy}…</span> : null}
      </section>
      {error ? <Message kind="error">{error}</Message> : null}
      {list.error ? <Message kind="error">{list.error}</Message> : null}
      <div className="datatable">
        <table data-testid="tables">
          <thead>
            <tr>
              <th>name</th>
              <th>year</th>
              <th>countries × sectors</th>
              <th>unit</th>
              <th>source</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tables.map((t) => (
              <tr key={t.id} className={t.id === table ? 'selected' : ''} onClick={() => setTable(t.id)} data-table={t.id}>
                <td>{t.name}</td>
                <td>{t.year ?? '—'}</td>
                <td>
                  {t.countries.length} × {t.sectors.length}
                </td>
                <td>{t.unit}</td>
                <td>{t.source}</td>
                <td>
                  {t.builtin ? null : (
                    <button
                      onClick={(e) => {
                        e.stopPropagation();
                        if (confirm(`Delete ${t.name} and its cached results from the workspace?`))
                          void act('deleting', () => api(`/api/tables/${t.id}`, { method: 'DELETE' }));
                      }}
                    >
                      delete
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {diag.error ? <Message kind="error">{diag.error}</Message> : null}
      {diag.data ? <DiagnosticsView d={diag.data} /> : null}
    </>
  );
}

function DiagnosticsView({ d }: { d: Diagnostics }) {
  return (
    <>
      <h2>
        {d.table.name}: {d.shape.G} countries × {d.shape.N} sectors, {d.shape.F} final-demand categories
      </h2>
      <div className="figures">
        <Figure id="total-output" label="Output" value={d.totals.output} unit={d.table.unit} />
        <Figure id="total-va" label="Value added" value={d.totals.valueAdded} unit={d.table.unit} />
        <Figure id="total-exports" label="Gross exports" value={d.totals.exports} unit={d.table.unit} />
        <Figure id="total-fd" label="Final demand" value={d.totals.finalDemand} unit={d.table.unit} />
        <Figure id="zero-output" label="Country-sectors with x ≤ 0" value={d.zeroOutput} />
      </div>
      <h2>Diagnostics</h2>
      {d.diagnostics.length === 0 ? <p className="note">No findings.</p> : null}
      {d.diagnostics.map((x) => (
        <div key={x.code}>
          <p>
            <strong>[{x.severity}]</strong> {x.message}
          </p>
          <DataTable columns={['label', 'value']} rows={x.items.map((i) => ({ label: i.label, value: i.value }))} max={10} />
        </div>
      ))}
    </>
  );
}
