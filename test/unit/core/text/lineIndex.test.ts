// The line index: offsets and positions, and the index of an edited text built from the one before
// it (its lines away from the change moved, not read again), which must equal a fresh one.

import assert from 'node:assert/strict';
import { LineIndex } from '../../../../server/src/core/text/lineIndex';
import { seededRandom } from '../../../helpers/random';

/** Every line start of a text, as positions of each offset give them. */
function starts(index: LineIndex, text: string): number[] {
  const lines: number[] = [];
  for (let line = 0; line < index.lineCount; line++) lines.push(index.lineStart(line));
  for (let offset = 0; offset <= text.length; offset++) {
    const { line, character } = index.positionAt(offset);
    assert.equal(lines[line] + character, offset);
  }
  return lines;
}

describe('LineIndex', () => {
  it('converts offsets and positions, with \\n, \\r\\n and lone \\r line breaks', () => {
    const text = 'a\nbc\r\nd\re';
    const index = new LineIndex(text);
    assert.deepEqual(starts(index, text), [0, 2, 6, 8]);
    assert.deepEqual(index.positionAt(7), { line: 2, character: 1 });
    assert.equal(index.offsetAt({ line: 1, character: 99 }), 6);
  });

  it('indexes an edited text (without carriage returns: those are indexed afresh) from the index before it as a fresh index does', () => {
    const random = seededRandom(7);
    const pieces = ['\n', 'x', 'key: value\n', '\n\n', '  - item\n', ''];
    let text = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  a.yml: |\n    id: a\n';
    let index = new LineIndex(text);
    for (let k = 0; k < 1500; k++) {
      const start = Math.floor(random() * (text.length + 1));
      const end = Math.min(text.length, start + Math.floor(random() * 12));
      const edited = text.slice(0, start) + pieces[Math.floor(random() * pieces.length)] + text.slice(end);
      const next = new LineIndex(edited, index);
      assert.deepEqual(starts(next, edited), starts(new LineIndex(edited), edited), `edit ${k}`);
      [text, index] = [edited, next];
    }
  });
});
