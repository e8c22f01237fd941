// Generates TypeBox schemas + static types from the component schemas of a
// contract document: src/contract/types.generated.ts from openapi/v3.json and
// src/contract/types-v2.generated.ts from openapi/v2.json.
//
//   npm run gen:types          (both)
//   npm run gen:types -- v2    (one)
//
// The generator is also importable: `generateTypes(doc)` returns the file
// text, which test/contract/types-drift.test.ts compares with the committed
// file.
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REF_PREFIX = '#/components/schemas/';

/** Keywords that carry prose only; they are not part of the generated schemas. */
const ANNOTATIONS = new Set(['title', 'description', 'examples', 'example']);

/** Keywords copied verbatim into the TypeBox options object, in this order. */
const OPTION_KEYS = [
  'format',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'default',
];

const SCALAR_BUILDERS = {
  string: 'Type.String',
  integer: 'Type.Integer',
  number: 'Type.Number',
  boolean: 'Type.Boolean',
};

const INDENT = '  ';
const MAX_INLINE = 80;

/** A TypeScript/JavaScript single-quoted string literal. */
function str(value) {
  const inner = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${inner}'`;
}

function propertyKey(name) {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : str(name);
}

/** A plain JSON value as a JavaScript literal (used for defaults). */
function literal(value) {
  if (value === null) return 'null';
  if (typeof value === 'string') return str(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${propertyKey(k)}: ${literal(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  throw new Error(`gen-types: cannot emit literal ${String(value)}`);
}

/**
 * Intermediate representation: either a leaf (already rendered text) or a
 * call `head(args..., options?)` whose list arguments may be laid out over
 * several lines when they do not fit.
 */
const leaf = (text) => ({ kind: 'leaf', text });
const call = (head, args) => ({ kind: 'call', head, args });
const list = (open, close, items) => ({ kind: 'list', open, close, items });
const entry = (key, value) => ({ kind: 'entry', key, value });

function flat(node) {
  switch (node.kind) {
    case 'leaf':
      return node.text;
    case 'call':
      return `${node.head}(${node.args.map(flat).join(', ')})`;
    case 'entry':
      return `${node.key}: ${flat(node.value)}`;
    case 'list': {
      if (node.items.length === 0) return `${node.open}${node.close}`;
      const body = node.items.map(flat).join(', ');
      return node.open === '{' ? `{ ${body} }` : `${node.open}${body}${node.close}`;
    }
    default:
      throw new Error(`gen-types: unknown node ${node.kind}`);
  }
}

/** Renders a node starting at column `column` with indentation level `depth`. */
function render(node, depth, column) {
  const single = flat(node);
  if (column + single.length <= MAX_INLINE || node.kind === 'leaf') return single;
  const pad = INDENT.repeat(depth);
  switch (node.kind) {
    case 'entry': {
      const prefix = `${node.key}: `;
      return prefix + render(node.value, depth, column + prefix.length);
    }
    case 'list': {
      const inner = INDENT.repeat(depth + 1);
      const lines = node.items.map((item) => `${inner}${render(item, depth + 1, inner.length)},`);
      return `${node.open}\n${lines.join('\n')}\n${pad}${node.close}`;
    }
    case 'call': {
      // Keep the call head and its first list argument on the same line:
      //   Type.Object({
      //     ...
      //   }, { default: 1 })
      const parts = [];
      let col = column + node.head.length + 1;
      for (const [i, arg] of node.args.entries()) {
        const prefix = i === 0 ? '' : ', ';
        const text = render(arg, depth, col + prefix.length);
        parts.push(prefix + text);
        const lastLine = text.split('\n').pop() ?? '';
        col = text.includes('\n') ? lastLine.length : col + prefix.length + text.length;
      }
      return `${node.head}(${parts.join('')})`;
    }
    default:
      throw new Error(`gen-types: unknown node ${node.kind}`);
  }
}

function refName(ref, names) {
  if (typeof ref !== 'string' || !ref.startsWith(REF_PREFIX)) {
    throw new Error(`gen-types: unsupported $ref ${String(ref)}`);
  }
  const name = ref.slice(REF_PREFIX.length);
  if (!names.has(name)) throw new Error(`gen-types: $ref to unknown schema ${name}`);
  return name;
}

function optionsNode(schema) {
  const items = [];
  for (const key of OPTION_KEYS) {
    if (key in schema) items.push(entry(key, leaf(literal(schema[key]))));
  }
  return items.length === 0 ? undefined : list('{', '}', items);
}

function checkKeys(schema, allowed, where) {
  for (const key of Object.keys(schema)) {
    if (ANNOTATIONS.has(key) || OPTION_KEYS.includes(key) || allowed.includes(key)) continue;
    throw new Error(`gen-types: unsupported keyword "${key}" at ${where}`);
  }
}

function withOptions(head, args, schema) {
  const options = optionsNode(schema);
  return call(head, options ? [...args, options] : args);
}

/** Converts one JSON Schema (OpenAPI 3.1 dialect) into a TypeBox expression node. */
function toNode(schema, names, where) {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new Error(`gen-types: schema expected at ${where}`);
  }

  if ('$ref' in schema) {
    checkKeys(schema, ['$ref'], where);
    const name = refName(schema.$ref, names);
    const options = optionsNode(schema);
    return options ? call('CloneType', [leaf(name), options]) : leaf(name);
  }

  if ('anyOf' in schema) {
    checkKeys(schema, ['anyOf'], where);
    const members = schema.anyOf.map((member, i) => toNode(member, names, `${where}.anyOf[${i}]`));
    return withOptions('Type.Union', [list('[', ']', members)], schema);
  }

  if ('enum' in schema) {
    checkKeys(schema, ['enum', 'type'], where);
    const values = schema.enum;
    if (!Array.isArray(values) || values.length === 0) {
      throw new Error(`gen-types: empty enum at ${where}`);
    }
    for (const value of values) {
      if (typeof value !== 'string') throw new Error(`gen-types: non-string enum at ${where}`);
    }
    if (schema.type !== undefined && schema.type !== 'string') {
      throw new Error(`gen-types: enum of type ${String(schema.type)} at ${where}`);
    }
    const literals = values.map((value) => call('Type.Literal', [leaf(str(value))]));
    return withOptions('Type.Union', [list('[', ']', literals)], schema);
  }

  if ('const' in schema) {
    checkKeys(schema, ['const', 'type'], where);
    if (typeof schema.const !== 'string') throw new Error(`gen-types: non-string const at ${where}`);
    if (schema.type !== undefined && schema.type !== 'string') {
      throw new Error(`gen-types: const of type ${String(schema.type)} at ${where}`);
    }
    return withOptions('Type.Literal', [leaf(str(schema.const))], schema);
  }

  const type = schema.type;
  if (type === undefined) {
    checkKeys(schema, [], where);
    return withOptions('Type.Unknown', [], schema);
  }
  if (type === 'null') {
    checkKeys(schema, ['type'], where);
    return withOptions('Type.Null', [], schema);
  }
  if (type in SCALAR_BUILDERS) {
    checkKeys(schema, ['type'], where);
    return withOptions(SCALAR_BUILDERS[type], [], schema);
  }
  if (type === 'array') {
    checkKeys(schema, ['type', 'items'], where);
    const items = schema.items === undefined ? leaf('Type.Unknown()') : toNode(schema.items, names, `${where}.items`);
    return withOptions('Type.Array', [items], schema);
  }
  if (type === 'object') {
    checkKeys(schema, ['type', 'properties', 'required', 'additionalProperties'], where);
    const properties = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    for (const name of required) {
      if (!(name in properties)) throw new Error(`gen-types: required "${name}" is not a property at ${where}`);
    }
    const additional = schema.additionalProperties;
    if (Object.keys(properties).length === 0 && schema.properties === undefined) {
      if (additional === true || additional === undefined) {
        return withOptions('Type.Record', [leaf('Type.String()'), leaf('Type.Unknown()')], schema);
      }
      if (typeof additional === 'object') {
        return withOptions(
          'Type.Record',
          [leaf('Type.String()'), toNode(additional, names, `${where}.additionalProperties`)],
          schema,
        );
      }
    }
    const entries = Object.entries(properties).map(([name, prop]) => {
      const node = toNode(prop, names, `${where}.properties.${name}`);
      return entry(propertyKey(name), required.has(name) ? node : call('Type.Optional', [node]));
    });
    const optionItems = [];
    if (additional !== undefined) {
      if (typeof additional !== 'boolean') {
        throw new Error(`gen-types: schema-valued additionalProperties with properties at ${where}`);
      }
      optionItems.push(entry('additionalProperties', leaf(String(additional))));
    }
    const options = optionsNode(schema);
    if (options) optionItems.push(...options.items);
    const args = [list('{', '}', entries)];
    if (optionItems.length > 0) args.push(list('{', '}', optionItems));
    return call('Type.Object', args);
  }
  throw new Error(`gen-types: unsupported type ${JSON.stringify(type)} at ${where}`);
}

function collectRefs(schema, out) {
  if (Array.isArray(schema)) {
    for (const item of schema) collectRefs(item, out);
  } else if (schema !== null && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX)) {
        out.add(value.slice(REF_PREFIX.length));
      } else if (key !== 'default' && key !== 'examples' && key !== 'example') {
        collectRefs(value, out);
      }
    }
  }
  return out;
}

/** Document order, except that every schema comes after the schemas it references. */
function declarationOrder(schemas) {
  const names = Object.keys(schemas);
  const order = [];
  const state = new Map();
  const visit = (name, trail) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      throw new Error(`gen-types: recursive schemas are not supported: ${[...trail, name].join(' -> ')}`);
    }
    state.set(name, 'visiting');
    for (const dep of collectRefs(schemas[name], new Set())) {
      if (!(dep in schemas)) throw new Error(`gen-types: ${name} references unknown schema ${dep}`);
      visit(dep, [...trail, name]);
    }
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of names) visit(name, []);
  return order;
}

/** What is generated from which document. */
export const TARGETS = {
  v3: { document: 'openapi/v3.json', output: 'src/contract/types.generated.ts' },
  v2: { document: 'openapi/v2.json', output: 'src/contract/types-v2.generated.ts' },
};

/**
 * Returns the text of the generated TypeBox module for an OpenAPI document.
 * @param {any} doc parsed contract document
 * @param {string} [source] the document's path, named in the file's header
 * @returns {string}
 */
export function generateTypes(doc, source = TARGETS.v3.document) {
  const schemas = doc?.components?.schemas;
  if (schemas === null || typeof schemas !== 'object') {
    throw new Error('gen-types: the document has no components.schemas');
  }
  const names = new Set(Object.keys(schemas));
  for (const name of names) {
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) throw new Error(`gen-types: "${name}" is not an identifier`);
  }
  const order = declarationOrder(schemas);

  const declarations = order.map((name) => {
    const head = `export const ${name} = `;
    const expr = render(toNode(schemas[name], names, name), 0, head.length);
    return `${head}${expr};\nexport type ${name} = Static<typeof ${name}>;\n`;
  });
  const usesClone = declarations.some((text) => text.includes('CloneType('));
  const imports = usesClone ? 'CloneType, Type, type Static' : 'Type, type Static';
  const componentNames = [...names].map((name) => `${INDENT}${str(name)},`).join('\n');

  return [
    `// This file is generated by \`npm run gen:types\` from ${source}.`,
    '// Do not edit it by hand: change the document and run the generator again.',
    '',
    `import { ${imports} } from '@sinclair/typebox';`,
    '',
    declarations.join('\n'),
    `/** Names of all component schemas, in the order of ${source}. */`,
    `export const componentNames = [\n${componentNames}\n] as const;`,
    '',
  ].join('\n');
}

function isMain() {
  const entryPoint = process.argv[1];
  if (!entryPoint) return false;
  try {
    return realpathSync(entryPoint) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return pathToFileURL(entryPoint).href === import.meta.url;
  }
}

if (isMain()) {
  const wanted = process.argv.slice(2);
  for (const version of wanted) {
    if (!(version in TARGETS)) throw new Error(`gen-types: unknown version ${version}; use ${Object.keys(TARGETS).join(' or ')}`);
  }
  for (const [version, target] of Object.entries(TARGETS)) {
    if (wanted.length > 0 && !wanted.includes(version)) continue;
    const docUrl = new URL(`../${target.document}`, import.meta.url);
    const outUrl = new URL(`../${target.output}`, import.meta.url);
    const doc = JSON.parse(readFileSync(docUrl, 'utf8'));
    writeFileSync(outUrl, generateTypes(doc, target.document));
    process.stdout.write(`wrote ${fileURLToPath(outUrl)}\n`);
  }
}
