// Scenario files: the built-ins in fixtures/, user directories in front of or instead of them, and
// start-up validation that names the file and the field.
import { join } from 'node:path';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { configFromEnv } from '../../src/config.js';
import type { MessageListResponse, SessionResponse } from '../../src/contract/types.generated.js';
import { BUILT_IN_FIXTURES_DIR, FixtureError, builtInScenarios, loadScenarioDir, parseScenarioFile, scenariosInForce } from '../../src/simulation/fixtures.js';
import { ScenarioRegistry } from '../../src/simulation/scenario.js';
import { startTestServer } from '../helpers/server.js';

const query = (task: string, extra: Partial<{ model: 'bu-mini' | 'claude-sonnet-4.6'; hasOutputSchema: boolean; hasWorkspace: boolean }> = {}) => ({
  task,
  model: extra.model ?? 'claude-sonnet-4.6',
  hasOutputSchema: extra.hasOutputSchema ?? false,
  hasWorkspace: extra.hasWorkspace ?? false,
});

t.test('built-in scenarios come from fixtures/, in file-name order, catch-all last', async (t) => {
  const names = builtInScenarios().map((s) => s.name);
  t.same(names, ['failure', 'error', 'timeout', 'cost-limit', 'expensive', 'quick', 'long', 'success']);
  const registry = new ScenarioRegistry(builtInScenarios());
  const cases: [string, string][] = [
    ['Buy a mouse [mock:failure]', 'failure'],
    ['Buy a mouse [MOCK:ERROR]', 'error'],
    ['[mock:timeout] wait', 'timeout'],
    ['Buy [mock:cost-limit]', 'cost-limit'],
    ['Buy [mock:cost_cap]', 'cost-limit'],
    ['Buy [mock:expensive]', 'expensive'],
    ['Buy [mock:quick]', 'quick'],
    ['Buy [mock:long]', 'long'],
    ['Buy a mouse', 'success'],
  ];
  for (const [task, name] of cases) t.equal(registry.select(query(task)).name, name, task);
  t.equal(registry.select(query('x [mock:error] [mock:failure]')).name, 'failure', 'first match wins');
  for (const scenario of builtInScenarios()) t.match(scenario.source, /^fixtures\/\d\d-[\w-]+\.yaml$/, `${scenario.name} names its file`);
  t.equal(new ScenarioRegistry([]).select(query('anything')).name, 'success', 'an empty set still dispatches');
});

t.test('the shipped examples are valid scenario files', async (t) => {
  const examples = loadScenarioDir(join(BUILT_IN_FIXTURES_DIR, 'examples'));
  t.same(
    examples.map((s) => s.name),
    ['checkout', 'login-blocked', 'login-crash'],
  );
  const registry = new ScenarioRegistry(examples);
  t.equal(registry.select(query('Please checkout my cart', { hasOutputSchema: true })).name, 'checkout');
  t.equal(registry.select(query('Please checkout my cart', { hasOutputSchema: false })).name, 'success', 'outputSchema: true required');
  t.equal(registry.select(query('Please checkout my cart', { model: 'bu-mini', hasOutputSchema: true })).name, 'success', 'model list respected');
  t.equal(registry.select(query('login-crash')).name, 'success', 'match: false is reachable only by name');
  t.equal(registry.byName('login-crash')?.outcome, 'error');
});

const problemsOf = (text: string, file = 'fixtures/checkout.yaml'): string[] => parseScenarioFile(file, text).problems;

t.test('validation names the file and the field', async (t) => {
  const cases: [string, string][] = [
    ['steps:\n  count: [5, 2]\n', 'fixtures/checkout.yaml: steps.count: expected [min, max] with min <= max, got [5, 2]'],
    ['steps:\n  count: [1, 2, 3]\n', 'fixtures/checkout.yaml: steps.count: expected [min, max] with min <= max, got [1,2,3]'],
    ['steps:\n  count: 0\n', 'fixtures/checkout.yaml: steps.count: expected an integer >= 1 or [min, max], got 0'],
    ['steps:\n  inputTokens: [-5, 10]\n', 'fixtures/checkout.yaml: steps.inputTokens: expected values >= 0, got [-5, 10]'],
    ['steps:\n  durationMs: "slow"\n', 'fixtures/checkout.yaml: steps.durationMs: expected [min, max] with min <= max, got "slow"'],
    ['outcome: cost_limit\n', 'fixtures/checkout.yaml: outcome: expected one of success, failure, error, timed_out, got "cost_limit" (a task stops at its cost cap when its steps cost more than its maxCostUsd: raise steps.inputTokens)'],
    ['outcome: maybe\n', 'fixtures/checkout.yaml: outcome: expected one of success, failure, error, timed_out, got "maybe"'],
    ['match:\n  task: "[unclosed"\n', 'fixtures/checkout.yaml: match.task: invalid regular expression: Invalid regular expression: /[unclosed/i: Unterminated character class'],
    ['match:\n  model: gpt-5\n', 'fixtures/checkout.yaml: match.model: expected one of bu-mini, bu-max, bu-ultra, gemini-3-flash, claude-sonnet-4.6, claude-opus-4.6, got "gpt-5"'],
    ['match:\n  model: [bu-mini, nope]\n', 'fixtures/checkout.yaml: match.model[1]: expected one of bu-mini, bu-max, bu-ultra, gemini-3-flash, claude-sonnet-4.6, claude-opus-4.6, got "nope"'],
    ['match:\n  outputSchema: yes please\n', 'fixtures/checkout.yaml: match.outputSchema: expected true or false, got "yes please"'],
    ['match:\n  task: a\n  taskIncludes: b\n', 'fixtures/checkout.yaml: match.taskIncludes: give either task (a regular expression) or taskIncludes (plain text), not both'],
    ['match:\n  text: a\n', 'fixtures/checkout.yaml: match.text: unknown field (expected one of task, taskIncludes, model, outputSchema, workspace)'],
    ['steps:\n  script:\n    - summary: ok\n    - type: browser_action\n', 'fixtures/checkout.yaml: steps.script[1].summary: required'],
    ['steps:\n  script:\n    - summary: ok\n      type: teleport\n', 'fixtures/checkout.yaml: steps.script[0].type: expected one of browser_action, browser_action_error, file_operation, code_execution, integration, planning, assistant_message, got "teleport"'],
    ['steps:\n  script:\n    - summary: ok\n      durationMs: 10\n', 'fixtures/checkout.yaml: steps.script[0].durationMs: expected an integer >= 50, got 10'],
    ['steps:\n  count: 3\n  script:\n    - summary: ok\n', 'fixtures/checkout.yaml: steps.count: not allowed together with script (the script fixes the number of steps)'],
    ['steps:\n  script: []\n', 'fixtures/checkout.yaml: steps.script: expected a non-empty list of steps'],
    ['outcome: error\noutput: done\n', 'fixtures/checkout.yaml: output: not used when outcome is error (such runs end with output null)'],
    ['files:\n  - path: ../escape.txt\n    content: x\n', 'fixtures/checkout.yaml: files[0].path: expected a relative path inside the workspace'],
    ['files:\n  - path: a.txt\n', 'fixtures/checkout.yaml: files[0].content: required'],
    ['name: "has space"\n', 'fixtures/checkout.yaml: name: expected letters, digits, ".", "_" or "-" (usable in Prefer: scenario=NAME), got "has space"'],
    ['nmae: typo\n', 'fixtures/checkout.yaml: nmae: unknown field (expected one of name, description, match, outcome, steps, output, message, files)'],
    ['match: 3\n', 'fixtures/checkout.yaml: match: expected a mapping (or false for a scenario reachable only by name), got 3'],
    ['[]\n', 'fixtures/checkout.yaml: the file holds no scenario'],
    ['steps: [\n', 'fixtures/checkout.yaml: cannot parse at line 2, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ];
  for (const [text, expected] of cases) {
    const problems = problemsOf(text);
    t.ok(problems.includes(expected), `${JSON.stringify(text)} → ${expected}${problems.includes(expected) ? '' : `; got: ${problems.join(' | ')}`}`);
  }
  t.same(problemsOf('{"steps": {"count": [2, 1]}}', 'own/x.json'), ['own/x.json: steps.count: expected [min, max] with min <= max, got [2, 1]'], 'JSON files too');
  t.same(problemsOf('scenarios:\n  - name: a\n  - name: b\n    steps: {count: [3, 1]}\n'), ['fixtures/checkout.yaml: scenarios[1].steps.count: expected [min, max] with min <= max, got [3, 1]'], 'list positions');
  t.same(problemsOf('- name: a\n  outcome: nope\n'), ['fixtures/checkout.yaml: [0].outcome: expected one of success, failure, error, timed_out, got "nope"']);
  t.equal(problemsOf('steps: {count: [5, 2], durationMs: [9, 1]}\noutcome: x\n').length, 3, 'every problem at once');
});

t.test('a valid file: defaults, names, ranges and scripts', async (t) => {
  const { scenarios, problems } = parseScenarioFile('own/20-refund.yaml', 'match:\n  taskIncludes: "refund (please)"\nsteps:\n  count: 4\n  durationMs: [100, 200]\noutput: {ok: true}\n');
  t.same(problems, []);
  const [refund] = scenarios;
  t.equal(refund?.name, 'refund', 'named after the file, without the order prefix');
  t.equal(refund?.outcome, 'success');
  t.same(refund?.steps.count, [4, 4]);
  t.same(refund?.steps.durationMs, [100, 200]);
  t.same(refund?.steps.inputTokens, [2500, 9000], 'defaults for the rest');
  t.same(refund?.output, { ok: true });
  t.ok(refund?.match.task?.test('Get a REFUND (PLEASE) now'), 'taskIncludes is literal and case-insensitive');
  t.notOk(refund?.match.task?.test('refund please'));
  const flags = parseScenarioFile('x.yaml', 'match:\n  task: "/^Exact$/"\n').scenarios[0];
  t.ok(flags?.match.task?.test('Exact'));
  t.notOk(flags?.match.task?.test('exact'), '/source/flags chooses the flags');
});

t.test('user directories: in front of the built-ins, or instead of them', async (t) => {
  const dir = t.testdir({
    '10-refund.yaml': 'match:\n  taskIncludes: refund\noutcome: failure\nmessage: No refunds today.\n',
    '20-failure.yaml': 'name: failure\ndescription: my own failure\nmatch:\n  task: "\\\\[mock:failure\\\\]"\noutcome: failure\nmessage: Mine.\n',
    'notes.txt': 'not a scenario',
    nested: { 'ignored.yaml': 'outcome: nope\n' },
  });
  const inFront = scenariosInForce({ fixturesDir: dir, fixturesReplace: false });
  t.same(
    inFront.map((s) => s.name).slice(0, 3),
    ['refund', 'failure', 'failure'],
  );
  const registry = new ScenarioRegistry(inFront);
  t.equal(registry.select(query('refund my order')).name, 'refund');
  t.equal(registry.byName('failure')?.description, 'my own failure', 'a user scenario shadows the built-in of the same name');
  t.equal(registry.select(query('x [mock:error]')).name, 'error', 'built-ins still apply');
  const only = scenariosInForce({ fixturesDir: dir, fixturesReplace: true });
  t.same(
    only.map((s) => s.name),
    ['refund', 'failure'],
  );
  t.equal(new ScenarioRegistry(only).select(query('x [mock:error]')).name, 'success', 'without built-ins, unmatched tasks run the plain default');
  t.throws(() => scenariosInForce({ fixturesDir: undefined, fixturesReplace: true }), /BU_MOCK_FIXTURES_REPLACE is set but no fixtures directory/);
  t.throws(() => loadScenarioDir(join(dir, 'missing')), /cannot read the fixtures directory/);

  const dupes = t.testdir({ 'a.yaml': 'name: same\n', 'b.yaml': 'name: same\n' });
  t.throws(() => loadScenarioDir(dupes), /b\.yaml: name: "same" is already defined in .*a\.yaml/);
});

t.test('start-up refuses broken fixtures with the file and field named', async (t) => {
  const dir = t.testdir({ 'checkout.yaml': 'steps:\n  count: [5, 2]\n', 'other.yaml': 'outcome: later\n' });
  const config = configFromEnv({ BU_MOCK_FIXTURES: dir }, { logLevel: 'silent', clock: 'manual' });
  const error = await buildApp(config).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(error instanceof FixtureError);
  t.match((error as Error).message, /checkout\.yaml: steps\.count: expected \[min, max\] with min <= max, got \[5, 2\]/);
  t.match((error as Error).message, /other\.yaml: outcome: expected one of success, failure, error, timed_out/);
});

t.test('a user scenario end to end: scripted steps, JSON output, matched by task and schema', async (t) => {
  const dir = t.testdir({
    'order.yaml': [
      'name: order',
      'match:',
      '  taskIncludes: place the order',
      '  outputSchema: true',
      'steps:',
      '  script:',
      '    - summary: Opening the cart',
      '      durationMs: 1000',
      '      inputTokens: 1000',
      '      outputTokens: 100',
      '    - summary: Paying',
      '      durationMs: 2000',
      '      inputTokens: 500',
      '      data: {action: click, params: {index: 7}}',
      'output: {orderId: ORD-1, total: 59.9}',
      '',
    ].join('\n'),
  });
  const s = await startTestServer(t, { fixturesDir: dir });
  const schema = { type: 'object', properties: { orderId: { type: 'string' }, total: { type: 'number' } } };
  const created = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Please place the order', outputSchema: schema } });
  const end = await s.call('POST', '/_mock/clock/advance', { body: { sessionId: created.json.id, to: 'end' }, key: null });
  t.equal(end.status, 200);
  const done = (await s.call<SessionResponse>('GET', `/sessions/${created.json.id}`)).json;
  t.match(done, { status: 'stopped', isTaskSuccessful: true, stepCount: 2, output: { orderId: 'ORD-1', total: 59.9 }, totalInputTokens: 1500, lastStepSummary: 'Paying' });
  const messages = (await s.call<MessageListResponse>('GET', `/sessions/${created.json.id}/messages?limit=50`)).json.messages;
  const actions = messages.filter((m) => m.type === 'browser_action').map((m) => [m.summary, m.data]);
  t.same(actions, [
    ['Opening the cart', actions[0]?.[1]],
    ['Paying', '{"action":"click","params":{"index":7}}'],
  ]);
  const withoutSchema = await s.call<SessionResponse>('POST', '/sessions', { body: { task: 'Please place the order' } });
  await s.call('POST', '/_mock/clock/advance', { body: { sessionId: withoutSchema.json.id, to: 'end' }, key: null });
  t.not((await s.call<SessionResponse>('GET', `/sessions/${withoutSchema.json.id}`)).json.stepCount, 2, 'no outputSchema: the default scenario');
  const listed = await s.call<{ name: string; source: string | null }[]>('GET', '/_mock/scenarios', { key: null });
  t.equal(listed.json[0]?.name, 'order');
  t.match(listed.json[0]?.source, /order\.yaml$/);
  t.equal(listed.json.length, 9);
});
