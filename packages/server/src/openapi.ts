/**
 * The OpenAPI 3.1 document, generated: one run path per registered analysis with its options
 * schema (zod 4's `z.toJSONSchema`), and the table, job and view routes from their own schemas.
 */
import { analyses } from '@catena/engine';
import { z } from 'zod';
import { runSchema } from './routes/analyses.js';
import { importSchema } from './routes/tables.js';
import { indexBody, regressBody, viewQueries } from './routes/views.js';

type Json = Record<string, unknown>;

/** JSON Schema of a zod schema as a request accepts it (input side; transforms shown as their input). */
export function jsonSchemaOf(s: z.ZodType): Json {
  const out = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete out.$schema;
  return out;
}

const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    field: { type: 'string', description: 'the request field at fault' },
  },
};
const err = (d: string) => ({ description: d, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const resultContent = {
  'application/json': { schema: { $ref: '#/components/schemas/Result' } },
  'text/csv': { schema: { type: 'string' } },
  'application/vnd.apache.parquet': { schema: { type: 'string', format: 'binary' } },
};
const formatParam = { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv', 'parquet'], default: 'json' } };
const idParam = (what: string) => ({ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: what });
const body = (s: z.ZodType, type = 'application/json') => ({ required: true, content: { [type]: { schema: jsonSchemaOf(s) } } });
const ok = (d: string, content: Json = { 'application/json': { schema: { type: 'object' } } }) => ({ description: d, content });
const std = {
  '400': err('a malformed request; `field` names the field'),
  '401': err('no token given'),
  '403': err('wrong token or path outside the data folders'),
  '404': err('no such table, job or analysis'),
};

function queryParams(s: z.ZodObject): Json[] {
  const js = jsonSchemaOf(s) as { properties: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties)
    .filter(([n]) => n !== 'token')
    .map(([name, schema]) => ({
      name,
      in: 'query',
      required: (js.required ?? []).includes(name),
      schema,
      description: schema.description,
    }));
}

export function openApiDocument(version: string): Json {
  const paths: Record<string, Json> = {
    '/api/tables': {
      get: { summary: 'List the tables of the workspace (the sample world first)', responses: { '200': ok('the tables') } },
      post: {
        summary: 'Import a table by path, from inside the configured data folders',
        requestBody: body(importSchema),
        responses: { '201': ok('the imported table'), ...std, '422': err('the file is not a table Catena reads') },
      },
    },
    '/api/tables/upload': {
      post: {
        summary: 'Upload a table file (the bytes go straight to the reader)',
        parameters: [
          { name: 'name', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'format', in: 'query', schema: { type: 'string' } },
        ],
        requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
        responses: {
          '201': ok('the imported table'),
          ...std,
          '413': err('the file is larger than the upload limit'),
          '422': err('not a table Catena reads'),
        },
      },
    },
    '/api/data-files': { get: { summary: 'Table files found in the data folders', responses: { '200': ok('folders and files') } } },
    '/api/tables/{id}': {
      get: { summary: 'One table', parameters: [idParam('table id')], responses: { '200': ok('the table'), ...std } },
      delete: {
        summary: 'Delete a table and its cached results',
        parameters: [idParam('table id')],
        responses: { '204': { description: 'deleted' }, ...std },
      },
    },
    '/api/tables/{id}/diagnostics': {
      get: {
        summary: 'Totals, shape and validation findings of a table',
        parameters: [idParam('table id')],
        responses: { '200': ok('diagnostics'), ...std },
      },
    },
    '/api/analyses': { get: { summary: 'The registered analyses with their option schemas', responses: { '200': ok('analyses') } } },
    '/api/jobs': {
      get: { summary: 'Jobs, newest last', responses: { '200': ok('jobs') } },
      post: {
        summary: 'Run an analysis as a job',
        requestBody: body(runSchema.extend({ analysis: z.string() })),
        responses: { '202': ok('the job'), ...std },
      },
    },
    '/api/jobs/{id}': {
      get: { summary: "A job's state and progress", parameters: [idParam('job id')], responses: { '200': ok('the job'), ...std } },
      delete: { summary: 'Cancel a job', parameters: [idParam('job id')], responses: { '200': ok('the job'), ...std } },
    },
    '/api/jobs/{id}/events': {
      get: {
        summary: 'Server-sent events: state and progress until the job ends',
        parameters: [idParam('job id')],
        responses: { '200': ok('event stream', { 'text/event-stream': { schema: { type: 'string' } } }), ...std },
      },
    },
    '/api/jobs/{id}/result': {
      get: {
        summary: 'The result of a finished job',
        parameters: [idParam('job id'), formatParam],
        responses: { '200': ok('the result', resultContent), ...std, '409': err('the job has not finished') },
      },
    },
    '/api/index': {
      post: {
        summary: 'Composite index: weights and scores of a panel',
        parameters: [formatParam],
        requestBody: body(indexBody),
        responses: { '200': ok('scores and weights'), ...std },
      },
    },
    '/api/regress': {
      post: {
        summary: 'Panel regression (fixest formula) → coefficients and a regression table',
        requestBody: body(regressBody),
        responses: { '200': ok('the fit'), ...std },
      },
    },
    '/api/openapi.json': { get: { summary: 'This document', responses: { '200': ok('OpenAPI 3.1') } } },
  };
  for (const [name, schema] of Object.entries(viewQueries)) {
    paths[`/api/tables/{id}/views/${name}`] = {
      get: {
        summary: `Dashboard view: ${name}`,
        parameters: [idParam('table id'), ...queryParams(schema as z.ZodObject)],
        responses: { '200': ok('the view as a Result', resultContent), ...std },
      },
    };
  }
  for (const a of analyses()) {
    const run = runSchema.extend({ options: a.options as z.ZodType<Record<string, unknown>> });
    paths[`/api/analyses/${a.id}/run`] = {
      post: {
        operationId: `run-${a.id}`,
        summary: a.summary,
        description: `Runs ${a.id} on ${a.input === 'data' ? 'a data frame (body.data)' : a.input === 'models' ? 'several tables (body.tables)' : 'a table (body.table)'}: synchronously on small tables, as a job (202, Location: /api/jobs/{id}) on large ones or with mode "job".`,
        parameters: [formatParam],
        requestBody: body(run),
        responses: {
          '200': ok('the result', resultContent),
          '202': ok('a job was started'),
          ...std,
          '422': err('the table cannot be used so'),
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Catena HTTP API', version, description: 'Global value chain analysis on the tables of a Catena workspace.' },
    components: {
      schemas: {
        Error: errorSchema,
        Result: {
          type: 'object',
          required: ['columns', 'rows', 'meta'],
          properties: {
            columns: { type: 'array', items: { type: 'string' } },
            rows: { type: 'array', items: { type: 'object' } },
            meta: { type: 'object' },
          },
        },
      },
      securitySchemes: { token: { type: 'http', scheme: 'bearer', description: 'required when the server was started with --token' } },
    },
    security: [{}, { token: [] }],
    paths,
  };
}
