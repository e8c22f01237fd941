// Structured output: valid against the task's schema, and realistic for the field names and bounds.
import t from 'tap';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { planTask } from '../../src/simulation/planner.js';
import { inputFor } from './check.js';

type Json = Record<string, unknown>;
const ajv = new Ajv2020({ strict: false, allErrors: true });
// The package is CommonJS: under ESM its function may sit on `default`.
const addFormats = (formats as unknown as { default?: typeof formats }).default ?? formats;
(addFormats as unknown as (instance: Ajv2020) => void)(ajv);

const PLACEHOLDER = /^(string|example|foo|bar|lorem|placeholder|test|value|field_\d+|item \d+|abc|A|a|1)$|lorem ipsum|\{[a-z]/i;

function run(task: string, schema: Json, seed = 'schema:0'): Json {
  const plan = planTask(inputFor(task, { outputSchema: schema, seed }));
  if (plan.ending.kind !== 'success') throw new Error(`expected success, got ${plan.ending.kind}`);
  const output = plan.ending.output as Json;
  const validate = ajv.compile(schema);
  if (!validate(output)) throw new Error(JSON.stringify(validate.errors));
  return output;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

const hostOf = (url: string): string => new URL(url).hostname;

t.test('products: count from the task, prices within the task and the schema, URLs on the site', async (t) => {
  const schema = {
    type: 'object',
    properties: {
      products: {
        type: 'array',
        minItems: 1,
        maxItems: 10,
        items: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            price: { type: 'number', minimum: 10, maximum: 60 },
            rating: { type: 'number', minimum: 1, maximum: 5 },
            url: { type: 'string', format: 'uri' },
          },
          required: ['name', 'price', 'rating', 'url'],
        },
      },
    },
    required: ['products'],
  };
  const out = run('Find the 3 best-rated wireless mice under $50 on amazon.com', schema) as { products: { name: string; price: number; rating: number; url: string }[] };
  t.equal(out.products.length, 3, 'the task asked for 3');
  for (const p of out.products) {
    t.match(p.name, /Wireless Mice|Wireless Mouse/i, 'a product name about the query');
    t.ok(p.price >= 10 && p.price < 50, `price ${p.price} within the schema and under $50`);
    t.ok(p.rating >= 3 && p.rating <= 5, `rating ${p.rating}`);
    t.equal(hostOf(p.url), 'amazon.com', 'URL on the task site');
  }
  t.same(out.products.map((p) => p.rating), [...out.products.map((p) => p.rating)].sort((a, b) => b - a), 'best-rated first');
  for (const s of strings(out)) t.notMatch(s, PLACEHOLDER, `not a placeholder: ${s}`);
});

t.test('sign-up: the name and email from the task, the plan from the enum the task names, an ISO date', async (t) => {
  const schema = {
    type: 'object',
    properties: {
      full_name: { type: 'string' },
      email: { type: 'string', format: 'email' },
      plan: { type: 'string', enum: ['free', 'pro', 'team'] },
      signup_date: { type: 'string', format: 'date' },
      confirmation_id: { type: 'string', pattern: '^[A-Z]{3}-\\d{5}$' },
    },
    required: ['full_name', 'email', 'plan', 'signup_date', 'confirmation_id'],
  };
  const out = run('Sign up on acme.io as Ada Lovelace with ada@lovelace.dev for the pro plan', schema);
  t.equal(out.full_name, 'Ada Lovelace');
  t.equal(out.email, 'ada@lovelace.dev');
  t.equal(out.plan, 'pro');
  t.match(out.signup_date, /^2026-\d\d-\d\d$/);
  for (const s of strings(out)) t.notMatch(s, PLACEHOLDER, `not a placeholder: ${s}`);
});

t.test('flights: the task cities, departure times matching a 24-hour pattern and before the bound', async (t) => {
  const schema = {
    type: 'object',
    properties: {
      origin: { type: 'string' },
      destination: { type: 'string' },
      flights: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            airline: { type: 'string' },
            departure_time: { type: 'string', pattern: '^\\d{2}:\\d{2}$' },
            price_usd: { type: 'number', exclusiveMinimum: 0 },
            currency: { type: 'string', enum: ['USD', 'EUR'] },
          },
          required: ['airline', 'departure_time', 'price_usd', 'currency'],
        },
      },
    },
    required: ['origin', 'destination', 'flights'],
  };
  const out = run('Find 2 flights from Boston to Denver on July 4 leaving before 10am under $250', schema) as { origin: string; destination: string; flights: { airline: string; departure_time: string; price_usd: number }[] };
  t.equal(out.origin, 'Boston');
  t.equal(out.destination, 'Denver');
  t.equal(out.flights.length, 2);
  for (const f of out.flights) {
    t.ok(Number(f.departure_time.slice(0, 2)) < 10, `${f.departure_time} before 10:00`);
    t.ok(f.price_usd < 250, `${f.price_usd} under 250`);
    t.notMatch(f.airline, PLACEHOLDER);
  }
});

t.test('array sizes within minItems/maxItems even when the task asks for more', async (t) => {
  const schema = {
    type: 'object',
    properties: {
      jobs: {
        type: 'array',
        maxItems: 2,
        items: {
          type: 'object',
          properties: { title: { type: 'string' }, company: { type: 'string' }, location: { type: 'string' }, salary_k: { type: 'integer', minimum: 50, maximum: 250 }, posted: { type: 'string', format: 'date' } },
          required: ['title', 'company', 'location', 'salary_k', 'posted'],
        },
      },
    },
    required: ['jobs'],
  };
  const out = run('Find 5 data engineer jobs in Toronto on indeed.com', schema) as { jobs: { title: string; company: string; location: string; salary_k: number }[] };
  t.equal(out.jobs.length, 2, 'maxItems wins over the task count');
  for (const j of out.jobs) {
    t.match(j.title, /Data Engineer/);
    t.equal(j.location, 'Toronto');
    t.ok(j.salary_k >= 50 && j.salary_k <= 250);
  }
});

t.test('weather: city, temperature in a plausible range, an enum matching the conditions shown', async (t) => {
  const schema = {
    type: 'object',
    properties: {
      city: { type: 'string' },
      temperature_c: { type: 'number' },
      humidity: { type: 'integer', minimum: 0, maximum: 100 },
      summary: { type: 'string', minLength: 10 },
    },
    required: ['city', 'temperature_c', 'humidity', 'summary'],
  };
  const out = run('What is the weather in Oslo tomorrow?', schema);
  t.equal(out.city, 'Oslo');
  t.ok(typeof out.temperature_c === 'number' && out.temperature_c > -30 && out.temperature_c < 45);
  t.match(out.summary, /Oslo/);
});

t.test('the same seed gives the same structured output; another task another one', async (t) => {
  const schema = { type: 'object', properties: { title: { type: 'string' }, url: { type: 'string', format: 'uri' } }, required: ['title', 'url'] };
  t.same(run('Get the top headline on bbc.com', schema), run('Get the top headline on bbc.com', schema));
  t.not(JSON.stringify(run('Get the top headline on bbc.com', schema)), JSON.stringify(run('Find the cheapest kettle on target.com', schema)));
  t.equal(hostOf(String(run('Get the top headline on bbc.com', schema).url)), 'bbc.com');
});
