// loadContract reads either API version's document; v3 stays the default.
import t from 'tap';
import { DOCUMENT_URL, DOCUMENT_URLS, loadContract } from '../../src/contract/document.js';

t.test('the default is the v3 document', async (t) => {
  const byDefault = loadContract();
  const byVersion = loadContract('v3');
  const byUrl = loadContract(DOCUMENT_URL);
  t.strictSame(byVersion.document, byDefault.document);
  t.strictSame(byUrl.document, byDefault.document);
  t.strictSame([...byVersion.operations.keys()], [...byDefault.operations.keys()]);
  t.match(byDefault.document.servers, [{ url: '/api/v3' }]);
});

t.test('v2 loads with every operation of its document', async (t) => {
  const v2 = loadContract('v2');
  t.equal(v2.operations.size, 42, '42 operations');
  t.match(v2.document.servers, [{ url: '/api/v2' }]);
  t.equal(loadContract(DOCUMENT_URLS.v2).operations.size, 42, 'the same through its URL');

  const create = v2.operations.get('create_task_tasks_post');
  t.ok(create, 'POST /tasks is known by its operationId');
  t.equal(create?.method, 'POST');
  t.equal(create?.path, '/tasks');
  t.strictSame(create?.statuses, ['202', '400', '401', '402', '404', '413', '422', '429'], 'with the 402 of openapi/extensions-v2.json');
  t.equal(create?.body?.required, true);

  const output = v2.operations.get('get_task_output_file_presigned_url_files_tasks__task_id__output_files__file_id__get');
  t.equal(output?.routePath, '/files/tasks/:task_id/output-files/:file_id');
  t.strictSame(output?.parameters.map((p) => [p.name, p.in, p.required]), [
    ['task_id', 'path', true],
    ['file_id', 'path', true],
  ]);

  const marketplace = v2.operations.get('list_skills_marketplace_skills_get');
  t.notOk(marketplace?.statuses.includes('401'), 'the marketplace listing needs no key');
  t.strictSame(v2.resolve('#/components/schemas/TaskStatus').enum, ['created', 'started', 'finished', 'stopped']);
});

t.test('operation ids repeat across versions, so each version needs its own contract', async (t) => {
  // Both documents name POST /sessions create_session_sessions_post, with different request bodies.
  const bodyRef = (version: 'v2' | 'v3'): unknown =>
    loadContract(version).operations.get('create_session_sessions_post')?.body?.schema.$ref;
  t.equal(bodyRef('v2'), '#/components/schemas/CreateSessionRequest');
  t.equal(bodyRef('v3'), '#/components/schemas/RunTaskRequest');
});
