// Tokenizes a ConfigMap with the injection grammar of syntaxes/, as VS Code would, and checks the
// embedded-language scopes. Two YAML hosts: TextMate's classic grammar (keys at ^) and a test
// double of VS Code's built-in one, whose while rules consume indentation (keys at \G).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, IGrammar, IOnigLib, IToken, Registry, StateStack, parseRawGrammar } from 'vscode-textmate';

const root = path.resolve(__dirname, '../../..');
const fixtures = path.join(root, 'test/fixtures/grammar');
const INJECTION_PATH = path.join(root, 'syntaxes/configmap-embedded.injection.json');
const INJECTION_SCOPE = 'synthetics-gitops.configmap-embedded.injection';

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

async function loadYaml(hostPath: string): Promise<IGrammar> {
  const files: Record<string, string> = {
    'source.yaml': hostPath,
    'source.json': require.resolve('tm-grammars/grammars/json.json'),
    [INJECTION_SCOPE]: INJECTION_PATH,
  };
  const registry = new Registry({
    onigLib: loadOnigLib(),
    loadGrammar: async (scope) => (files[scope] ? parseRawGrammar(readFileSync(files[scope], 'utf8'), files[scope]) : null),
    getInjections: (scope) => (scope === 'source.yaml' ? [INJECTION_SCOPE] : undefined),
  });
  const grammar = await registry.loadGrammar('source.yaml');
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
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const [contribution] = manifest.contributes.grammars;
    assert.equal(path.join(root, contribution.path), INJECTION_PATH);
    assert.equal(contribution.scopeName, grammar.scopeName);
    assert.deepEqual(contribution.injectTo, ['source.yaml']);
    const contentScopes = Object.values(grammar.repository).map((rule) => rule.contentName.split(' ')[0]);
    assert.deepEqual(Object.keys(contribution.embeddedLanguages).sort(), contentScopes.sort());
  });

  for (const [host, hostPath] of Object.entries(HOSTS)) {
    describe(`in the ${host}`, () => {
      let doc: Tokenized;
      before(async () => {
        doc = tokenize(await loadYaml(hostPath), readFileSync(path.join(fixtures, 'configmap.yaml'), 'utf8'));
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

      it('leaves other block scalars alone', () => {
        const scopes = scopesAt(doc, 'plain"');
        assert.ok(!scopes.some((s) => s.startsWith('meta.embedded') || s === 'source.json'), scopes.join(' '));
      });
    });
  }
});
