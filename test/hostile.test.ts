import {describe, expect, test} from 'vitest'
import {convert, convertFiles} from '../src/index.js'
import type {Diagnostic, NoteDocument} from '../src/index.js'
import {schemaErrors} from './_helpers.js'

function rows(diagnostics: Array<Diagnostic>): Array<string> {
  return diagnostics.map((item) => {
    const {start, end} = item.position ?? {start: {line: 0, column: 0}, end: {line: 0, column: 0}}
    return `${start.line}:${start.column}-${end.line}:${end.column} ${item.severity} ${item.ruleId} ${item.message}`
  })
}

/** The document survives JSON, and validates against the schema. */
function sound(document: NoteDocument): void {
  const json = JSON.stringify(document)
  expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(JSON.parse(json))))
  expect(schemaErrors(JSON.parse(json))).toBe('')
}

describe('front matter attacks (RELIABILITY.md §2.1)', () => {
  test('F1: should never run `---js` front matter, and report it', () => {
    const globals = globalThis as {pwned?: boolean}
    for (const opener of ['---js', '---javascript', '--- JavaScript', '---coffee']) {
      const document = convert(`${opener}\n{globalThis.pwned = true}\n---\n\n# Body\n`)
      expect(globals.pwned).toBe(undefined)
      expect(document.frontmatter).toBe(null)
      expect(rows(document.diagnostics)).toEqual([
        `1:1-1:${opener.length + 1} error frontmatter-syntax Unexpected front matter language \`${opener.replace(/^---\s*/, '')}\`: md2data reads YAML (\`---\`), TOML (\`+++\`) and JSON (\`{\`), and never runs code; the block is read as Markdown`
      ])
    }
  })

  test('F13: should report front matter that is never closed', () => {
    const document = convert('---\ntitle: A\n# Body\n')
    expect(document.frontmatter).toBe(null)
    expect(rows(document.diagnostics)).toEqual([
      '1:1-1:4 error frontmatter-syntax Unexpected front matter opened by `---` on line 1 and never closed, expected a closing `---` line; the block is read as Markdown'
    ])
    expect(rows(convert('+++\ntitle = "A"\n').diagnostics)).toEqual([
      '1:1-1:4 error frontmatter-syntax Unexpected front matter opened by `+++` on line 1 and never closed, expected a closing `+++` line; the block is read as Markdown'
    ])
    // A thematic break first, then prose: not front matter, nothing to report.
    expect(convert('---\n\nSome text.\n').diagnostics).toEqual([])
  })

  test('F14: should report `...` closing front matter instead of dropping the body', () => {
    const document = convert('---\ntitle: A\n...\n\n# Body\n')
    expect(rows(document.diagnostics)).toEqual([
      '3:1-3:4 error frontmatter-syntax Unexpected `...` closing the front matter, expected `---`; the block is read as Markdown'
    ])
    expect(document.headings.map((heading) => heading.text)).toEqual(['Body'])
  })

  test('F15: should warn about front matter after blank lines', () => {
    expect(rows(convert('\n\n---\ntitle: A\n---\n').diagnostics)).toEqual([
      '3:1-3:4 warning frontmatter-syntax Unexpected blank line before the front matter, expected `---` on line 1; the block is read as Markdown'
    ])
  })

  test('F19: should accept spaces after the fences', () => {
    const document = convert('---  \ntitle: A\n---\t \n')
    expect(document.frontmatter?.data).toEqual({title: 'A'})
    expect(document.diagnostics).toEqual([])
  })

  test('F10, F11: should report deep nesting and complex keys at their place', () => {
    expect(rows(convert(`---\na: ${'['.repeat(5000)}\n---\n`).diagnostics)[0]).toMatch(
      /^2:\d+-2:\d+ error frontmatter-syntax /
    )
    expect(rows(convert('---\n? [a, b]\n: 1\n---\n').diagnostics)).toEqual([
      '2:3-2:4 error frontmatter-syntax Cannot parse YAML: Unexpected list or mapping as a key, expected a string'
    ])
  })

  test('F12: should keep a NUL in a value, and write it as an escape', () => {
    const document = convert('---\na: "x\\0y"\n---\n')
    expect(document.frontmatter?.data).toEqual({a: 'x\u0000y'})
    expect(JSON.stringify(document.frontmatter?.data)).toBe('{"a":"x\\u0000y"}')
  })

  test('F21: should report a 5 MB front matter block against its limit, without reading it', () => {
    const document = convert(`---\nvalue: "${'x'.repeat(5 * 1024 * 1024)}"\n---\n\n# Body\n`)
    expect(rows(document.diagnostics)).toEqual([
      '0:0-0:0 error document-too-large Cannot convert a note of 5242906 bytes, the limit is 2097152 (`maxSize`); its body is left out',
      '2:1-2:1 error frontmatter-too-large Cannot read front matter of 5242889 bytes, the limit is 65536 (`maxFrontmatterSize`)'
    ])
    sound(document)
  })
})

describe('bytes (RELIABILITY.md §2.3)', () => {
  test('E1: should report invalid UTF-8 at the first bad byte', () => {
    const bytes = new Uint8Array([
      ...Buffer.from('# Title\n\nCaf'),
      0xc3,
      0x28,
      ...Buffer.from(' and more\n')
    ])
    const document = convert(bytes)
    expect(rows(document.diagnostics)).toEqual([
      '3:4-3:5 error file-encoding Unexpected byte `0xC3`, expected UTF-8; invalid bytes read as U+FFFD'
    ])
    expect(document.sections[0]?.blocks[0]).toMatchObject({
      type: 'paragraph',
      text: 'Caf\uFFFD( and more'
    })
  })

  test('E2: should decode UTF-16 with a byte order mark, and say so', () => {
    for (const [encoding, bom] of [
      ['utf16le', [0xff, 0xfe]],
      ['utf16be', [0xfe, 0xff]]
    ] as const) {
      const body = Buffer.from('---\ntitle: 日本語\n---\n# 見出し\n', 'utf16le')
      if (encoding === 'utf16be') body.swap16()
      const document = convert(new Uint8Array([...bom, ...body]))
      expect(document.title).toBe('日本語')
      expect(document.headings[0]?.text).toBe('見出し')
      expect(document.diagnostics.map((item) => item.message)).toEqual([
        `Unexpected ${encoding === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE'} file (byte order mark), expected UTF-8; decoded as ${encoding === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE'}`
      ])
    }
  })

  test('E3: should turn NUL in the body into U+FFFD, as CommonMark says', () => {
    expect(convert('abc\u0000de\u0000\n').sections[0]?.blocks[0]).toMatchObject({
      text: 'abc\uFFFDde\uFFFD'
    })
  })

  test('E4: should round-trip lone surrogates through the JSON output unchanged', () => {
    const document = convert('---\nname: "\\uD800"\n---\n\nlone \uDC00 surrogate\n')
    const back = JSON.parse(JSON.stringify(document)) as NoteDocument
    expect(back.frontmatter?.data).toEqual({name: '\uD800'})
    expect(back.sections[0]?.blocks[0]).toMatchObject({text: 'lone \uDC00 surrogate'})
    expect(JSON.stringify(document)).toContain('lone \\udc00 surrogate')
  })

  test('E5, A26: should count CR, LF and CRLF each as one line ending', () => {
    const document = convert('- a\n- b\r- c\r\n- d')
    const list = document.sections[0]?.blocks[0]
    expect(
      list?.type === 'list' && list.items.map((item) => [item.text, item.position?.start.line])
    ).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4]
    ])
  })
})

describe('depth (RELIABILITY.md §2.2 M4)', () => {
  const cases: Record<string, (n: number) => string> = {
    'block quotes': (n) => `${'> '.repeat(n)}a\n`,
    'block quotes without spaces': (n) => `${'>'.repeat(n)}a\n`,
    'list markers on one line': (n) => `${'- '.repeat(n)}x\n`,
    'indented list items': (n) =>
      Array.from({length: n}, (_, depth) => `${'  '.repeat(depth)}* a\n`).join(''),
    emphasis: (n) => `${'*'.repeat(2 * n)}a${'*'.repeat(2 * n)}\n`,
    brackets: (n) => `${'['.repeat(n)}a${']'.repeat(n)}\n`
  }

  for (const [name, generate] of Object.entries(cases)) {
    test(`should convert ${name} 100 deep, and report 101 and more at the line, never overflow`, () => {
      const ok = convert(generate(100))
      expect(ok.diagnostics.filter((item) => item.ruleId === 'document-too-deep')).toEqual([])
      sound(ok)
      // Indented list items grow with the square of n: past 1,000 they are over the size limit.
      const sizes =
        name === 'indented list items' ? [101, 1000] : [101, 1000, 2100, 4000, 8000, 16_000]
      for (const n of sizes) {
        const document = convert(generate(n))
        expect(document.diagnostics.map((item) => item.ruleId)).toEqual(['document-too-deep'])
        expect(document.diagnostics[0]?.message).toMatch(
          /nested deeper than 100 levels \(`maxDepth`\); its body is left out$/
        )
        expect(document.sections).toEqual([])
        sound(document)
      }
    })
  }

  test('should report where the limit is crossed', () => {
    const text = `# Title\n\nfine\n\n${'> '.repeat(150)}deep\n`
    expect(rows(convert(text).diagnostics)).toEqual([
      '5:201-5:202 error document-too-deep Cannot convert block quotes and lists nested deeper than 100 levels (`maxDepth`); its body is left out'
    ])
    expect(convert(text, {maxDepth: 200}).diagnostics).toEqual([])
  })

  test('should not count brackets and emphasis in code', () => {
    const text = `\`\`\`\n${'['.repeat(500)}${']'.repeat(500)}\n\`\`\`\n\n    ${'*'.repeat(500)}a${'*'.repeat(500)}\n\n\`${'['.repeat(300)}]]]\`\n`
    expect(convert(text).diagnostics).toEqual([])
  })

  test('should keep a worker from overflowing too', async () => {
    const {mkdtempSync, writeFileSync, rmSync} = await import('node:fs')
    const {tmpdir} = await import('node:os')
    const path = await import('node:path')
    const folder = mkdtempSync(path.join(tmpdir(), 'md2data-deep-'))
    writeFileSync(path.join(folder, 'deep.md'), `${'> '.repeat(20_000)}a\n`)
    const results = []
    for await (const result of convertFiles(
      [{path: 'deep.md', absolute: path.join(folder, 'deep.md'), relative: 'deep.md'}],
      {jobs: 1}
    )) {
      results.push(result)
    }
    expect(results.map((result) => result.diagnostics.map((item) => item.ruleId))).toEqual([
      ['document-too-deep']
    ])
    rmSync(folder, {recursive: true, force: true})
  })
})
