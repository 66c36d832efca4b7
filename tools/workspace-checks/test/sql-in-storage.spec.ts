import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

const root = resolve(__dirname, '../../..');

/** Calls that run SQL (TypeORM, node-postgres, storage's COPY reader). */
const SQL_CALLS = new Set(['query', 'createQueryBuilder', 'createQueryRunner', 'copyOut']);

/** A statement in a string: the keywords as this repo's SQL writes them (upper case), followed by what makes them SQL. */
const SQL_TEXT =
  /\b(SELECT\s+(\*|DISTINCT\b|[\w"(])|INSERT\s+INTO\b|UPDATE\s+[\w."]+\s+SET\b|DELETE\s+FROM\b|COPY\s*\(|TRUNCATE\s+[\w."]+|BEGIN\s+ISOLATION\b)|\bdata_ingestion\.\w+/;

/**
 * Where a source file runs SQL or holds SQL text, as `line: what`. Comments
 * are not looked at: only calls and string or template literals.
 */
function sqlFindings(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: string[] = [];
  const report = (node: ts.Node, what: string) =>
    findings.push(`${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}`);
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : ts.isIdentifier(callee)
          ? callee.text
          : undefined;
      if (name !== undefined && SQL_CALLS.has(name)) report(node, `${name}(...) call`);
    }
    const literal =
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
        ? node.text
        : ts.isTemplateExpression(node)
          ? [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ')
          : undefined;
    if (literal !== undefined && SQL_TEXT.test(literal))
      report(node, `SQL text ${JSON.stringify(literal.trim().slice(0, 60))}`);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return findings;
}

/** An app's non-test sources: specs and test-support files may keep SQL for their assertions and fixtures. */
function appSources(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'test-support' && entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) {
        files.push(path);
      }
    }
  };
  for (const app of readdirSync(join(root, 'apps'), { withFileTypes: true })) {
    if (app.isDirectory()) walk(join(root, 'apps', app.name, 'src'));
  }
  return files;
}

describe('SQL lives in libs/storage', () => {
  it('finds SQL calls and statements in source text (so the check below can fail)', () => {
    const probe = [
      "await dataSource.query('SELECT 1 FROM t WHERE id = $1', [id]);",
      'await runner.manager.createQueryBuilder().getMany();',
      'const s = this.dataSource.createQueryRunner();',
      'await copyOut(client, { select, format: "text", chunkBytes, onRows });',
      'const q = `INSERT INTO t (a) VALUES ($1)`;',
      "const u = 'UPDATE data_ingestion.symbols SET status = $2';",
      'const d = `DELETE FROM t WHERE ${cond}`;',
      "const t = 'data_ingestion.market_data';",
      'const c = `COPY (${select}) TO STDOUT`;',
    ].join('\n');
    expect(sqlFindings('probe.ts', probe)).toEqual([
      '1: query(...) call',
      '1: SQL text "SELECT 1 FROM t WHERE id = $1"',
      '2: createQueryBuilder(...) call',
      '3: createQueryRunner(...) call',
      '4: copyOut(...) call',
      '5: SQL text "INSERT INTO t (a) VALUES ($1)"',
      '6: SQL text "UPDATE data_ingestion.symbols SET status = $2"',
      '7: SQL text "DELETE FROM t WHERE"',
      '8: SQL text "data_ingestion.market_data"',
      '9: SQL text "COPY ( ) TO STDOUT"',
    ]);
  });

  it('leaves HTTP methods, comments and words that only look like SQL alone', () => {
    const probe = [
      '// SELECT symbol FROM data_ingestion.symbols (a comment)',
      "const route = { method: 'DELETE', path: '/symbols/:symbol' };",
      "const doc = 'DELETE /symbols/:symbol';",
      "const text = 'select a symbol, then update the list';",
      'const params = request.query;',
    ].join('\n');
    expect(sqlFindings('probe.ts', probe)).toEqual([]);
  });

  it('finds no SQL in any app source outside specs and test-support', () => {
    const files = appSources();
    // The walk reaches every app (a moved directory must not empty the check).
    for (const app of ['polygon-ingestor', 'alpaca-monitor', 'quality-service', 'gateway']) {
      expect(files.some((file) => file.startsWith(join(root, 'apps', app, 'src')))).toBe(true);
    }
    const offenders = files.flatMap((file) =>
      sqlFindings(file, readFileSync(file, 'utf8')).map((finding) => `${relative(root, file)}:${finding}`),
    );
    expect(offenders).toEqual([]);
  });
});
