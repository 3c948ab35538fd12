/** Small shared pieces: pickers bound to URL parameters, figures, tables, messages. */
import type { ReactNode } from 'react';
import type { Row, TableEntry } from './api';
import { fmt } from './data';

export function Select({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  options: (string | [string, string])[];
  onChange: (v: string) => void;
  testId?: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {options.map((o) => {
          const [v, t] = Array.isArray(o) ? o : [o, o];
          return (
            <option key={v} value={v}>
              {t}
            </option>
          );
        })}
      </select>
    </label>
  );
}

export function TablePicker({ tables, value, onChange }: { tables: TableEntry[]; value: string; onChange: (v: string) => void }) {
  return (
    <Select
      label="Table"
      value={value}
      onChange={onChange}
      testId="table"
      options={tables.map((t) => [t.id, `${t.name}${t.year ? ` (${t.year})` : ''}`] as [string, string])}
    />
  );
}

/** A headline figure; `data-value` carries the exact number (the browser tests read it). */
export function Figure({ id, label, value, unit }: { id: string; label: string; value: number | null; unit?: string }) {
  return (
    <div className="figure">
      <div className="label">{label}</div>
      <div className="value" data-testid={id} data-value={value ?? ''}>
        {fmt(value)}
        {unit && value !== null ? <small> {unit}</small> : null}
      </div>
    </div>
  );
}

export function DataTable({ columns, rows, max = 50 }: { columns: string[]; rows: Row[]; max?: number }) {
  return (
    <div className="datatable">
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, max).map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>{typeof r[c] === 'number' && c !== 'year' && c !== 'time' ? fmt(r[c] as number, 4) : (r[c] ?? '')}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > max ? <p className="note">{rows.length - max} more rows in the CSV download</p> : null}
    </div>
  );
}

export const Message = ({ kind = 'note', children }: { kind?: 'note' | 'error'; children: ReactNode }) => (
  <p className={kind} role={kind === 'error' ? 'alert' : undefined}>
    {children}
  </p>
);

export const Loading = () => <p className="note">Computing…</p>;
