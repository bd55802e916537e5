// What a test does to the Kibana sandbox beyond a push from git: statuses told through its own
// route (sandbox/statusRoutes.ts), and a journey pushed to the project as `@elastic/synthetics push` sends it.

import assert from 'node:assert/strict';

/** `PUT /s/default/_sandbox/statuses`; fails the test unless the sandbox took them. */
export async function setStatuses(sandboxUrl: string, statuses: unknown[]): Promise<void> {
  const response = await fetch(`${sandboxUrl}/s/default/_sandbox/statuses`, {
    method: 'PUT',
    headers: { authorization: 'ApiKey test', 'kbn-xsrf': 'true', 'content-type': 'application/json' },
    body: JSON.stringify({ statuses }),
  });
  assert.equal(response.status, 200, await response.text());
}

/** A browser monitor of project `gitops`, as the agent sends a journey (bundled `content`, a hash). */
export async function pushJourney(sandboxUrl: string, id: string): Promise<void> {
  const response = await fetch(`${sandboxUrl}/s/default/api/synthetics/project/gitops/monitors/_bulk_update`, {
    method: 'PUT',
    headers: { authorization: 'ApiKey test', 'kbn-xsrf': 'true', 'content-type': 'application/json', 'x-elastic-internal-origin': 'test' },
    body: JSON.stringify({ monitors: [{ type: 'browser', id, name: id, schedule: 10, locations: ['asia-northeast1-a'], content: 'UEsDBA==', hash: 'h' }] }),
  });
  assert.deepEqual(((await response.json()) as { createdMonitors: string[] }).createdMonitors, [id]);
}
