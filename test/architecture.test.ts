import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import {describe, expect, it} from 'vitest'

/** Longest function allowed, in lines, from its first line to its last. */
const maxFunctionLines = 80

const root = path.join(import.meta.dirname, '..')
const files = readdirSync(path.join(root, 'src'), {recursive: true, encoding: 'utf8'})
  .filter((file) => file.endsWith('.ts'))
  .map((file) => `src/${file.split(path.sep).join('/')}`)
  .sort()

/**
 * `src/x.ts` → the `src/` files it imports (statically, `import type` too, or with `import()`) or
 * re-exports from (`./y.js` is `y.ts`).
 */
function importGraph(): Map<string, Array<string>> {
  const graph = new Map<string, Array<string>>()
  const statement =
    /^\s*(?:import|export)\s(?:[^;'"]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm
  for (const file of files) {
    const source = readFileSync(path.join(root, file), 'utf8')
    const targets = new Set<string>()
    for (const match of source.matchAll(statement)) {
      const target = path.posix.join(path.posix.dirname(file), (match[1] ?? match[2]) as string)
      targets.add(target.replace(/\.js$/, '.ts'))
    }
    graph.set(file, [...targets].filter((target) => files.includes(target)).sort())
  }
  return graph
}

/** One cycle per strongly connected component: the shortest from its first file back to it. */
function findCycles(graph: Map<string, Array<string>>): Array<string> {
  const cycles: Array<string> = []
  const done = new Set<string>()
  for (const start of files) {
    if (done.has(start)) continue
    const component = files.filter(
      (file) => reaches(graph, start, file) && reaches(graph, file, start)
    )
    for (const file of component) done.add(file)
    const cycle = shortestPath(graph, start, start, new Set(component))
    if (cycle) cycles.push(cycle.join(' → '))
  }
  return cycles
}

function reaches(graph: Map<string, Array<string>>, from: string, to: string): boolean {
  return shortestPath(graph, from, to, new Set(files)) !== null
}

/** The shortest path of one or more steps from `from` to `to` through `allowed`, or `null`. */
function shortestPath(
  graph: Map<string, Array<string>>,
  from: string,
  to: string,
  allowed: Set<string>
): Array<string> | null {
  const previous = new Map<string, string>()
  const queue = [from]
  for (const file of queue) {
    for (const next of graph.get(file) ?? []) {
      if (!allowed.has(next) || previous.has(next)) continue
      previous.set(next, file)
      if (next === to) {
        const steps = [to]
        for (let at = file; at !== from; at = previous.get(at) as string) steps.unshift(at)
        return [from, ...steps]
      }
      queue.push(next)
    }
  }
  return null
}

/** Every function with a body longer than the limit, as `file#name (N lines, line L)`. */
function longFunctions(): Array<{key: string; detail: string}> {
  const found: Array<{key: string; detail: string}> = []
  for (const file of files) {
    const source = ts.createSourceFile(
      file,
      readFileSync(path.join(root, file), 'utf8'),
      ts.ScriptTarget.Latest,
      true
    )
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line
        const last = source.getLineAndCharacterOfPosition(node.getEnd()).line
        const lines = last - first + 1
        if (lines > maxFunctionLines) {
          const key = `${file}#${functionName(node)}`
          found.push({key, detail: `${key} (${lines} lines, line ${first + 1})`})
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return found
}

/** A function's name, or the name of what it is assigned to, else `anonymous`. */
function functionName(node: ts.Node): string {
  const named = node as ts.Node & {name?: ts.Node}
  if (named.name && ts.isIdentifier(named.name)) return named.name.text
  const parent = node.parent
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) {
    return parent.name.getText()
  }
  return 'anonymous'
}

describe('architecture of src/', () => {
  const graph = importGraph()

  it('has no import cycles', () => {
    expect(findCycles(graph)).toEqual([])
  })

  it(`has no function over ${maxFunctionLines} lines`, () => {
    expect(longFunctions().map((found) => found.detail)).toEqual([])
  })

  it('has a command line that uses only the public entry points, as any user', () => {
    const outside = [...graph]
      .filter(([file]) => file.startsWith('src/cli/'))
      .flatMap(([file, imports]) => imports.map((target) => `${file} → ${target}`))
      .filter((edge) => !/→ src\/(cli\/.*|batch\/index|config\/index|index)\.ts$/.test(edge))
    expect(outside).toEqual([])
  })
})
