// Tokenizes a ConfigMap with the injection grammars of syntaxes/, wired as package.json contributes
// them (as VS Code would), and checks the embedded-language scopes. Two YAML hosts: TextMate's
// classic grammar (keys at ^) and a test double of VS Code's built-in one, whose while rules consume
// indentation (keys at \G). A browser monitor's inline script is JavaScript in both ConfigMap
// entries and standalone JSON files.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, IGrammar, IOnigLib, IToken, Registry, StateStack, parseRawGrammar } from 'vscode-textmate';

const root = path.resolve(__dirname, '../../..');
const fixtures = path.join(root, 'test/fixtures/grammar');
const INJECTION_PATH = path.join(root, 'syntaxes/configmap-embedded.injection.json');
const INLINE_SCRIPT_PATH = path.join(root, 'syntaxes/browser-inline-script.injection.json');

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo: string[];
  embeddedLanguages: Record<string, string>;
}
const CONTRIBUTED = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { grammars: GrammarContribution[] } }).contributes.grammars;

const HOSTS = {
  'classic YAML grammar': require.resolve('tm-grammars/grammars/yaml.json'),
  'indentation-consuming YAML grammar': path.join(fixtures, 'indent-consuming-yaml.tmLanguage.json'),
};

let onigLib: Promise<IOnigLib> | undefined;
/** The WASM module can be loaded once per process. */
function loadOnigLib(): Promise<IOnigLib> {
  onigLib ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm);
    return { createOnigScanner: (sources) => oniguruma.createOnigScanner(sources), createOnigString: (s) => oniguruma.createOnigString(s) };
  })();
  return onigLib;
}

/** The grammar of `top` (source.yaml or source.json), with our injections where package.json puts them. */
async function load(top: 'source.yaml' | 'source.json', yamlPath = HOSTS['classic YAML grammar']): Promise<IGrammar> {
  const files: Record<string, string> = {
    'source.yaml': yamlPath,
    'source.json': require.resolve('tm-grammars/grammars/json.json'),
    'source.js': require.resolve('tm-grammars/grammars/javascript.json'),
    ...Object.fromEntries(CONTRIBUTED.map((c) => [c.scopeName, path.join(root, c.path)])),
  };
  const registry = new Registry({
    onigLib: loadOnigLib(),
    loadGrammar: async (scope) => (files[scope] ? parseRawGrammar(readFileSync(files[scope], 'utf8'), files[scope]) : null),
    getInjections: (scope) => CONTRIBUTED.filter((c) => c.injectTo.includes(scope)).map((c) => c.scopeName),
  });
  const grammar = await registry.loadGrammar(top);
  assert.ok(grammar);
  return grammar;
}

interface Tokenized {
  lines: string[];
  tokens: IToken[][];
}

function tokenize(grammar: IGrammar, text: string): Tokenized {
  const lines = text.split('\n');
  let state: StateStack = INITIAL;
  const tokens = lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens;
  });
  return { lines, tokens };
}

/** Scopes of the token where `needle` starts, on the first line that contains it. */
function scopesAt({ lines, tokens }: Tokenized, needle: string): string[] {
  const row = lines.findIndex((line) => line.includes(needle));
  assert.notEqual(row, -1, `fixture lacks ${needle}`);
  const column = lines[row].indexOf(needle);
  const token = tokens[row].find((t) => t.startIndex <= column && column < t.endIndex);
  assert.ok(token, `no token at ${needle}`);
  return token.scopes;
}

describe('ConfigMap embedded-language grammar', () => {
  const grammar = JSON.parse(readFileSync(INJECTION_PATH, 'utf8')) as { scopeName: string; repository: Record<string, { contentName: string }> };

  it('is contributed as an injection into YAML, with a language for each embedded scope', () => {
    const contribution = CONTRIBUTED.find((c) => path.join(root, c.path) === INJECTION_PATH);
    assert.ok(contribution);
    assert.equal(contribution.scopeName, grammar.scopeName);
    assert.deepEqual(contribution.injectTo, ['source.yaml']);
    const contentScopes = Object.values(grammar.repository).map((rule) => rule.contentName.split(' ')[0]);
    assert.deepEqual(Object.keys(contribution.embeddedLanguages).sort(), contentScopes.sort());
  });

  it('contributes the inline-script grammar to JSON files and to ConfigMaps, as JavaScript', () => {
    const inline = JSON.parse(readFileSync(INLINE_SCRIPT_PATH, 'utf8')) as { scopeName: string };
    const contribution = CONTRIBUTED.find((c) => path.join(root, c.path) === INLINE_SCRIPT_PATH);
    assert.ok(contribution);
    assert.equal(contribution.scopeName, inline.scopeName);
    assert.deepEqual(contribution.injectTo.sort(), ['source.json', 'source.yaml']);
    assert.deepEqual(contribution.embeddedLanguages, { 'meta.embedded.inline.javascript': 'javascript' });
  });

  for (const [host, hostPath] of Object.entries(HOSTS)) {
    describe(`in the ${host}`, () => {
      let doc: Tokenized;
      before(async () => {
        doc = tokenize(await load('source.yaml', hostPath), readFileSync(path.join(fixtures, 'configmap.yaml'), 'utf8'));
      });

      it('highlights the block under a .json key as JSON', () => {
        const scopes = scopesAt(doc, 'name"');
        assert.ok(scopes.includes('source.json'), scopes.join(' '));
        assert.ok(scopes.includes('meta.embedded.block.json'));
        assert.ok(scopes.includes('support.type.property-name.json'));
        assert.ok(scopesAt(doc, 'example-journey.json').includes('entity.name.tag.yaml'));
      });

      it('highlights the block under a .yml key as YAML, across blank lines', () => {
        assert.ok(scopesAt(doc, 'type: http').includes('meta.embedded.block.yaml'));
        assert.ok(scopesAt(doc, 'schedule: "@every').includes('meta.embedded.block.yaml'));
      });

      it('accepts quoted keys and folded scalars', () => {
        assert.ok(scopesAt(doc, 'enabled').includes('support.type.property-name.json'));
      });

      it('ends the block at the next key, even inside unbalanced JSON', () => {
        assert.ok(scopesAt(doc, 'unclosed').includes('source.json'));
        const after = scopesAt(doc, 'after-broken');
        assert.ok(!after.some((s) => s.startsWith('meta.embedded')), after.join(' '));
      });

      it('highlights a browser entry\'s inline script as JavaScript, up to its closing quote', () => {
        for (const needle of ["step('open'", 'await page', "'open'"]) {
          const scopes = scopesAt(doc, needle);
          assert.ok(scopes.includes('meta.embedded.inline.javascript') && scopes.includes('source.js'), `${needle}: ${scopes.join(' ')}`);
        }
        assert.ok(scopesAt(doc, "step('open'").includes('entity.name.function.js'));
        assert.ok(scopesAt(doc, 'await page').includes('keyword.control.flow.js'));
        assert.ok(scopesAt(doc, "'open'").includes('string.quoted.single.js'));
        // JSON escapes: \" quotes a JavaScript string (whose // is no comment), \n is an escape.
        const url = scopesAt(doc, 'https://example');
        assert.ok(url.includes('string.quoted.double.js') && !url.includes('comment.line.double-slash.js'), url.join(' '));
        assert.ok(scopesAt(doc, '\\n  await').includes('constant.character.escape.json'));
        assert.ok(scopesAt(doc, '// the').includes('comment.line.double-slash.js'));
        // The comment stops at the escaped newline; the script at its closing quote; JSON resumes.
        assert.ok(!scopesAt(doc, '});"').includes('comment.line.double-slash.js'));
        const after = scopesAt(doc, '"schedule": 10');
        assert.ok(after.includes('support.type.property-name.json') && !after.includes('source.js'), after.join(' '));
      });

      it('leaves other block scalars alone', () => {
        const scopes = scopesAt(doc, 'plain"');
        assert.ok(!scopes.some((s) => s.startsWith('meta.embedded') || s === 'source.json'), scopes.join(' '));
      });
    });
  }

  it('highlights the inline script of a standalone browser-monitor JSON file', async () => {
    const doc = tokenize(await load('source.json'), JSON.stringify({ name: 'Inline', source: { inline: { script: "step('go', async () => { await page.goto(\"https://example.com\"); });" } }, tags: ['x'] }, null, 2));
    assert.ok(scopesAt(doc, "step('go'").includes('entity.name.function.js'));
    assert.ok(scopesAt(doc, 'await page').includes('keyword.control.flow.js'));
    assert.ok(scopesAt(doc, 'https://example').includes('string.quoted.double.js'));
    assert.ok(!scopesAt(doc, '"tags"').includes('source.js'));
    // A "script" string elsewhere (not a key's value) stays a string.
    const other = tokenize(await load('source.json'), '["script", "step(1)"]');
    assert.ok(!scopesAt(other, 'step(1)').includes('source.js'));
  });
});
