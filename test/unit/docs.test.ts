// The documentation holds together: the reference pages of docs/ are what scripts/generate-docs.mjs
// writes from the code (`npm run generate:docs` when they are not), and every relative link and
// `#anchor` of the repository's markdown resolves: the file exists, and the anchor is a heading of it
// as GitHub slugs headings.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CODES, CodeInfo } from '../../server/src/core/codes';
import { SETTINGS, SETTINGS_SECTION } from '../../server/src/protocol/settings';

const root = path.resolve(__dirname, '../../..');
const GENERATED = ['docs/codes.md', 'docs/kibana-versions.md', 'docs/settings.md'];

describe('generated docs', () => {
  let generated: Record<string, string>;
  before(async () => {
    const generator = (await import(pathToFileURL(path.join(root, 'scripts/generate-docs.mjs')).href)) as { docs(): Record<string, string> };
    generated = generator.docs();
  });

  it('are the committed pages, byte for byte (run `npm run generate:docs` if not)', () => {
    assert.deepEqual(Object.keys(generated).sort(), GENERATED);
    for (const page of GENERATED) assert.equal(readFileSync(path.join(root, page), 'utf8'), generated[page], `${page} is stale: run \`npm run generate:docs\``);
  });

  it('list every finding code with its target, and every setting the manifest declares', () => {
    const rows = (page: string) => new Map([...generated[page].matchAll(/^\| `([^`]+)` \| ([^|]+) \|/gm)].map((m) => [m[1], m[2]]));
    const codes = rows('docs/codes.md');
    assert.deepEqual([...codes.keys()], Object.keys(CODES));
    for (const [code, info] of Object.entries(CODES as Record<string, CodeInfo>)) assert.equal(codes.get(code), info.target ?? 'both', code);
    const settings = [...rows('docs/settings.md').keys()];
    assert.deepEqual(settings, [...Object.keys(SETTINGS), 'trace.server'].map((key) => `${SETTINGS_SECTION}.${key}`));
  });
});

/** The markdown files of the repository that people read: its root, docs/, the walkthrough, the examples. */
function markdownFiles(): string[] {
  const inDir = (dir: string) => readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.md')).map((f) => path.posix.join(dir, f));
  return [...inDir('.'), ...inDir('docs'), ...inDir('media/walkthrough'), ...inDir('examples')];
}

/** The text with fenced code blocks blanked out, line breaks kept. */
function outsideFences(text: string): string {
  let fenced = false;
  const lines = text.split('\n').map((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line;
  });
  return lines.join('\n');
}

/** The text outside code blocks and code spans, where links are links; line breaks kept. */
function prose(text: string): string {
  return outsideFences(text).replace(/`[^`]*`/g, (span) => span.replace(/[^\n]/g, ' '));
}

/** The anchor GitHub gives a heading: its text lowercased, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  const text = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
  return text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Every anchor of a markdown text; a repeated heading gets `-1`, `-2`, … as on GitHub. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of outsideFences(text).split('\n')) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count ? `${base}-${count}` : base);
  }
  return result;
}

/** The relative links of a markdown file (`file` from the repository's root) that do not resolve. */
function brokenLinks(file: string, text: string, read: (file: string) => string | undefined): string[] {
  const broken: string[] = [];
  const body = prose(text);
  for (const match of body.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, command: …
    const line = body.slice(0, match.index).split('\n').length;
    const [pathPart, anchor] = target.split('#') as [string, string | undefined];
    const linked = pathPart ? path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(pathPart))) : file;
    const content = read(linked);
    if (content === undefined && !(pathPart && existsSync(path.join(root, linked)))) broken.push(`${file}:${line}: ${target}: ${linked} does not exist`);
    else if (anchor !== undefined && !(linked.endsWith('.md') && content !== undefined && anchors(content).has(anchor))) broken.push(`${file}:${line}: ${target}: no heading #${anchor} in ${linked}`);
  }
  return broken;
}

describe('markdown links', () => {
  /** A markdown file's text, undefined when there is none (a folder, a missing file). */
  const read = (file: string) => (file.endsWith('.md') && existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), 'utf8') : undefined);

  it('resolve, in README.md, CONTRIBUTING.md, docs/ and the other markdown files: files exist, anchors are headings', () => {
    const files = markdownFiles();
    for (const expected of ['README.md', 'CONTRIBUTING.md', 'docs/cli.md', 'docs/codes.md', 'media/walkthrough/push.md']) assert.ok(files.includes(expected), expected);
    const links = files.flatMap((file) => [...prose(read(file)!).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]));
    assert.ok(links.filter((l) => l.includes("#")).length >= 20, `only ${links.length} links found, few with an anchor`);
    assert.deepEqual(files.flatMap((file) => brokenLinks(file, read(file)!, read)), []);
  });

  it('are checked as GitHub resolves them: a missing file, a missing anchor, a link inside code is no link', () => {
    const pages: Record<string, string> = {
      'docs/a.md': '# Push from a `ConfigMap` mount\n\n## Twice\n\n## Twice\n\n```\n# Not a heading\n```\n',
      'docs/b.md': [
        '[ok](a.md#push-from-a-configmap-mount) [second](a.md#twice-1) [self](#here) [up](../README.md)',
        '[gone](c.md) [anchor](a.md#not-a-heading) [third](a.md#twice-2) `[code](nowhere.md)`',
        '# Here',
      ].join('\n'),
      'README.md': '# Readme\n',
    };
    assert.deepEqual(brokenLinks('docs/b.md', pages['docs/b.md'], (f) => pages[f]), [
      'docs/b.md:2: c.md: docs/c.md does not exist',
      'docs/b.md:2: a.md#not-a-heading: no heading #not-a-heading in docs/a.md',
      'docs/b.md:2: a.md#twice-2: no heading #twice-2 in docs/a.md',
    ]);
  });
});
