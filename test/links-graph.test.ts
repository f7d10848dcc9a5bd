import {describe, expect, test} from 'vitest'
import {LinkGraph} from '../src/links/graph.js'
import type {LocalLink, NoteSummary, Resolution} from '../src/links/graph.js'
import type {Position} from '../src/types.js'

/** Link `index`'s position: line `index + 1`, columns 1 to 5. */
function at(index: number): Position {
  return {
    start: {line: index + 1, column: 1, offset: index * 10},
    end: {line: index + 1, column: 5, offset: index * 10 + 4}
  }
}

/** A link written as in a note: `[[target#anchor]]`, `![[target]]`, `![](target)` or `[](target#anchor)`. */
function parse(written: string, index: number): LocalLink {
  const wiki = /^(!?)\[\[(.*)\]\]$/.exec(written)
  const markdown = /^(!?)<(.*)>$/.exec(written)
  const [, bang, destination] = (wiki ?? markdown ?? ['', '', written]) as [string, string, string]
  const hash = destination.indexOf('#')
  return {
    index,
    kind: bang ? (wiki ? 'embed' : 'image') : 'link',
    syntax: wiki ? 'wikilink' : 'inline',
    target: hash === -1 ? destination : destination.slice(0, hash),
    anchor: hash === -1 ? null : destination.slice(hash + 1),
    position: at(index)
  }
}

/**
 * A note summary. Links are written `[[…]]` and `![[…]]` for wikilinks and embeds, `<…>` and `!<…>`
 * for Markdown links and images, and are indexed in order.
 */
function note(path: string, links: Array<string>, rest: Partial<NoteSummary> = {}): NoteSummary {
  return {
    path,
    root: '',
    headings: [],
    blockIds: [],
    aliases: [],
    links: links.map(parse),
    ...rest
  }
}

/** A graph of `files` and `notes` (whose paths are added to the files). */
function graphOf(files: Array<string>, notes: Array<NoteSummary>): LinkGraph {
  const graph = new LinkGraph([...files, ...notes.map((one) => one.path)])
  for (const one of notes) graph.add(one)
  return graph
}

/** The resolutions of a note's links in index order, and its diagnostics as `line rule message`. */
function resolveAll(graph: LinkGraph, path: string) {
  const {resolved, diagnostics} = graph.resolve(path)
  return {
    resolved: [...resolved].map(([index, resolution]) => [index, resolution] as const),
    diagnostics: diagnostics.map(
      (diagnostic) =>
        `${diagnostic.position?.start.line} ${diagnostic.ruleId} ${diagnostic.message}`
    )
  }
}

/** Just the resolutions, in index order. */
function targets(graph: LinkGraph, path: string): Array<Resolution | null> {
  return [...graph.resolve(path).resolved.values()]
}

describe('Markdown links', () => {
  const files = [
    'README.md',
    '100%.md',
    'docs/b/c.md',
    'docs/My Note.md',
    'docs/guide.md',
    'docs/sub/index.md',
    'docs/sub/README.md',
    'docs/manual/README.md',
    'img/x.png'
  ]

  test('should resolve relative, `../`, %-encoded, extensionless, folder and `/` links', () => {
    const graph = graphOf(files, [
      note('docs/a.md', [
        '<./b/c.md>',
        '<b/c.md>',
        '<../README.md>',
        '<My%20Note.md>',
        '<./guide>',
        '<./sub/>',
        '<manual>',
        '!</img/x.png>',
        '<../100%.md>',
        '<./sub/index>',
        '<sub/.>',
        '<b/../guide.md>'
      ])
    ])
    expect(targets(graph, 'docs/a.md')).toEqual([
      {path: 'docs/b/c.md', anchor: null},
      {path: 'docs/b/c.md', anchor: null},
      {path: 'README.md', anchor: null},
      {path: 'docs/My Note.md', anchor: null},
      {path: 'docs/guide.md', anchor: null},
      {path: 'docs/sub/index.md', anchor: null},
      {path: 'docs/manual/README.md', anchor: null},
      {path: 'img/x.png', anchor: null},
      {path: '100%.md', anchor: null},
      {path: 'docs/sub/index.md', anchor: null},
      {path: 'docs/sub/index.md', anchor: null},
      {path: 'docs/guide.md', anchor: null}
    ])
    expect(graph.resolve('docs/a.md').diagnostics).toEqual([])
  })

  test('should take `/` targets from the root, and never match by name or ignoring case', () => {
    const graph = graphOf(
      ['vault/x.md', 'vault/deep/name.md', 'x.md'],
      [
        note('vault/folder/a.md', ['</x.md>', '<../x.md>', '</X.md>', '<name.md>', '<./X.md>'], {
          root: 'vault'
        })
      ]
    )
    expect(resolveAll(graph, 'vault/folder/a.md')).toEqual({
      resolved: [
        [0, {path: 'vault/x.md', anchor: null}],
        [1, {path: 'vault/x.md', anchor: null}],
        [2, null],
        [3, null],
        [4, null]
      ],
      diagnostics: [
        '3 link-broken Unexpected link to missing file `/X.md`, no note or file at `vault/X.md`',
        '4 link-broken Unexpected link to missing file `name.md`, no note or file at `vault/folder/name.md`',
        '5 link-broken Unexpected link to missing file `./X.md`, no note or file at `vault/folder/X.md`'
      ]
    })
  })

  test('should report missing files and folders with the path looked for', () => {
    const graph = graphOf(files, [
      note('docs/sub/a.md', [
        '<../b.md>',
        '!<./pic.png>',
        '<../../../x.md>',
        '<../nothing/>',
        '<.>'
      ])
    ])
    expect(resolveAll(graph, 'docs/sub/a.md')).toEqual({
      resolved: [
        [0, null],
        [1, null],
        [2, null],
        [3, null],
        [4, {path: 'docs/sub/index.md', anchor: null}]
      ],
      diagnostics: [
        '1 link-broken Unexpected link to missing file `../b.md`, no note or file at `docs/b.md`',
        '2 link-broken Unexpected image of missing file `./pic.png`, no file at `docs/sub/pic.png`',
        '3 link-broken Unexpected link to missing file `../../../x.md`, no note or file at `../x.md`',
        '4 link-broken Unexpected link to missing file `../nothing/`, no note or file at `docs/nothing/`'
      ]
    })
  })

  test('should give whole diagnostics: warning, rule, message, the note path, the link position', () => {
    const graph = graphOf([], [note('a.md', ['<./b.md>'])])
    expect(graph.resolve('a.md')).toEqual({
      resolved: new Map([[0, null]]),
      diagnostics: [
        {
          severity: 'warning',
          ruleId: 'link-broken',
          message: 'Unexpected link to missing file `./b.md`, no note or file at `b.md`',
          path: 'a.md',
          position: at(0),
          source: 'md2data'
        }
      ]
    })
  })

  test('should resolve reference links as inline ones', () => {
    const summary = note('docs/a.md', ['<../README>', '!<../img/x.png>'])
    summary.links = summary.links.map((link) => ({...link, syntax: 'reference'}))
    expect(targets(graphOf(files, [summary]), 'docs/a.md')).toEqual([
      {path: 'README.md', anchor: null},
      {path: 'img/x.png', anchor: null}
    ])
  })

  test('should leave autolinks out, and report in link order whatever the order given', () => {
    const summary = note('a.md', ['<x.md>', '<y.md>', '<https://example.com>'])
    const [first, second, third] = summary.links as [LocalLink, LocalLink, LocalLink]
    summary.links = [second, {...third, syntax: 'autolink'}, first]
    const graph = graphOf([], [summary])
    expect(resolveAll(graph, 'a.md')).toEqual({
      resolved: [
        [0, null],
        [1, null]
      ],
      diagnostics: [
        '1 link-broken Unexpected link to missing file `x.md`, no note or file at `x.md`',
        '2 link-broken Unexpected link to missing file `y.md`, no note or file at `y.md`'
      ]
    })
  })
})

describe('wikilinks and embeds', () => {
  const files = [
    'vault/folder/Sub/Deep.md',
    'vault/a/Dup.md',
    'vault/b/Dup.md',
    'vault/x/Same.md',
    'vault/long/Same.md',
    'vault/assets/diagram.png',
    'vault/papers/paper.pdf',
    'vault/v1.2 plan.md',
    'other/Only.md'
  ]
  const notes = [
    note(
      'vault/Home.md',
      [
        '[[folder/Note]]',
        '[[Note]]',
        '[[note]]',
        '[[NOTE.md]]',
        '[[sub/deep]]',
        '[[the note]]',
        '[[Same]]',
        '[[a/Dup]]',
        '![[diagram.png]]',
        '![[paper.pdf#page=3]]',
        '[[v1.2 plan]]',
        '[[./folder/Note]]',
        '[[/folder/note]]',
        '![[Note]]',
        '[[ Note ]]'
      ],
      {root: 'vault'}
    ),
    note('vault/folder/Note.md', [], {root: 'vault', aliases: ['Nota', 'The Note']}),
    note('vault/b/Other.md', ['[[Dup]]', '[[dup]]', '[[Same]]'], {root: 'vault'}),
    note('vault/long/Other.md', ['[[Same]]', '[[same]]'], {root: 'vault'})
  ]

  test('should resolve by path, name, case, path suffix, alias, extension and as embeds', () => {
    const graph = graphOf(files, notes)
    expect(resolveAll(graph, 'vault/Home.md')).toEqual({
      resolved: [
        [0, {path: 'vault/folder/Note.md', anchor: null}],
        [1, {path: 'vault/folder/Note.md', anchor: null}],
        [2, {path: 'vault/folder/Note.md', anchor: null}],
        [3, {path: 'vault/folder/Note.md', anchor: null}],
        [4, {path: 'vault/folder/Sub/Deep.md', anchor: null}],
        [5, {path: 'vault/folder/Note.md', anchor: null}],
        [6, {path: 'vault/x/Same.md', anchor: null}],
        [7, {path: 'vault/a/Dup.md', anchor: null}],
        [8, {path: 'vault/assets/diagram.png', anchor: null}],
        [9, {path: 'vault/papers/paper.pdf', anchor: 'page=3'}],
        [10, {path: 'vault/v1.2 plan.md', anchor: null}],
        [11, {path: 'vault/folder/Note.md', anchor: null}],
        [12, {path: 'vault/folder/Note.md', anchor: null}],
        [13, {path: 'vault/folder/Note.md', anchor: null}],
        [14, {path: 'vault/folder/Note.md', anchor: null}]
      ],
      diagnostics: []
    })
  })

  test('should prefer the note’s own folder, then the shortest path', () => {
    const graph = graphOf(files, notes)
    expect(targets(graph, 'vault/b/Other.md')).toEqual([
      {path: 'vault/b/Dup.md', anchor: null},
      {path: 'vault/b/Dup.md', anchor: null},
      {path: 'vault/x/Same.md', anchor: null}
    ])
    expect(targets(graph, 'vault/long/Other.md')).toEqual([
      {path: 'vault/long/Same.md', anchor: null},
      {path: 'vault/long/Same.md', anchor: null}
    ])
  })

  test('should count the shortest path in characters, not folders', () => {
    const graph = graphOf(
      ['a/b/Note.md', 'zzzz/Note.md', 'c/Note.md'],
      [note('home.md', ['[[Note]]'])]
    )
    expect(targets(graph, 'home.md')).toEqual([{path: 'c/Note.md', anchor: null}])
    const shorter = graphOf(['a/b/Note.md', 'zzzz/Note.md'], [note('home.md', ['[[Note]]'])])
    expect(targets(shorter, 'home.md')).toEqual([{path: 'a/b/Note.md', anchor: null}])
  })

  test('should report a real tie as ambiguous, listing the candidates', () => {
    const graph = graphOf(
      [...files, 'vault/c/Dup.md', 'q/1/Many.md', 'q/2/Many.md', 'q/3/Many.md'],
      [
        note('vault/Home.md', ['[[Dup]]', '![[Dup]]', '[[dup#Heading]]'], {root: 'vault'}),
        note('q/index.md', ['[[Many]]'], {root: 'q'})
      ]
    )
    expect(resolveAll(graph, 'vault/Home.md')).toEqual({
      resolved: [
        [0, null],
        [1, null],
        [2, null]
      ],
      diagnostics: [
        '1 link-ambiguous Unexpected ambiguous link `[[Dup]]`: `vault/a/Dup.md`, `vault/b/Dup.md` and `vault/c/Dup.md` match, write a path to choose one',
        '2 link-ambiguous Unexpected ambiguous embed `![[Dup]]`: `vault/a/Dup.md`, `vault/b/Dup.md` and `vault/c/Dup.md` match, write a path to choose one',
        '3 link-ambiguous Unexpected ambiguous link `[[dup]]`: `vault/a/Dup.md`, `vault/b/Dup.md` and `vault/c/Dup.md` match, write a path to choose one'
      ]
    })
    expect(resolveAll(graph, 'q/index.md').diagnostics).toEqual([
      '1 link-ambiguous Unexpected ambiguous link `[[Many]]`: `q/1/Many.md`, `q/2/Many.md` and `q/3/Many.md` match, write a path to choose one'
    ])
  })

  test('should name five candidates at most', () => {
    const many = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((folder) => `${folder}/N.md`)
    const graph = graphOf(many, [note('home.md', ['[[N]]'])])
    expect(resolveAll(graph, 'home.md').diagnostics).toEqual([
      '1 link-ambiguous Unexpected ambiguous link `[[N]]`: `a/N.md`, `b/N.md`, `c/N.md`, `d/N.md`, `e/N.md` and 2 more match, write a path to choose one'
    ])
  })

  test('should resolve aliases after file names: shortest path, a tie is ambiguous', () => {
    const graph = graphOf(
      ['Nota.md'],
      [
        note('home.md', ['[[nota]]', '[[The Note]]', '[[shared]]', '[[Both]]']),
        note('f/Note.md', [], {aliases: ['Nota', 'The Note', 'Shared', ' both ']}),
        note('g/Mote.md', [], {aliases: ['shared']}),
        note('long/Third.md', [], {aliases: ['BOTH']})
      ]
    )
    expect(resolveAll(graph, 'home.md')).toEqual({
      resolved: [
        [0, {path: 'Nota.md', anchor: null}],
        [1, {path: 'f/Note.md', anchor: null}],
        [2, null],
        [3, {path: 'f/Note.md', anchor: null}]
      ],
      diagnostics: [
        '3 link-ambiguous Unexpected ambiguous link `[[shared]]`: `f/Note.md` and `g/Mote.md` match, write a path to choose one'
      ]
    })
  })

  test('should stay in the note’s vault (root) for names, suffixes and aliases', () => {
    const graph = graphOf(files, [
      note(
        'vault/Home.md',
        ['[[Only]]', '![[missing.png]]', '[[vault/Home]]', '[[../Home]]', '[[./nope]]'],
        {root: 'vault'}
      ),
      note('other/Alias.md', [], {root: 'other', aliases: ['Elsewhere']}),
      note('vault/Alias.md', ['[[Elsewhere]]'], {root: 'vault'})
    ])
    expect(resolveAll(graph, 'vault/Home.md')).toEqual({
      resolved: [
        [0, null],
        [1, null],
        [2, null],
        [3, null],
        [4, null]
      ],
      diagnostics: [
        '1 link-broken Unexpected link to missing file `[[Only]]`, no file matches `Only.md` and no note has the alias `Only`',
        '2 link-broken Unexpected embed of missing file `![[missing.png]]`, no file matches `missing.png` and no note has the alias `missing.png`',
        '3 link-broken Unexpected link to missing file `[[vault/Home]]`, no file matches `vault/Home.md` and no note has the alias `vault/Home`',
        '4 link-broken Unexpected link to missing file `[[../Home]]`, no note or file at `Home.md`',
        '5 link-broken Unexpected link to missing file `[[./nope]]`, no note or file at `vault/nope.md`'
      ]
    })
    expect(resolveAll(graph, 'vault/Alias.md').diagnostics).toEqual([
      '1 link-broken Unexpected link to missing file `[[Elsewhere]]`, no file matches `Elsewhere.md` and no note has the alias `Elsewhere`'
    ])
  })

  test('should match every file in the working directory when the root is empty', () => {
    const graph = graphOf(files, [
      note('index.md', ['[[Only]]', '[[vault/a/Dup]]', '[[sub/Deep]]'])
    ])
    expect(targets(graph, 'index.md')).toEqual([
      {path: 'other/Only.md', anchor: null},
      {path: 'vault/a/Dup.md', anchor: null},
      {path: 'vault/folder/Sub/Deep.md', anchor: null}
    ])
  })

  test('should report files that differ only in case as ambiguous for a path link', () => {
    const graph = graphOf(['A.md', 'a.md'], [note('home.md', ['[[/A]]', '[[/x/../A]]', '[[./A]]'])])
    expect(resolveAll(graph, 'home.md').resolved).toEqual([
      [0, {path: 'A.md', anchor: null}],
      [1, {path: 'A.md', anchor: null}],
      [2, {path: 'A.md', anchor: null}]
    ])
    const tie = graphOf(['B.md', 'b.md'], [note('home.md', ['[[/bb/../B.MD]]'])])
    expect(resolveAll(tie, 'home.md').diagnostics).toEqual([
      '1 link-ambiguous Unexpected ambiguous link `[[/bb/../B.MD]]`: `B.md` and `b.md` match, write a path to choose one'
    ])
  })
})

describe('anchors', () => {
  const guide = note('guide.md', [], {
    headings: [
      {text: 'Guide', id: 'guide'},
      {text: 'Install', id: 'install'},
      {text: 'Step 1: Setup', id: 'step-1-setup'},
      {text: 'Install', id: 'install-1'},
      {text: '経歴', id: '経歴'}
    ],
    blockIds: ['quote-1']
  })
  const files = ['paper.pdf', 'other.md']

  test('should match Markdown anchors with heading ids: exactly, then decoded and lower-cased', () => {
    const graph = graphOf(files, [
      guide,
      note('notes/a.md', [
        '<../guide.md#install>',
        '<../guide.md#Install>',
        '<../guide.md#%E7%B5%8C%E6%AD%B4>',
        '<../guide.md#install-1>',
        '<../guide.md#^quote-1>',
        '<../guide#step-1-setup>',
        '<../paper.pdf#page=3>',
        '<../other.md#Anything>',
        '<../guide.md#>'
      ])
    ])
    expect(resolveAll(graph, 'notes/a.md')).toEqual({
      resolved: [
        [0, {path: 'guide.md', anchor: 'install'}],
        [1, {path: 'guide.md', anchor: 'install'}],
        [2, {path: 'guide.md', anchor: '経歴'}],
        [3, {path: 'guide.md', anchor: 'install-1'}],
        [4, {path: 'guide.md', anchor: '^quote-1'}],
        [5, {path: 'guide.md', anchor: 'step-1-setup'}],
        [6, {path: 'paper.pdf', anchor: 'page=3'}],
        [7, {path: 'other.md', anchor: 'Anything'}],
        [8, {path: 'guide.md', anchor: null}]
      ],
      diagnostics: []
    })
  })

  test('should match wikilink anchors with heading text, blocks exactly, nested by the last part', () => {
    const graph = graphOf(files, [
      guide,
      note('notes/b.md', [
        '[[guide#Step 1 Setup]]',
        '[[guide#step 1: setup]]',
        '[[Guide#Guide#Install]]',
        '[[guide#^quote-1]]',
        '[[guide#経歴]]',
        '[[guide#install]]',
        '[[guide#  Step   1 —  Setup ]]',
        '![[guide#Install]]',
        '![[paper.pdf#page=3]]'
      ])
    ])
    expect(resolveAll(graph, 'notes/b.md')).toEqual({
      resolved: [
        [0, {path: 'guide.md', anchor: 'step-1-setup'}],
        [1, {path: 'guide.md', anchor: 'step-1-setup'}],
        [2, {path: 'guide.md', anchor: 'install'}],
        [3, {path: 'guide.md', anchor: '^quote-1'}],
        [4, {path: 'guide.md', anchor: '経歴'}],
        [5, {path: 'guide.md', anchor: 'install'}],
        [6, {path: 'guide.md', anchor: 'step-1-setup'}],
        [7, {path: 'guide.md', anchor: 'install'}],
        [8, {path: 'paper.pdf', anchor: 'page=3'}]
      ],
      diagnostics: []
    })
  })

  test('should resolve the file of a missing anchor, and suggest the closest heading or block', () => {
    const graph = graphOf(files, [
      guide,
      note('docs/a.md', [
        '<../guide.md#instal>',
        '<../guide.md#zzz>',
        '<../guide.md#Step-1-Setup-Now>',
        '<../guide.md#^quote-2>',
        '[[guide#Instal]]',
        '[[guide#Setup#Nothing here]]',
        '[[guide#^quote]]',
        '[[guide#^zzzzzzzzz]]',
        '![[guide#Step 1 Set up]]'
      ])
    ])
    expect(resolveAll(graph, 'docs/a.md')).toEqual({
      resolved: [0, 1, 2, 3, 4, 5, 6, 7, 8].map((index) => [
        index,
        {path: 'guide.md', anchor: null}
      ]),
      diagnostics: [
        '1 link-anchor-missing Unexpected link to missing heading `#instal` in `guide.md`, did you mean `#install`?',
        '2 link-anchor-missing Unexpected link to missing heading `#zzz` in `guide.md`',
        '3 link-anchor-missing Unexpected link to missing heading `#Step-1-Setup-Now` in `guide.md`, did you mean `#step-1-setup`?',
        '4 link-anchor-missing Unexpected link to missing block `#^quote-2` in `guide.md`, did you mean `#^quote-1`?',
        '5 link-anchor-missing Unexpected link to missing heading `#Instal` in `guide.md`, did you mean `#Install`?',
        '6 link-anchor-missing Unexpected link to missing heading `#Setup#Nothing here` in `guide.md`',
        '7 link-anchor-missing Unexpected link to missing block `#^quote` in `guide.md`, did you mean `#^quote-1`?',
        '8 link-anchor-missing Unexpected link to missing block `#^zzzzzzzzz` in `guide.md`',
        '9 link-anchor-missing Unexpected embed of missing heading `#Step 1 Set up` in `guide.md`, did you mean `#Step 1: Setup`?'
      ]
    })
  })

  test('should resolve same-note anchors against the note itself', () => {
    const graph = graphOf(files, [
      note('notes/self.md', ['<#intro>', '[[#Intro]]', '<#outro>', '[[#Nothing at all]]'], {
        headings: [{text: 'Intro', id: 'intro'}]
      })
    ])
    expect(resolveAll(graph, 'notes/self.md')).toEqual({
      resolved: [
        [0, {path: 'notes/self.md', anchor: 'intro'}],
        [1, {path: 'notes/self.md', anchor: 'intro'}],
        [2, {path: 'notes/self.md', anchor: null}],
        [3, {path: 'notes/self.md', anchor: null}]
      ],
      diagnostics: [
        '3 link-anchor-missing Unexpected link to missing heading `#outro` in `notes/self.md`, did you mean `#intro`?',
        '4 link-anchor-missing Unexpected link to missing heading `#Nothing at all` in `notes/self.md`'
      ]
    })
  })

  test('should fence a quoted anchor holding backticks as Markdown needs', () => {
    const graph = graphOf([], [note('a.md', ['<#`x`>'])])
    expect(resolveAll(graph, 'a.md').diagnostics).toEqual([
      '1 link-anchor-missing Unexpected link to missing heading `` #`x` `` in `a.md`'
    ])
  })
})

describe('non-ASCII names and headings', () => {
  const japanese = note('ノート/日本語メモ.md', [], {
    headings: [
      {text: '経歴', id: '経歴'},
      {text: 'はじめに', id: 'はじめに'}
    ]
  })
  const arabic = note('ملاحظات/مقدمة.md', [], {
    headings: [{text: 'نظرة عامة', id: 'نظرة-عامة'}]
  })
  const decomposed = 'プラン.md'.normalize('NFD')

  test('should resolve Japanese and Arabic paths and headings, comparing paths in NFC', () => {
    expect(decomposed).not.toBe('プラン.md')
    const graph = graphOf(
      ['images/図.png', decomposed],
      [
        japanese,
        arabic,
        note('index.md', [
          `<${encodeURI('ノート/日本語メモ.md')}#${encodeURIComponent('経歴')}>`,
          '<ノート/日本語メモ.md#はじめに>',
          '[[日本語メモ#はじめに]]',
          '[[مقدمة#نظرة عامة]]',
          '<ملاحظات/مقدمة.md#نظرة-عامة>',
          '[[プラン]]',
          `<${encodeURI('プラン.md')}>`,
          '![[図.png]]',
          '[[مقدمة#نظرة عامه]]',
          '[[日本語メモ#はじめ]]'
        ])
      ]
    )
    expect(resolveAll(graph, 'index.md')).toEqual({
      resolved: [
        [0, {path: 'ノート/日本語メモ.md', anchor: '経歴'}],
        [1, {path: 'ノート/日本語メモ.md', anchor: 'はじめに'}],
        [2, {path: 'ノート/日本語メモ.md', anchor: 'はじめに'}],
        [3, {path: 'ملاحظات/مقدمة.md', anchor: 'نظرة-عامة'}],
        [4, {path: 'ملاحظات/مقدمة.md', anchor: 'نظرة-عامة'}],
        [5, {path: decomposed, anchor: null}],
        [6, {path: decomposed, anchor: null}],
        [7, {path: 'images/図.png', anchor: null}],
        [8, {path: 'ملاحظات/مقدمة.md', anchor: null}],
        [9, {path: 'ノート/日本語メモ.md', anchor: null}]
      ],
      diagnostics: [
        '9 link-anchor-missing Unexpected link to missing heading `#نظرة عامه` in `ملاحظات/مقدمة.md`, did you mean `#نظرة عامة`?',
        '10 link-anchor-missing Unexpected link to missing heading `#はじめ` in `ノート/日本語メモ.md`, did you mean `#はじめに`?'
      ]
    })
  })

  test('should key the graph by the note’s own path, whatever the normalization of links to it', () => {
    const graph = graphOf([], [note(decomposed, []), note('a.md', ['[[プラン]]', '<プラン.md>'])])
    expect(graph.toJSON()).toEqual({
      notes: {
        'a.md': {links: [decomposed], backlinks: []},
        [decomposed]: {links: [], backlinks: ['a.md']}
      },
      orphans: ['a.md']
    })
  })
})

describe('the graph', () => {
  test('should give each note its distinct links in first-use order, its backlinks, and orphans', () => {
    const graph = graphOf(
      ['c.png', 'e.md'],
      [
        note('d.md', ['[[a]]', '[[d]]', '[[d#Top]]'], {headings: [{text: 'Top', id: 'top'}]}),
        note('a.md', ['<b.md>', '![[c.png]]', '<b.md#x>', '<#self>', '[[missing]]', '<e.md>']),
        note('b.md', ['[[a]]', '[[A]]']),
        note('c.md', [])
      ]
    )
    expect(graph.toJSON()).toEqual({
      notes: {
        'a.md': {links: ['b.md', 'c.png', 'a.md', 'e.md'], backlinks: ['b.md', 'd.md']},
        'b.md': {links: ['a.md'], backlinks: ['a.md']},
        'c.md': {links: [], backlinks: []},
        'd.md': {links: ['a.md', 'd.md'], backlinks: []}
      },
      orphans: ['c.md', 'd.md']
    })
    expect(Object.keys(graph.toJSON().notes)).toEqual(['a.md', 'b.md', 'c.md', 'd.md'])
  })

  test('should be empty without notes', () => {
    expect(new LinkGraph(['a.png']).toJSON()).toEqual({notes: {}, orphans: []})
  })

  test('should replace a note added twice and resolve again after an add', () => {
    const graph = graphOf([], [note('a.md', ['[[b]]'])])
    expect(targets(graph, 'a.md')).toEqual([null])
    graph.add(note('b.md', []))
    expect(targets(graph, 'a.md')).toEqual([{path: 'b.md', anchor: null}])
    graph.add(note('a.md', []))
    expect(graph.toJSON()).toEqual({
      notes: {'a.md': {links: [], backlinks: []}, 'b.md': {links: [], backlinks: []}},
      orphans: ['a.md', 'b.md']
    })
  })

  test('should refuse to resolve a note that was not added', () => {
    expect(() => graphOf(['a.md'], []).resolve('a.md')).toThrow(
      'Cannot resolve the links of `a.md`: no such note was added'
    )
  })
})

describe('Markdown links to site URLs and notes outside the working directory', () => {
  test("should take a folder's _index.md (Hugo), and a pretty URL's note", () => {
    const graph = graphOf(
      ['site/section/_index.md', 'site/install.md', 'site/functions/lang/Translate.md'],
      [
        note(
          'site/a.md',
          ['<section/>', '<install/>', '<./install>', '</functions/lang/translate/>'],
          {
            root: 'site'
          }
        )
      ]
    )
    expect(targets(graph, 'site/a.md')).toEqual([
      {path: 'site/section/_index.md', anchor: null},
      {path: 'site/install.md', anchor: null},
      {path: 'site/install.md', anchor: null},
      {path: 'site/functions/lang/Translate.md', anchor: null}
    ])
  })

  test('should keep absolute paths absolute', () => {
    const graph = graphOf(
      ['/srv/notes/b.md', '/srv/notes/sub/c.md'],
      [
        note('/srv/notes/sub/a.md', ['</b.md>', '<../b.md>', '<c.md>', '</missing/>'], {
          root: '/srv/notes'
        })
      ]
    )
    expect(resolveAll(graph, '/srv/notes/sub/a.md')).toEqual({
      resolved: [
        [0, {path: '/srv/notes/b.md', anchor: null}],
        [1, {path: '/srv/notes/b.md', anchor: null}],
        [2, {path: '/srv/notes/sub/c.md', anchor: null}],
        [3, null]
      ],
      diagnostics: [
        '4 link-broken Unexpected link to missing file `/missing/`, no note or file at `/srv/notes/missing/`'
      ]
    })
  })
})
