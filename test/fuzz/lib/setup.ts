// One in-process server per fuzz file, a raw client on it and the fixtures of two keys.
import type { Test } from 'tap';
import { startTestServer } from '../../helpers/server.js';
import type { TestServer } from '../../helpers/server.js';
import { RawClient } from './client.js';
import { World } from './world.js';

export interface FuzzWorld {
  server: TestServer;
  client: RawClient;
  world: World;
}

export async function startFuzzWorld(t: Test, key: string, otherKey: string): Promise<FuzzWorld> {
  const server = await startTestServer(t);
  const client = new RawClient(server.url);
  t.teardown(() => client.close());
  const world = new World(client, key, otherKey);
  await world.setup();
  return { server, client, world };
}
