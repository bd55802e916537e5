// The GitHub Action's work (action.yml runs it after installing the CLI): `validate --format sarif`
// into a file for code scanning, `plan --format markdown`, and on a pull request one comment that
// holds the plan, created the first time and updated on every later run (found by a marker). Also
// the job summary. Plain Node (20+: fetch), no dependencies, so the action needs no build step.
//
// Inputs come as the environment GitHub gives an action's steps (action.yml maps them):
//   PATHS (space-separated), COMMENT_KEY, COMMENT ("true"/"false"), GITHUB_TOKEN, GITHUB_API_URL,
//   GITHUB_REPOSITORY, GITHUB_EVENT_PATH, RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
//   and the CLI's own variables (KIBANA_URL, KIBANA_API_KEY, KIBANA_SPACE, SYNTHETICS_PROJECT, …).
//   SYNTHETICS_GITOPS_CLI names the CLI's JavaScript entry to run with this Node (tests: dist/cli.js);
//   otherwise `synthetics-gitops` from PATH.
// Exit status: 1 when validate found errors or the plan failed or has monitors Kibana would refuse.

import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = process.env;
const paths = (env.PATHS || '.').split(/\s+/).filter(Boolean);

function cli(args) {
  const [command, prefix] = env.SYNTHETICS_GITOPS_CLI ? [process.execPath, [env.SYNTHETICS_GITOPS_CLI]] : ['synthetics-gitops', []];
  const result = spawnSync(command, [...prefix, ...args], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  if (result.error) throw new Error(`cannot run synthetics-gitops: ${result.error.message}`);
  return result;
}

const sarifFile = join(env.RUNNER_TEMP || tmpdir(), 'synthetics-gitops.sarif');
const validate = cli(['validate', ...paths, '--format', 'sarif']);
writeFileSync(sarifFile, validate.stdout);
const errors = validate.status === 0 ? 0 : (JSON.parse(validate.stdout || '{"runs":[]}').runs?.[0]?.results ?? []).filter((r) => r.level === 'error').length;

const plan = cli(['plan', ...paths, '--format', 'markdown']);
const planText =
  plan.status === 2 || !plan.stdout
    ? `### Synthetics plan failed\n\n\`\`\`\n${plan.stderr.trim()}\n\`\`\`\n`
    : plan.stdout;
const marker = `<!-- synthetics-gitops plan: ${env.COMMENT_KEY || 'default'} -->`;
const validation = validate.status === 0 ? '✅ `synthetics-gitops validate`: no errors.' : `❌ \`synthetics-gitops validate\`: ${errors || 'some'} error(s); see the code scanning results of this pull request.`;
const body = `${marker}\n${planText.trimEnd()}\n\n${validation}\n`;

if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, body);
if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `sarif-file=${sarifFile}\nplan-exit-code=${plan.status}\n`);

const event = env.GITHUB_EVENT_PATH ? JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : {};
const number = event.pull_request?.number;
if (env.COMMENT !== 'false' && number) await upsertComment(number, marker, body);
else console.log(number ? 'Commenting is off (comment: false).' : 'Not a pull request: the plan is in the job summary only.');
process.stdout.write(body);
process.exitCode = validate.status !== 0 || plan.status !== 0 ? 1 : 0;

/** Updates this action's comment on the pull request (the one starting with the marker), or creates it. */
async function upsertComment(number, marker, body) {
  if (!env.GITHUB_TOKEN) throw new Error('no GITHUB_TOKEN: give the action `github-token` (the default is the job token), with `pull-requests: write`');
  const api = `${env.GITHUB_API_URL || 'https://api.github.com'}/repos/${env.GITHUB_REPOSITORY}`;
  const headers = { authorization: `Bearer ${env.GITHUB_TOKEN}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'synthetics-gitops-action' };
  const call = async (method, url, payload) => {
    const response = await fetch(url, { method, headers: { ...headers, ...(payload && { 'content-type': 'application/json' }) }, body: payload && JSON.stringify(payload) });
    if (!response.ok) throw new Error(`GitHub answered ${response.status} to ${method} ${new URL(url).pathname}`);
    return response.json();
  };
  for (let page = 1; ; page++) {
    const comments = await call('GET', `${api}/issues/${number}/comments?per_page=100&page=${page}`);
    const ours = comments.find((c) => typeof c.body === 'string' && c.body.startsWith(marker));
    if (ours) {
      await call('PATCH', `${api}/issues/comments/${ours.id}`, { body });
      console.log(`Updated the plan comment on pull request #${number}.`);
      return;
    }
    if (comments.length < 100) break;
  }
  await call('POST', `${api}/issues/${number}/comments`, { body });
  console.log(`Commented the plan on pull request #${number}.`);
}
