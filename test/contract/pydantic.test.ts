// Every expectation below is the error list (or the validated value) that FastAPI + pydantic v2 produce for
// the same schema and input: type, loc, msg, input and ctx exactly as they appear in a 422 body.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { validate } from '../../src/contract/pydantic.js';
import type { JsonSchema, Loc, ValidationIssue } from '../../src/contract/pydantic.js';

const isRecord = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

const doc: unknown = JSON.parse(readFileSync(new URL('../../openapi/v3.json', import.meta.url), 'utf8'));

function resolve(ref: string): JsonSchema {
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) node = isRecord(node) ? node[part] : undefined;
  if (!isRecord(node)) throw new Error(`unresolvable ${ref}`);
  return node;
}

const component = (name: string): JsonSchema => resolve(`#/components/schemas/${name}`);

// Path keys contain '/', so operations are looked up by an escaped JSON pointer.
function resolvePointer(ref: string): JsonSchema {
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isRecord(node) ? node[part] : undefined;
  }
  if (!isRecord(node)) throw new Error(`unresolvable ${ref}`);
  return node;
}

function opParam(path: string, method: string, name: string): JsonSchema {
  const op = resolvePointer(`#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`);
  const params: unknown[] = Array.isArray(op.parameters) ? (op.parameters as unknown[]) : [];
  for (const p of params) if (isRecord(p) && p.name === name && isRecord(p.schema)) return p.schema;
  throw new Error(`no parameter ${name} on ${method} ${path}`);
}

interface Case {
  name: string;
  schema: JsonSchema;
  input: unknown;
  source?: 'python' | 'string';
  forbidExtra?: boolean;
  loc?: Loc;
  /** Expected issues; [] when omitted. */
  issues?: ValidationIssue[];
  /** Expected value, checked when present. */
  value?: unknown;
}

function run(group: string, cases: Case[]): void {
  t.test(group, async (t) => {
    for (const c of cases) {
      const result = validate(c.schema, c.input, c.loc ?? [], {
        source: c.source ?? 'python',
        forbidExtra: c.forbidExtra ?? false,
        resolve,
      });
      t.strictSame(result.issues, c.issues ?? [], `${c.name}: issues`);
      if ('value' in c) t.strictSame(result.value, c.value, `${c.name}: value`);
    }
  });
}

const sessionId = opParam('/sessions/{session_id}', 'get', 'session_id');
const pageSize = opParam('/sessions', 'get', 'page_size');
const after = opParam('/sessions/{session_id}/messages', 'get', 'after');
const profileQuery = opParam('/profiles', 'get', 'query');
const includeUrls = opParam('/workspaces/{workspace_id}/files', 'get', 'includeUrls');
const runTask = component('RunTaskRequest');
const fileUpload = component('FileUploadRequest');
const createBrowser = component('CreateBrowserSessionRequest');
const stopSession = component('StopSessionRequest');
const body: Loc = ['body'];

const MODEL_EXPECTED = "'bu-mini', 'bu-max', 'bu-ultra', 'gemini-3-flash', 'claude-sonnet-4.6' or 'claude-opus-4.6'";

run('path and query parameters (string source)', [
  {
    name: 'session_id too short for the simple form',
    schema: sessionId,
    input: 'abc',
    source: 'string',
    loc: ['path', 'session_id'],
    issues: [
      {
        type: 'uuid_parsing',
        loc: ['path', 'session_id'],
        msg: 'Input should be a valid UUID, invalid length: expected length 32 for simple format, found 3',
        input: 'abc',
        ctx: { error: 'invalid length: expected length 32 for simple format, found 3' },
      },
    ],
  },
  {
    name: 'session_id with a non-hex character',
    schema: sessionId,
    input: 'not-a-uuid',
    source: 'string',
    loc: ['path', 'session_id'],
    issues: [
      {
        type: 'uuid_parsing',
        loc: ['path', 'session_id'],
        msg: 'Input should be a valid UUID, invalid character: found `n` at 1',
        input: 'not-a-uuid',
        ctx: { error: 'invalid character: found `n` at 1' },
      },
    ],
  },
  {
    name: 'session_id with four groups',
    schema: sessionId,
    input: '3c90c3cc-0d44-4b50-8888',
    source: 'string',
    loc: ['path', 'session_id'],
    issues: [
      {
        type: 'uuid_parsing',
        loc: ['path', 'session_id'],
        msg: 'Input should be a valid UUID, invalid group count: expected 5, found 4',
        input: '3c90c3cc-0d44-4b50-8888',
        ctx: { error: 'invalid group count: expected 5, found 4' },
      },
    ],
  },
  {
    name: 'session_id in the simple form is normalised',
    schema: sessionId,
    input: '3c90c3cc0d444b5088888dd25736052a',
    source: 'string',
    value: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
  },
  {
    name: 'session_id in upper case is normalised',
    schema: sessionId,
    input: '3C90C3CC-0D44-4B50-8888-8DD25736052A',
    source: 'string',
    value: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
  },
  {
    name: 'session_id braced',
    schema: sessionId,
    input: '{3c90c3cc-0d44-4b50-8888-8dd25736052a}',
    source: 'string',
    value: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
  },
  {
    name: 'session_id as a URN',
    schema: sessionId,
    input: 'urn:uuid:3C90C3CC-0D44-4B50-8888-8DD25736052A',
    source: 'string',
    value: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
  },
  {
    name: 'an upper-case URN prefix is not recognised',
    schema: sessionId,
    input: 'URN:UUID:3c90c3cc-0d44-4b50-8888-8dd25736052a',
    source: 'string',
    issues: [
      {
        type: 'uuid_parsing',
        loc: [],
        msg: 'Input should be a valid UUID, invalid character: found `U` at 1',
        input: 'URN:UUID:3c90c3cc-0d44-4b50-8888-8dd25736052a',
        ctx: { error: 'invalid character: found `U` at 1' },
      },
    ],
  },
  {
    name: 'character positions count the URN prefix',
    schema: sessionId,
    input: 'urn:uuid:xyz',
    source: 'string',
    issues: [
      {
        type: 'uuid_parsing',
        loc: [],
        msg: 'Input should be a valid UUID, invalid character: found `x` at 10',
        input: 'urn:uuid:xyz',
        ctx: { error: 'invalid character: found `x` at 10' },
      },
    ],
  },
  {
    name: 'a non-ASCII character is reported whole',
    schema: sessionId,
    input: '3c90c3ccé0d444b5088888dd25736052a',
    source: 'string',
    issues: [
      {
        type: 'uuid_parsing',
        loc: [],
        msg: 'Input should be a valid UUID, invalid character: found `é` at 9',
        input: '3c90c3ccé0d444b5088888dd25736052a',
        ctx: { error: 'invalid character: found `é` at 9' },
      },
    ],
  },
  {
    name: 'a trailing space is an invalid character',
    schema: sessionId,
    input: '3c90c3cc-0d44-4b50-8888-8dd25736052a ',
    source: 'string',
    issues: [
      {
        type: 'uuid_parsing',
        loc: [],
        msg: 'Input should be a valid UUID, invalid character: found ` ` at 37',
        input: '3c90c3cc-0d44-4b50-8888-8dd25736052a ',
        ctx: { error: 'invalid character: found ` ` at 37' },
      },
    ],
  },
  {
    name: 'a misplaced hyphen gives the first wrong group',
    schema: sessionId,
    input: '3c90c3cc-0d444-b50-8888-8dd25736052a',
    source: 'string',
    issues: [
      {
        type: 'uuid_parsing',
        loc: [],
        msg: 'Input should be a valid UUID, invalid group length in group 1: expected 4, found 5',
        input: '3c90c3cc-0d444-b50-8888-8dd25736052a',
        ctx: { error: 'invalid group length in group 1: expected 4, found 5' },
      },
    ],
  },
  {
    name: 'a short last group',
    schema: sessionId,
    input: '3c90c3cc-0d44-4b50-8888-8dd25736052',
    source: 'string',
    issues: [
      {
        type: 'uuid_parsing',
        loc: [],
        msg: 'Input should be a valid UUID, invalid group length in group 4: expected 12, found 11',
        input: '3c90c3cc-0d44-4b50-8888-8dd25736052',
        ctx: { error: 'invalid group length in group 4: expected 12, found 11' },
      },
    ],
  },
  {
    name: 'a long last group in braces is measured with the braces',
    schema: sessionId,
    input: '{3c90c3cc-0d44-4b50-8888-8dd25736052aa}',
    source: 'string',
    issues: [
      {
        type: 'uuid_parsing',
        loc: [],
        msg: 'Input should be a valid UUID, invalid group length in group 4: expected 12, found 15',
        input: '{3c90c3cc-0d44-4b50-8888-8dd25736052aa}',
        ctx: { error: 'invalid group length in group 4: expected 12, found 15' },
      },
    ],
  },
  {
    name: 'braces around a simple UUID are a single group',
    schema: sessionId,
    input: '{3c90c3cc0d444b5088888dd25736052a}',
    source: 'string',
    issues: [
      {
        type: 'uuid_parsing',
        loc: [],
        msg: 'Input should be a valid UUID, invalid group count: expected 5, found 1',
        input: '{3c90c3cc0d444b5088888dd25736052a}',
        ctx: { error: 'invalid group count: expected 5, found 1' },
      },
    ],
  },
  {
    name: 'empty session_id',
    schema: sessionId,
    input: '',
    source: 'string',
    issues: [
      {
        type: 'uuid_parsing',
        loc: [],
        msg: 'Input should be a valid UUID, invalid length: expected length 32 for simple format, found 0',
        input: '',
        ctx: { error: 'invalid length: expected length 32 for simple format, found 0' },
      },
    ],
  },
  {
    name: 'optional uuid query parameter',
    schema: after,
    input: 'zzz',
    source: 'string',
    loc: ['query', 'after'],
    issues: [
      {
        type: 'uuid_parsing',
        loc: ['query', 'after'],
        msg: 'Input should be a valid UUID, invalid character: found `z` at 1',
        input: 'zzz',
        ctx: { error: 'invalid character: found `z` at 1' },
      },
    ],
  },
  {
    name: 'page_size below the minimum',
    schema: pageSize,
    input: '0',
    source: 'string',
    loc: ['query', 'page_size'],
    issues: [
      {
        type: 'greater_than_equal',
        loc: ['query', 'page_size'],
        msg: 'Input should be greater than or equal to 1',
        input: '0',
        ctx: { ge: 1 },
      },
    ],
  },
  {
    name: 'page_size above the maximum',
    schema: pageSize,
    input: '101',
    source: 'string',
    loc: ['query', 'page_size'],
    issues: [
      {
        type: 'less_than_equal',
        loc: ['query', 'page_size'],
        msg: 'Input should be less than or equal to 100',
        input: '101',
        ctx: { le: 100 },
      },
    ],
  },
  {
    name: 'page_size not a number',
    schema: pageSize,
    input: 'x',
    source: 'string',
    loc: ['query', 'page_size'],
    issues: [
      {
        type: 'int_parsing',
        loc: ['query', 'page_size'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: 'x',
      },
    ],
  },
  { name: 'page_size with surrounding whitespace', schema: pageSize, input: ' 12 ', source: 'string', value: 12 },
  { name: 'page_size with a plus sign', schema: pageSize, input: '+3', source: 'string', value: 3 },
  { name: 'page_size with an underscore', schema: pageSize, input: '1_0', source: 'string', value: 10 },
  { name: 'page_size with a zero fraction', schema: pageSize, input: '5.0', source: 'string', value: 5 },
  { name: 'page_size with a no-break space', schema: pageSize, input: '\u00a07', source: 'string', value: 7 },
  {
    name: 'page_size with a fraction',
    schema: pageSize,
    input: '5.5',
    source: 'string',
    issues: [{ type: 'int_parsing', loc: [], msg: 'Input should be a valid integer, unable to parse string as an integer', input: '5.5' }],
  },
  {
    name: 'page_size with a trailing dot',
    schema: pageSize,
    input: '5.',
    source: 'string',
    issues: [{ type: 'int_parsing', loc: [], msg: 'Input should be a valid integer, unable to parse string as an integer', input: '5.' }],
  },
  {
    name: 'page_size with a doubled underscore',
    schema: pageSize,
    input: '1__0',
    source: 'string',
    issues: [{ type: 'int_parsing', loc: [], msg: 'Input should be a valid integer, unable to parse string as an integer', input: '1__0' }],
  },
  {
    name: 'page_size in exponent notation',
    schema: pageSize,
    input: '1e3',
    source: 'string',
    issues: [{ type: 'int_parsing', loc: [], msg: 'Input should be a valid integer, unable to parse string as an integer', input: '1e3' }],
  },
  {
    name: 'page_size negative zero is zero',
    schema: pageSize,
    input: '-0',
    source: 'string',
    issues: [{ type: 'greater_than_equal', loc: [], msg: 'Input should be greater than or equal to 1', input: '-0', ctx: { ge: 1 } }],
  },
  {
    name: 'page_size empty',
    schema: pageSize,
    input: '',
    source: 'string',
    issues: [{ type: 'int_parsing', loc: [], msg: 'Input should be a valid integer, unable to parse string as an integer', input: '' }],
  },
  { name: 'boolean query yes', schema: includeUrls, input: 'yes', source: 'string', value: true },
  { name: 'boolean query OFF', schema: includeUrls, input: 'OFF', source: 'string', value: false },
  {
    name: 'boolean query maybe',
    schema: includeUrls,
    input: 'maybe',
    source: 'string',
    loc: ['query', 'includeUrls'],
    issues: [
      {
        type: 'bool_parsing',
        loc: ['query', 'includeUrls'],
        msg: 'Input should be a valid boolean, unable to interpret input',
        input: 'maybe',
      },
    ],
  },
  {
    name: 'query string too long',
    schema: profileQuery,
    input: 'q'.repeat(201),
    source: 'string',
    issues: [
      {
        type: 'string_too_long',
        loc: [],
        msg: 'String should have at most 200 characters',
        input: 'q'.repeat(201),
        ctx: { max_length: 200 },
      },
    ],
  },
]);

run('integers (python source)', [
  { name: 'zero-fraction float', schema: { type: 'integer' }, input: 5.0, value: 5 },
  { name: 'true is 1', schema: { type: 'integer' }, input: true, value: 1 },
  { name: 'false is 0', schema: { type: 'integer' }, input: false, value: 0 },
  {
    name: 'false still meets the bounds as 0',
    schema: { type: 'integer', minimum: 1 },
    input: false,
    issues: [{ type: 'greater_than_equal', loc: [], msg: 'Input should be greater than or equal to 1', input: false, ctx: { ge: 1 } }],
  },
  {
    name: 'fractional float',
    schema: { type: 'integer' },
    input: 5.5,
    issues: [{ type: 'int_from_float', loc: [], msg: 'Input should be a valid integer, got a number with a fractional part', input: 5.5 }],
  },
  {
    name: 'NaN',
    schema: { type: 'integer' },
    input: NaN,
    issues: [{ type: 'finite_number', loc: [], msg: 'Input should be a finite number', input: NaN }],
  },
  { name: 'list', schema: { type: 'integer' }, input: [1], issues: [{ type: 'int_type', loc: [], msg: 'Input should be a valid integer', input: [1] }] },
  { name: 'null', schema: { type: 'integer' }, input: null, issues: [{ type: 'int_type', loc: [], msg: 'Input should be a valid integer', input: null }] },
  { name: 'object', schema: { type: 'integer' }, input: {}, issues: [{ type: 'int_type', loc: [], msg: 'Input should be a valid integer', input: {} }] },
  {
    name: 'Arabic-Indic digits are not an int',
    schema: { type: 'integer' },
    input: '\u0663',
    issues: [{ type: 'int_parsing', loc: [], msg: 'Input should be a valid integer, unable to parse string as an integer', input: '\u0663' }],
  },
  {
    name: 'screen width bound renders as an int',
    schema: { anyOf: [{ type: 'integer', maximum: 6144, minimum: 320 }, { type: 'null' }] },
    input: 100,
    issues: [{ type: 'greater_than_equal', loc: [], msg: 'Input should be greater than or equal to 320', input: 100, ctx: { ge: 320 } }],
  },
  {
    name: 'multiple_of is checked first',
    schema: { type: 'integer', multipleOf: 5, exclusiveMinimum: 2, exclusiveMaximum: 100 },
    input: 3,
    issues: [{ type: 'multiple_of', loc: [], msg: 'Input should be a multiple of 5', input: 3, ctx: { multiple_of: 5 } }],
  },
  {
    name: 'exclusive maximum',
    schema: { type: 'integer', multipleOf: 5, exclusiveMinimum: 2, exclusiveMaximum: 100 },
    input: 100,
    issues: [{ type: 'less_than', loc: [], msg: 'Input should be less than 100', input: 100, ctx: { lt: 100 } }],
  },
  {
    name: 'exclusive minimum',
    schema: { type: 'integer', exclusiveMinimum: 2 },
    input: 2,
    issues: [{ type: 'greater_than', loc: [], msg: 'Input should be greater than 2', input: 2, ctx: { gt: 2 } }],
  },
]);

run('numbers', [
  { name: 'int passes', schema: { type: 'number' }, input: 1, value: 1 },
  { name: 'true is 1.0', schema: { type: 'number' }, input: true, value: 1 },
  { name: 'numeric string', schema: { type: 'number' }, input: ' +1.5e-3 ', value: 0.0015 },
  { name: 'underscores', schema: { type: 'number' }, input: '1_0.5', value: 10.5 },
  { name: 'inf', schema: { type: 'number' }, input: 'inf', value: Infinity },
  { name: 'leading dot', schema: { type: 'number' }, input: '.5', value: 0.5 },
  {
    name: 'bad string',
    schema: { type: 'number' },
    input: 'abc',
    issues: [{ type: 'float_parsing', loc: [], msg: 'Input should be a valid number, unable to parse string as a number', input: 'abc' }],
  },
  {
    name: 'leading underscore',
    schema: { type: 'number' },
    input: '_1',
    issues: [{ type: 'float_parsing', loc: [], msg: 'Input should be a valid number, unable to parse string as a number', input: '_1' }],
  },
  { name: 'null', schema: { type: 'number' }, input: null, issues: [{ type: 'float_type', loc: [], msg: 'Input should be a valid number', input: null }] },
  { name: 'list', schema: { type: 'number' }, input: [1], issues: [{ type: 'float_type', loc: [], msg: 'Input should be a valid number', input: [1] }] },
  {
    name: 'fractional bound',
    schema: { type: 'number', minimum: 0.5, maximum: 1e20 },
    input: 0.1,
    issues: [{ type: 'greater_than_equal', loc: [], msg: 'Input should be greater than or equal to 0.5', input: 0.1, ctx: { ge: 0.5 } }],
  },
  {
    name: 'a large bound is written out in full',
    schema: { type: 'number', minimum: 0.5, maximum: 1e20 },
    input: 2e20,
    issues: [{ type: 'less_than_equal', loc: [], msg: 'Input should be less than or equal to 100000000000000000000', input: 2e20, ctx: { le: 1e20 } }],
  },
  {
    name: 'float multiple_of',
    schema: { type: 'number', multipleOf: 0.5 },
    input: 0.3,
    issues: [{ type: 'multiple_of', loc: [], msg: 'Input should be a multiple of 0.5', input: 0.3, ctx: { multiple_of: 0.5 } }],
  },
]);

const bool: JsonSchema = { type: 'boolean' };
run('booleans (python source)', [
  { name: 'true', schema: bool, input: true, value: true },
  { name: '0', schema: bool, input: 0, value: false },
  { name: '1', schema: bool, input: 1, value: true },
  { name: '1.0', schema: bool, input: 1.0, value: true },
  { name: "'On'", schema: bool, input: 'On', value: true },
  { name: "'F'", schema: bool, input: 'F', value: false },
  { name: "'n'", schema: bool, input: 'n', value: false },
  { name: "'TRUE'", schema: bool, input: 'TRUE', value: true },
  {
    name: '2',
    schema: bool,
    input: 2,
    issues: [{ type: 'bool_parsing', loc: [], msg: 'Input should be a valid boolean, unable to interpret input', input: 2 }],
  },
  { name: '0.5', schema: bool, input: 0.5, issues: [{ type: 'bool_type', loc: [], msg: 'Input should be a valid boolean', input: 0.5 }] },
  {
    name: 'whitespace is not trimmed',
    schema: bool,
    input: ' yes',
    issues: [{ type: 'bool_parsing', loc: [], msg: 'Input should be a valid boolean, unable to interpret input', input: ' yes' }],
  },
  {
    name: 'empty string',
    schema: bool,
    input: '',
    issues: [{ type: 'bool_parsing', loc: [], msg: 'Input should be a valid boolean, unable to interpret input', input: '' }],
  },
  { name: 'list', schema: bool, input: [], issues: [{ type: 'bool_type', loc: [], msg: 'Input should be a valid boolean', input: [] }] },
  { name: 'object', schema: bool, input: {}, issues: [{ type: 'bool_type', loc: [], msg: 'Input should be a valid boolean', input: {} }] },
]);

run('strings', [
  { name: 'number', schema: { type: 'string' }, input: 123, issues: [{ type: 'string_type', loc: [], msg: 'Input should be a valid string', input: 123 }] },
  { name: 'bool', schema: { type: 'string' }, input: true, issues: [{ type: 'string_type', loc: [], msg: 'Input should be a valid string', input: true }] },
  {
    name: 'too short (singular)',
    schema: { type: 'string', minLength: 1 },
    input: '',
    issues: [{ type: 'string_too_short', loc: [], msg: 'String should have at least 1 character', input: '', ctx: { min_length: 1 } }],
  },
  {
    name: 'too short (plural)',
    schema: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$' },
    input: 'a',
    issues: [{ type: 'string_too_short', loc: [], msg: 'String should have at least 2 characters', input: 'a', ctx: { min_length: 2 } }],
  },
  {
    name: 'too long wins over the pattern',
    schema: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$' },
    input: 'ABCDEFGH',
    issues: [{ type: 'string_too_long', loc: [], msg: 'String should have at most 5 characters', input: 'ABCDEFGH', ctx: { max_length: 5 } }],
  },
  {
    name: 'too long (singular)',
    schema: { type: 'string', maxLength: 1 },
    input: 'ab',
    issues: [{ type: 'string_too_long', loc: [], msg: 'String should have at most 1 character', input: 'ab', ctx: { max_length: 1 } }],
  },
  {
    name: 'pattern mismatch',
    schema: { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$' },
    input: 'AB',
    issues: [
      { type: 'string_pattern_mismatch', loc: [], msg: "String should match pattern '^[a-z]+$'", input: 'AB', ctx: { pattern: '^[a-z]+$' } },
    ],
  },
  {
    name: '$ does not match before a final newline',
    schema: { type: 'string', pattern: '^[a-z]+$' },
    input: 'ab\n',
    issues: [
      { type: 'string_pattern_mismatch', loc: [], msg: "String should match pattern '^[a-z]+$'", input: 'ab\n', ctx: { pattern: '^[a-z]+$' } },
    ],
  },
  { name: '\\d matches any decimal digit', schema: { type: 'string', pattern: '^\\d+$' }, input: '\u0661\u0662', value: '\u0661\u0662' },
  { name: 'length counts code points', schema: { type: 'string', maxLength: 2 }, input: '😀😀', value: '😀😀' },
]);

run('enums and literals', [
  {
    name: 'model not in the enum',
    schema: runTask,
    input: { model: 'gpt-5' },
    loc: body,
    issues: [{ type: 'enum', loc: ['body', 'model'], msg: `Input should be ${MODEL_EXPECTED}`, input: 'gpt-5', ctx: { expected: MODEL_EXPECTED } }],
  },
  {
    name: 'null model',
    schema: runTask,
    input: { model: null },
    loc: body,
    issues: [{ type: 'enum', loc: ['body', 'model'], msg: `Input should be ${MODEL_EXPECTED}`, input: null, ctx: { expected: MODEL_EXPECTED } }],
  },
  {
    name: 'numeric model',
    schema: runTask,
    input: { model: 5 },
    loc: body,
    issues: [{ type: 'enum', loc: ['body', 'model'], msg: `Input should be ${MODEL_EXPECTED}`, input: 5, ctx: { expected: MODEL_EXPECTED } }],
  },
  {
    name: 'three values',
    schema: { type: 'string', enum: ['a', 'b', 'c'] },
    input: 'd',
    issues: [{ type: 'enum', loc: [], msg: "Input should be 'a', 'b' or 'c'", input: 'd', ctx: { expected: "'a', 'b' or 'c'" } }],
  },
  {
    name: 'a single value',
    schema: { type: 'string', enum: ['stop'] },
    input: 'go',
    issues: [{ type: 'enum', loc: [], msg: "Input should be 'stop'", input: 'go', ctx: { expected: "'stop'" } }],
  },
  {
    name: 'nullable enum via $ref',
    schema: { anyOf: [{ $ref: '#/components/schemas/StopStrategy' }, { type: 'null' }] },
    input: 'everything',
    issues: [{ type: 'enum', loc: [], msg: "Input should be 'task' or 'session'", input: 'everything', ctx: { expected: "'task' or 'session'" } }],
  },
  { name: 'nullable enum accepts null', schema: { anyOf: [{ $ref: '#/components/schemas/StopStrategy' }, { type: 'null' }] }, input: null, value: null },
  {
    name: 'const is a Literal',
    schema: { const: 'stop', type: 'string' },
    input: 'x',
    issues: [{ type: 'literal_error', loc: [], msg: "Input should be 'stop'", input: 'x', ctx: { expected: "'stop'" } }],
  },
]);

run('decimals (maxCostUsd)', [
  {
    name: 'not a number',
    schema: runTask,
    input: { maxCostUsd: 'abc' },
    loc: body,
    issues: [{ type: 'decimal_parsing', loc: ['body', 'maxCostUsd'], msg: 'Input should be a valid decimal', input: 'abc' }],
  },
  {
    name: 'a list',
    schema: runTask,
    input: { maxCostUsd: [1] },
    loc: body,
    issues: [
      {
        type: 'decimal_type',
        loc: ['body', 'maxCostUsd'],
        msg: 'Decimal input should be an integer, float, string or Decimal object',
        input: [1],
      },
    ],
  },
  {
    name: 'a bool',
    schema: runTask,
    input: { maxCostUsd: true },
    loc: body,
    issues: [
      {
        type: 'decimal_type',
        loc: ['body', 'maxCostUsd'],
        msg: 'Decimal input should be an integer, float, string or Decimal object',
        input: true,
      },
    ],
  },
  {
    name: 'NaN string',
    schema: runTask,
    input: { maxCostUsd: 'NaN' },
    loc: body,
    issues: [{ type: 'finite_number', loc: ['body', 'maxCostUsd'], msg: 'Input should be a finite number', input: 'NaN' }],
  },
  {
    name: 'infinite float',
    schema: runTask,
    input: { maxCostUsd: Infinity },
    loc: body,
    issues: [{ type: 'finite_number', loc: ['body', 'maxCostUsd'], msg: 'Input should be a finite number', input: Infinity }],
  },
  {
    name: 'empty string',
    schema: runTask,
    input: { maxCostUsd: '' },
    loc: body,
    issues: [{ type: 'decimal_parsing', loc: ['body', 'maxCostUsd'], msg: 'Input should be a valid decimal', input: '' }],
  },
]);

const maxCost = (runTask.properties as JsonSchema).maxCostUsd as JsonSchema;
run('decimal values', [
  { name: '2', schema: maxCost, input: 2, value: '2' },
  { name: '1.5', schema: maxCost, input: 1.5, value: '1.5' },
  { name: "'2.50' keeps its digits", schema: maxCost, input: '2.50', value: '2.50' },
  { name: "'0.50'", schema: maxCost, input: '0.50', value: '0.50' },
  { name: 'whitespace trimmed', schema: maxCost, input: ' 1.50 ', value: '1.50' },
  { name: "'-2'", schema: maxCost, input: '-2', value: '-2' },
  { name: "'+1'", schema: maxCost, input: '+1', value: '1' },
  { name: "'1e3'", schema: maxCost, input: '1e3', value: '1E+3' },
  { name: "'.5'", schema: maxCost, input: '.5', value: '0.5' },
  { name: "'5.'", schema: maxCost, input: '5.', value: '5' },
  { name: "'00.5'", schema: maxCost, input: '00.5', value: '0.5' },
  { name: "'1_000'", schema: maxCost, input: '1_000', value: '1000' },
  { name: 'Arabic-Indic digits', schema: maxCost, input: '\u0661\u0662', value: '12' },
  { name: '1e-7 as a float', schema: maxCost, input: 1e-7, value: '1E-7' },
  { name: '0.1 as a float', schema: maxCost, input: 0.1, value: '0.1' },
  { name: 'null', schema: maxCost, input: null, value: null },
  {
    name: 'object',
    schema: maxCost,
    input: {},
    issues: [{ type: 'decimal_type', loc: [], msg: 'Decimal input should be an integer, float, string or Decimal object', input: {} }],
  },
]);

const RUN_TASK_DEFAULTS = {
  model: 'claude-sonnet-4.6',
  keepAlive: false,
  proxyCountryCode: 'us',
  enableScheduledTasks: false,
  enableRecording: false,
  skills: true,
  agentmail: true,
};

run('RunTaskRequest', [
  { name: 'defaults filled', schema: runTask, input: {}, loc: body, value: RUN_TASK_DEFAULTS },
  {
    name: 'given values and coercions',
    schema: runTask,
    input: { task: 'go', keepAlive: 'yes', sessionId: '3C90C3CC0D444B5088888DD25736052A', maxCostUsd: 2, unknown: 1 },
    loc: body,
    value: {
      task: 'go',
      model: 'claude-sonnet-4.6',
      sessionId: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
      keepAlive: true,
      maxCostUsd: '2',
      proxyCountryCode: 'us',
      enableScheduledTasks: false,
      enableRecording: false,
      skills: true,
      agentmail: true,
    },
  },
  {
    name: 'explicit null for a nullable field with a default',
    schema: runTask,
    input: { proxyCountryCode: null },
    loc: body,
    value: { ...RUN_TASK_DEFAULTS, proxyCountryCode: null },
  },
  {
    name: 'task 123',
    schema: runTask,
    input: { task: 123 },
    loc: body,
    issues: [{ type: 'string_type', loc: ['body', 'task'], msg: 'Input should be a valid string', input: 123 }],
  },
  {
    name: 'keepAlive maybe',
    schema: runTask,
    input: { keepAlive: 'maybe' },
    loc: body,
    issues: [{ type: 'bool_parsing', loc: ['body', 'keepAlive'], msg: 'Input should be a valid boolean, unable to interpret input', input: 'maybe' }],
  },
  {
    name: 'keepAlive null does not take the default',
    schema: runTask,
    input: { keepAlive: null },
    loc: body,
    issues: [{ type: 'bool_type', loc: ['body', 'keepAlive'], msg: 'Input should be a valid boolean', input: null }],
  },
  {
    name: 'a list body',
    schema: runTask,
    input: [1, 2],
    loc: body,
    issues: [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: [1, 2] }],
  },
  {
    name: 'a string body',
    schema: runTask,
    input: 'x',
    loc: body,
    issues: [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: 'x' }],
  },
  {
    name: 'errors in property order, dict_type for a dict field',
    schema: runTask,
    input: { sessionId: 'abc', task: 5, zzz: 1, outputSchema: [1] },
    loc: body,
    issues: [
      { type: 'string_type', loc: ['body', 'task'], msg: 'Input should be a valid string', input: 5 },
      {
        type: 'uuid_parsing',
        loc: ['body', 'sessionId'],
        msg: 'Input should be a valid UUID, invalid length: expected length 32 for simple format, found 3',
        input: 'abc',
        ctx: { error: 'invalid length: expected length 32 for simple format, found 3' },
      },
      { type: 'dict_type', loc: ['body', 'outputSchema'], msg: 'Input should be a valid dictionary', input: [1] },
    ],
  },
  {
    name: 'sessionId as a number',
    schema: runTask,
    input: { sessionId: 12 },
    loc: body,
    issues: [{ type: 'uuid_type', loc: ['body', 'sessionId'], msg: 'UUID input should be a string, bytes or UUID object', input: 12 }],
  },
  {
    name: 'strict mode forbids unknown keys, after field errors, in input order',
    schema: runTask,
    input: { zzz: 1, task: 5, aaa: null, keepAlive: 'no' },
    loc: body,
    forbidExtra: true,
    issues: [
      { type: 'string_type', loc: ['body', 'task'], msg: 'Input should be a valid string', input: 5 },
      { type: 'extra_forbidden', loc: ['body', 'zzz'], msg: 'Extra inputs are not permitted', input: 1 },
      { type: 'extra_forbidden', loc: ['body', 'aaa'], msg: 'Extra inputs are not permitted', input: null },
    ],
  },
  {
    name: 'unknown keys are dropped otherwise',
    schema: runTask,
    input: { zzz: 1 },
    loc: body,
    value: RUN_TASK_DEFAULTS,
  },
  {
    name: 'dict field keeps its content',
    schema: runTask,
    input: { outputSchema: { a: [1] } },
    value: { ...RUN_TASK_DEFAULTS, outputSchema: { a: [1] } },
  },
  {
    name: 'StopSessionRequest default from a $ref property',
    schema: stopSession,
    input: {},
    value: { strategy: 'session' },
  },
]);

run('FileUploadRequest', [
  {
    name: 'files missing',
    schema: fileUpload,
    input: {},
    loc: body,
    issues: [{ type: 'missing', loc: ['body', 'files'], msg: 'Field required', input: {} }],
  },
  {
    name: 'files empty',
    schema: fileUpload,
    input: { files: [] },
    loc: body,
    issues: [
      {
        type: 'too_short',
        loc: ['body', 'files'],
        msg: 'List should have at least 1 item after validation, not 0',
        input: [],
        ctx: { field_type: 'List', min_length: 1, actual_length: 0 },
      },
    ],
  },
  {
    name: 'eleven files, the length is checked before the items',
    schema: fileUpload,
    input: { files: [{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}] },
    loc: body,
    issues: [
      {
        type: 'too_long',
        loc: ['body', 'files'],
        msg: 'List should have at most 10 items after validation, not 11',
        input: [{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}],
        ctx: { field_type: 'List', max_length: 10, actual_length: 11 },
      },
    ],
  },
  {
    name: 'files an object',
    schema: fileUpload,
    input: { files: { name: 'a' } },
    loc: body,
    issues: [{ type: 'list_type', loc: ['body', 'files'], msg: 'Input should be a valid list', input: { name: 'a' } }],
  },
  {
    name: 'item errors',
    schema: fileUpload,
    input: { files: [{}, { name: '', size: 0, contentType: 5 }, 'x', { name: 'ok', size: '3' }] },
    loc: body,
    issues: [
      { type: 'missing', loc: ['body', 'files', 0, 'name'], msg: 'Field required', input: {} },
      {
        type: 'string_too_short',
        loc: ['body', 'files', 1, 'name'],
        msg: 'String should have at least 1 character',
        input: '',
        ctx: { min_length: 1 },
      },
      { type: 'string_type', loc: ['body', 'files', 1, 'contentType'], msg: 'Input should be a valid string', input: 5 },
      {
        type: 'greater_than_equal',
        loc: ['body', 'files', 1, 'size'],
        msg: 'Input should be greater than or equal to 1',
        input: 0,
        ctx: { ge: 1 },
      },
      {
        type: 'model_attributes_type',
        loc: ['body', 'files', 2],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: 'x',
      },
    ],
  },
  {
    name: 'item defaults filled',
    schema: fileUpload,
    input: { files: [{ name: 'a.txt', size: '3' }] },
    value: { files: [{ name: 'a.txt', contentType: 'application/octet-stream', size: 3 }] },
  },
]);

run('CreateBrowserSessionRequest', [
  {
    name: 'bounds and a nested model',
    schema: createBrowser,
    input: { timeout: 0, browserScreenWidth: 100, browserScreenHeight: 4000, customProxy: { port: 'x' } },
    loc: body,
    issues: [
      { type: 'greater_than_equal', loc: ['body', 'timeout'], msg: 'Input should be greater than or equal to 1', input: 0, ctx: { ge: 1 } },
      {
        type: 'greater_than_equal',
        loc: ['body', 'browserScreenWidth'],
        msg: 'Input should be greater than or equal to 320',
        input: 100,
        ctx: { ge: 320 },
      },
      {
        type: 'less_than_equal',
        loc: ['body', 'browserScreenHeight'],
        msg: 'Input should be less than or equal to 3456',
        input: 4000,
        ctx: { le: 3456 },
      },
      { type: 'missing', loc: ['body', 'customProxy', 'host'], msg: 'Field required', input: { port: 'x' } },
      {
        type: 'int_parsing',
        loc: ['body', 'customProxy', 'port'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: 'x',
      },
    ],
  },
  {
    name: 'nested bounds and lengths',
    schema: createBrowser,
    input: { customProxy: { host: 'h', port: 70000, username: '' } },
    loc: body,
    issues: [
      {
        type: 'less_than_equal',
        loc: ['body', 'customProxy', 'port'],
        msg: 'Input should be less than or equal to 65535',
        input: 70000,
        ctx: { le: 65535 },
      },
      {
        type: 'string_too_short',
        loc: ['body', 'customProxy', 'username'],
        msg: 'String should have at least 1 character',
        input: '',
        ctx: { min_length: 1 },
      },
    ],
  },
  {
    name: 'nested model given a list',
    schema: createBrowser,
    input: { customProxy: [1] },
    loc: body,
    issues: [
      {
        type: 'model_attributes_type',
        loc: ['body', 'customProxy'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: [1],
      },
    ],
  },
  {
    name: 'lax coercions and defaults',
    schema: createBrowser,
    input: { browserScreenWidth: 320.0, timeout: '5', allowResizing: 1 },
    value: { proxyCountryCode: 'us', timeout: 5, browserScreenWidth: 320, allowResizing: true, enableRecording: false },
  },
]);

run('other shapes', [
  { name: '{} accepts anything', schema: {}, input: { a: [1, null] }, value: { a: [1, null] } },
  { name: 'null type', schema: { type: 'null' }, input: 1, issues: [{ type: 'none_required', loc: [], msg: 'Input should be None', input: 1 }] },
  {
    name: 'a dict with typed values',
    schema: { type: 'object', additionalProperties: { type: 'integer' } },
    input: { a: 'x', b: '1' },
    issues: [{ type: 'int_parsing', loc: ['a'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'x' }],
  },
  {
    name: 'a dict given a list',
    schema: { type: 'object', additionalProperties: true },
    input: [],
    issues: [{ type: 'dict_type', loc: [], msg: 'Input should be a valid dictionary', input: [] }],
  },
  {
    name: 'a model that forbids extras itself',
    schema: { type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: false },
    input: { a: 1, b: 2 },
    issues: [{ type: 'extra_forbidden', loc: ['b'], msg: 'Extra inputs are not permitted', input: 2 }],
  },
  {
    name: 'item errors stop the min length check',
    schema: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 3 },
    input: ['x'],
    issues: [{ type: 'int_parsing', loc: [0], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'x' }],
  },
  {
    name: 'too long with one item allowed',
    schema: { type: 'array', items: { type: 'integer' }, maxItems: 1 },
    input: [1, 2],
    issues: [
      {
        type: 'too_long',
        loc: [],
        msg: 'List should have at most 1 item after validation, not 2',
        input: [1, 2],
        ctx: { field_type: 'List', max_length: 1, actual_length: 2 },
      },
    ],
  },
  {
    name: 'too short with two items required',
    schema: { type: 'array', items: { type: 'integer' }, minItems: 2 },
    input: [],
    issues: [
      {
        type: 'too_short',
        loc: [],
        msg: 'List should have at least 2 items after validation, not 0',
        input: [],
        ctx: { field_type: 'List', min_length: 2, actual_length: 0 },
      },
    ],
  },
  { name: 'a list given a string', schema: { type: 'array', items: {} }, input: 'abc', issues: [{ type: 'list_type', loc: [], msg: 'Input should be a valid list', input: 'abc' }] },
  {
    name: 'a union reports every branch, tagged',
    schema: { anyOf: [{ type: 'integer' }, { type: 'array', items: { type: 'integer' } }] },
    input: 'x',
    issues: [
      { type: 'int_parsing', loc: ['int'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'x' },
      { type: 'list_type', loc: ['list[int]'], msg: 'Input should be a valid list', input: 'x' },
    ],
  },
  { name: 'a union prefers the exact type', schema: { anyOf: [{ type: 'integer' }, { type: 'string' }] }, input: '5', value: '5' },
  { name: 'a union falls back to lax', schema: { anyOf: [{ type: 'integer' }, { type: 'array' }] }, input: '5', value: 5 },
  { name: 'date-time', schema: { type: 'string', format: 'date-time' }, input: '2020-01-01T00:00:00Z', value: '2020-01-01T00:00:00Z' },
  {
    name: 'date-time too short',
    schema: { type: 'string', format: 'date-time' },
    input: 'abc',
    issues: [
      {
        type: 'datetime_from_date_parsing',
        loc: [],
        msg: 'Input should be a valid datetime or date, input is too short',
        input: 'abc',
        ctx: { error: 'input is too short' },
      },
    ],
  },
  {
    name: 'date-time month out of range',
    schema: { type: 'string', format: 'date-time' },
    input: '2020-13-01T00:00:00',
    issues: [
      {
        type: 'datetime_from_date_parsing',
        loc: [],
        msg: 'Input should be a valid datetime or date, month value is outside expected range of 1-12',
        input: '2020-13-01T00:00:00',
        ctx: { error: 'month value is outside expected range of 1-12' },
      },
    ],
  },
  {
    name: 'date-time of the wrong type',
    schema: { type: 'string', format: 'date-time' },
    input: true,
    issues: [{ type: 'datetime_type', loc: [], msg: 'Input should be a valid datetime', input: true }],
  },
]);

t.test('defaults are deep copies and the loc argument is left alone', async (t) => {
  const schema: JsonSchema = { type: 'object', properties: { tags: { type: 'array', default: ['a'] } } };
  const loc: Loc = ['body'];
  const first = validate(schema, {}, loc, { source: 'python', resolve });
  const tags = (first.value as { tags: string[] }).tags;
  tags.push('mutated');
  const second = validate(schema, {}, loc, { source: 'python', resolve });
  t.strictSame(second.value, { tags: ['a'] });
  t.strictSame(loc, ['body']);
});

t.test('the same schema object validates repeatedly with the same result', async (t) => {
  const input = { task: 5 };
  const a = validate(runTask, input, ['body'], { source: 'python', resolve });
  const b = validate(runTask, input, ['body'], { source: 'python', resolve });
  t.strictSame(a, b);
  t.equal(a.value, undefined, 'no value when there are issues');
});
