/**
 * Reading an analysis's options schema: the fields a front end shows (CLI flags, form inputs,
 * OpenAPI properties) and the wording of a value the schema rejects. Browser-safe.
 *
 * Schemas are zod objects whose fields are strings, numbers, booleans, enums, lists of strings
 * or records of string lists, each optionally `.optional()` or `.default(…)`, each with a
 * `.describe()` — the one-line help the front ends print.
 */
import { z } from 'zod';
import { OptionError } from '../errors.js';
import type { AnalysisDef } from './analysis.js';

export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'list' | 'record';

/** One option of an analysis, as front ends need it. */
export interface OptionField {
  /** The schema's field name (camelCase); the CLI flag is its kebab-case form unless renamed. */
  name: string;
  kind: FieldKind;
  /** The field's `.describe()` text. */
  description: string;
  required: boolean;
  default?: unknown;
  /** The allowed values of an enum (or of a list's items, when those are an enum). */
  values?: string[];
  /** Bounds of a number. */
  min?: number;
  max?: number;
}

interface Def {
  type: string;
  innerType?: Schema;
  defaultValue?: unknown;
  element?: Schema;
  valueType?: Schema;
  entries?: Record<string, string>;
  checks?: { _zod: { def: { check: string; value?: number; inclusive?: boolean; format?: string } } }[];
  in?: Schema;
}
type Schema = z.ZodType & { def: Def; description?: string };

function numberBounds(s: Schema): { min?: number; max?: number; integer: boolean } {
  const out: { min?: number; max?: number; integer: boolean } = { integer: false };
  for (const c of s.def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'greater_than') out.min = d.value;
    else if (d.check === 'less_than') out.max = d.value;
    else if (d.check === 'number_format' && /int/.test(d.format ?? '')) out.integer = true;
  }
  return out;
}

/** The fields of an object schema, in declaration order. */
export function optionFields(schema: z.ZodType): OptionField[] {
  const shape = (schema as unknown as { shape?: Record<string, Schema> }).shape;
  if (!shape) throw new Error('an analysis options schema must be a zod object');
  return Object.entries(shape).map(([name, field]) => describeField(name, field));
}

function describeField(name: string, field: Schema): OptionField {
  let s = field;
  let required = true;
  let dflt: unknown;
  const description = field.description ?? '';
  for (;;) {
    const t = s.def.type;
    if (t === 'optional' || t === 'nullable') required = false;
    else if (t === 'default') {
      required = false;
      dflt = s.def.defaultValue;
    } else break;
    s = s.def.innerType!;
  }
  if (!description) throw new Error(`option ${name} has no .describe() text`);
  const base = { name, description, required, ...(dflt !== undefined ? { default: dflt } : {}) };
  switch (s.def.type) {
    case 'string':
      return { ...base, kind: 'string' };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'number': {
      const b = numberBounds(s);
      return { ...base, kind: b.integer ? 'integer' : 'number', min: b.min, max: b.max };
    }
    case 'enum':
      return { ...base, kind: 'enum', values: Object.values(s.def.entries!) };
    case 'array': {
      const el = s.def.element!;
      return { ...base, kind: 'list', ...(el.def.type === 'enum' ? { values: Object.values(el.def.entries!) } : {}) };
    }
    case 'record':
      return { ...base, kind: 'record' };
    case 'union':
      // e.g. 'sum' | 'equal' | { dimension: weight }: front ends take it as text and parse it.
      return { ...base, kind: 'string' };
    default:
      throw new Error(`option ${name}: a ${s.def.type} field is not one front ends can show`);
  }
}

/** The part of a zod issue a front end words. */
export interface OptionIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  values?: unknown[];
  minimum?: unknown;
  maximum?: unknown;
  expected?: string;
  origin?: string;
}

/**
 * Words an issue the schema found: `name` is how the front end names the option (`--method` in
 * the CLI, `method` in the API), `found` how it shows the value it was given.
 */
export function wordIssue(issue: OptionIssue, name: string, found: string | undefined): string {
  const given = found === undefined ? '' : ` ${found}`;
  switch (issue.code) {
    case 'invalid_value':
      return `${name}${given} is not known; expected one of ${(issue.values ?? []).map(String).join(', ')}`;
    case 'too_small':
    case 'too_big': {
      const lo = issue.code === 'too_small' ? issue.minimum : undefined;
      const hi = issue.code === 'too_big' ? issue.maximum : undefined;
      if (issue.origin === 'array') return `${name} is empty; give at least ${String(lo)}`;
      return `${name}${given} is ${lo !== undefined ? `below ${String(lo)}` : `above ${String(hi)}`}`;
    }
    case 'invalid_type':
      if (found === undefined) return `${name} is missing`;
      return `${name}${given} is not ${issue.expected === 'number' ? 'a number' : `a ${issue.expected ?? 'valid value'}`}`;
    case 'unrecognized_keys':
      return `${name}: ${issue.message}`;
    default:
      return `${name}${given}: ${issue.message}`;
  }
}

/**
 * Parses raw options (JSON from the API, values from a form) with the analysis's schema.
 * A rejected value throws OptionError naming the field ('method'), never a CLI flag.
 */
export function parseOptions<O>(def: AnalysisDef<O, unknown>, raw: unknown): O {
  const r = def.options.safeParse(raw ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0] as OptionIssue;
  const field = issue.path.map(String).join('.');
  const value = field ? fieldValue(raw, issue.path) : undefined;
  const found = value === undefined ? undefined : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
  throw new OptionError(wordIssue(issue, field || 'options', found), issue.path.length ? String(issue.path[0]) : undefined);
}

function fieldValue(raw: unknown, path: PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/**
 * The `blocks` option shared by analyses on a model's partition: block name → member countries
 * (or groups such as EU27), no members meaning the built-in group of that name.
 */
export function blocksOption(description: string) {
  return z.record(z.string(), z.array(z.string()).optional()).optional().describe(description);
}
