// The test service of docker-compose.yml: runs one task on the emulator and checks how it ended.
// A real suite would use the official client with baseUrl = BROWSER_USE_API_URL.
const api = process.env.BROWSER_USE_API_URL ?? 'http://browser-use-mock:4010/api/v3';
const headers = { 'X-Browser-Use-API-Key': 'compose', 'Content-Type': 'application/json' };

const created = await fetch(`${api}/sessions`, { method: 'POST', headers, body: JSON.stringify({ task: 'Open example.com and read the heading [mock:quick]' }) });
if (created.status !== 201 && created.status !== 200) throw new Error(`POST /sessions answered ${created.status}: ${await created.text()}`);
const { id } = await created.json();

let session;
for (let attempt = 0; attempt < 600; attempt++) {
  session = await (await fetch(`${api}/sessions/${id}`, { headers })).json();
  if (!['created', 'running'].includes(session.status)) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
if (session.status !== 'stopped' || session.isTaskSuccessful !== true) throw new Error(`session ended ${session.status}, successful: ${session.isTaskSuccessful}`);
console.log(`session ${id}: ${session.status} after ${session.stepCount} step(s), output: ${session.output}`);
