import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROXY_LAYERS } from './layers.js';

const ROOT = path.dirname(new URL(import.meta.url).pathname);

/** Every .ts file under proxy/, as a path relative to proxy/. */
function sourceFiles(dir = ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path.relative(ROOT, full)] : [];
  });
}

/** The proxy/ files a file imports (static, dynamic and type-only imports, and re-exports). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => path.normalize(path.join(path.dirname(file), specifier)).replace(/\.js$/, '.ts'))
    .filter((target) => !target.startsWith('..'));
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
