import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ELECTRON_FACE, ELECTRON_FACE_EXEMPT, PROXY_LAYERS } from './layers.js';

const ROOT = path.dirname(new URL(import.meta.url).pathname);

const ELECTRON = path.join(ROOT, '..', 'electron');

/** Every .ts file under `root` (proxy/ unless told), as a path relative to it. */
function sourceFiles(root = ROOT, dir = root): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(root, full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path.relative(root, full)] : [];
  });
}

/**
 * The files a file under `root` imports (static, dynamic and type-only imports, and re-exports),
 * relative to `root`, without their extension's `.js`.
 */
function relativeImportsOf(file: string, root = ROOT): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => path.normalize(path.join(path.dirname(file), specifier)).replace(/\.js$/, '.ts'));
}

/** The proxy/ files a proxy/ file imports. */
function importsOf(file: string): string[] {
  return relativeImportsOf(file).filter((target) => !target.startsWith('..'));
}

const layerOf = (file: string) => file.split(path.sep)[0]!;

const files = sourceFiles();
const graph = new Map(files.map((file) => [file, importsOf(file)]));

/** Strongly connected components with more than one file (or a file importing itself): cycles. */
function cycles(edges: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!edges.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || edges.get(node)!.includes(node)) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

/**
 * SQL SQLite would run, as written in this code base: statements in upper case inside a string or
 * template (its pieces joined), and calls that hand SQL to a database (`prepare` on anything;
 * `exec` and `pragma` on something named like a database, as `exec` is also a RegExp's). Comments
 * are not code and are not read.
 */
const SQL_TEXT = [
  /\bSELECT\b[\s\S]*\bFROM\b/,
  /\bINSERT\s+(?:OR\s+[A-Z]+\s+)?INTO\b/,
  /\bUPDATE\s+\w+\s+SET\b/,
  /\bDELETE\s+FROM\b/,
  /\b(?:CREATE|DROP|ALTER)\s+(?:TABLE|(?:UNIQUE\s+)?INDEX|VIEW|TRIGGER)\b/,
  /\bPRAGMA\s+\w+/,
];
const DATABASE_RECEIVER = /(?:^|\.)(?:db|database|sqlite)$/i;

function sqlIn(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const where = (node: ts.Node) =>
    `${file}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const receiver = node.expression.expression.getText(source);
      if (method === 'prepare' || (['exec', 'pragma'].includes(method) && DATABASE_RECEIVER.test(receiver))) {
        found.push(`${where(node)} ${receiver}.${method}(…)`);
      }
    }
    const literal =
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
        ? node.text
        : ts.isTemplateExpression(node)
          ? [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('${…}')
          : undefined;
    if (literal !== undefined) {
      if (SQL_TEXT.some((pattern) => pattern.test(literal)))
        found.push(`${where(node)} ${JSON.stringify(literal)}`);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the layers of proxy/ (proxy/layers.js)', () => {
  it('every folder of proxy/ has its place in the list', () => {
    const folders = new Set(files.filter((file) => file.includes(path.sep)).map(layerOf));
    expect([...folders].filter((folder) => !PROXY_LAYERS.includes(folder))).toEqual([]);
  });

  it('a folder imports only the folders below it', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((target) => target.includes(path.sep) && file.includes(path.sep))
        .filter((target) => PROXY_LAYERS.indexOf(layerOf(target)) > PROXY_LAYERS.indexOf(layerOf(file)))
        .map((target) => `${file} -> ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('no two files import each other, however far round', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('only proxy/store speaks SQL: no other source file holds a statement or hands one to the database', () => {
    // Tests may read the database to check what a user would find there; the code may not.
    const outside = files.filter((file) => layerOf(file) !== 'store' && !file.endsWith('.test.ts'));
    const found = outside.flatMap((file) => sqlIn(file, fs.readFileSync(path.join(ROOT, file), 'utf8')));
    expect(found).toEqual([]);
  });

  it(`electron/ imports nothing of proxy/ but its face, proxy/${ELECTRON_FACE}.ts`, () => {
    const exempt = (file: string) =>
      ELECTRON_FACE_EXEMPT.some((folder) => file.startsWith(`${folder}${path.sep}`));
    const intoProxy = sourceFiles(ELECTRON)
      .filter((file) => !exempt(file))
      .flatMap((file) =>
        relativeImportsOf(file, ELECTRON)
          .map((target) => path.relative(ROOT, path.join(ELECTRON, target)))
          .filter((target) => !target.startsWith('..'))
          .map((target) => ({ file, target })),
      );
    // The desktop does start the gateway through its face: the check has something to look at.
    expect(intoProxy.some(({ file }) => file === path.join('main', 'index.ts'))).toBe(true);
    expect(
      intoProxy
        .filter(({ target }) => target !== `${ELECTRON_FACE}.ts`)
        .map(({ file, target }) => `${file} -> ${target}`),
    ).toEqual([]);
  });

  it('finds SQL when there is some (the check itself works)', () => {
    const found = (code: string) => sqlIn('x.ts', code).length > 0;
    expect(found("db.prepare('SELECT 1').get();")).toBe(true);
    expect(found('this.db.exec(sql);')).toBe(true);
    expect(found("store.db.pragma('data_version');")).toBe(true);
    expect(found('const sql = `SELECT ${TOTALS} FROM usage_requests u ${where}`;')).toBe(true);
    expect(found("run('INSERT OR IGNORE INTO t (a) VALUES (?)');")).toBe(true);
    expect(found('const q = "UPDATE keys SET state = ?";')).toBe(true);
    expect(found("const q = 'DELETE FROM keys';")).toBe(true);
    expect(found('/^Bearer\\s+(.+)$/i.exec(header);')).toBe(false);
    expect(found('ROUTE.exec(req.path);')).toBe(false);
    expect(
      found("// SELECT * FROM keys, in a comment\nthrow new Error('could not be deleted from the store');"),
    ).toBe(false);
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const loop = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(loop)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
