// npm test runs the test files in shares (test/suites/share.ts): every file in exactly one share.
import t from 'tap';
import { SHARES, shares, testFiles } from '../suites/share.js';

t.test('the shares run every test file exactly once', async (t) => {
  const files = testFiles();
  const dealt = shares(files);
  t.equal(dealt.length, SHARES);
  t.same(dealt.flat().sort(), [...files].sort());
  t.ok(files.some((f) => f.endsWith('unit/shares.test.ts')), 'this file is among them');
  t.notOk(files.some((f) => /[\\/]e2e[\\/]/.test(f)), 'the end-to-end suite is not');
  t.ok(dealt.every((share) => share.length > 0), 'no share is empty');
});
