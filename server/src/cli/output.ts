// Prints findings as text (`file:line:col: severity code: message`, 1-based), as JSON (a stable
// shape, documented in docs/cli.md) or as SARIF 2.1.0 for code-scanning tools.

import * as path from 'node:path';
import { CODES } from '../core/codes';
import { Finding } from '../core';
import { CheckedFile } from '../core';

interface Place {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** One finding of `validate --format json`. */
export interface JsonFinding extends Place {
  severity: Finding['severity'];
  code: Finding['code'];
  message: string;
  related: (Place & { message: string })[];
  /** The titles of its quick fixes. */
  fixes: string[];
}

function placeOf(files: Map<string, CheckedFile>, file: string, finding: { span: Finding['span'] }, cwd: string): Place | undefined {
  const checked = files.get(file);
  if (!checked) return undefined;
  const start = checked.lines.positionAt(finding.span.start);
  const end = checked.lines.positionAt(finding.span.end);
  return { file: display(file, cwd), line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

function display(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return (relative.startsWith('..') ? file : relative).split(path.sep).join('/');
}

export function render(format: 'text' | 'json' | 'sarif', checked: CheckedFile[], cwd: string, version: string): string {
  const files = new Map(checked.map((c) => [c.file, c]));
  const rows = checked.flatMap((c) =>
    c.findings.map((f) => ({
      finding: f,
      place: placeOf(files, c.file, f, cwd)!,
      related: (f.related ?? []).map((r) => ({ message: r.message, place: placeOf(files, r.file ?? c.file, r, cwd) })),
    })),
  );
  const errors = rows.filter((r) => r.finding.severity === 'error').length;
  const warnings = rows.filter((r) => r.finding.severity === 'warning').length;
  if (format === 'text') {
    const lines = rows.map((r) => `${r.place.file}:${r.place.line}:${r.place.column}: ${r.finding.severity} ${r.finding.code}: ${r.finding.message}`);
    lines.push(`${checked.length} file${checked.length === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`);
    return lines.join('\n') + '\n';
  }
  if (format === 'json') {
    return (
      JSON.stringify(
        {
          version: 1,
          summary: { files: checked.length, errors, warnings },
          findings: rows.map((r): JsonFinding => ({
            ...r.place,
            severity: r.finding.severity,
            code: r.finding.code,
            message: r.finding.message,
            related: r.related.flatMap((x) => (x.place ? [{ ...x.place, message: x.message }] : [])),
            fixes: (r.finding.fixes ?? []).map((fix) => fix.title),
          })),
        },
        null,
        2,
      ) + '\n'
    );
  }
  return JSON.stringify(sarif(rows, version), null, 2) + '\n';
}

type Row = { finding: Finding; place: Place; related: { message: string; place?: Place }[] };

function region(p: Place) {
  return { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn };
}

function sarif(rows: Row[], version: string) {
  const used = [...new Set(rows.map((r) => r.finding.code))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'synthetics-gitops',
            version,
            rules: used.map((id) => ({ id, shortDescription: { text: CODES[id]?.description ?? id } })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: rows.map((r) => ({
          ruleId: r.finding.code,
          ruleIndex: used.indexOf(r.finding.code),
          level: r.finding.severity === 'error' ? 'error' : r.finding.severity === 'warning' ? 'warning' : 'note',
          message: { text: r.finding.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: r.place.file }, region: region(r.place) } }],
          relatedLocations: r.related
            .filter((x) => x.place)
            .map((x, id) => ({ id, message: { text: x.message }, physicalLocation: { artifactLocation: { uri: x.place!.file }, region: region(x.place!) } })),
        })),
      },
    ],
  };
}
