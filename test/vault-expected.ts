/**
 * The oracle for the test vault in `fixtures/vault/` (issue 17), derived by hand from the notes,
 * not by running md2data. The run is `md2data fixtures/vault` from the repository root, with the
 * `obsidian` flavour (wikilinks, embeds). Paths below are relative to `fixtures/vault/`.
 *
 * Resolution rules: a Markdown link is relative to the note's folder (to the vault for `/…`),
 * %-decoded, `.md` added when missing and the file exists with it, a folder link goes to its
 * `index.md`, then `README.md`; a wikilink is an exact path from the vault or the note's folder, else
 * a file name ignoring case (a path suffix when it has `/`), then an alias ignoring case; several
 * matches: the shortest path wins, an exact tie of length is `link-ambiguous`. Anchors (notes
 * only): GitHub heading ids for Markdown links, heading text ignoring case or `^block-id` for
 * wikilinks. Autolinks and external URLs are not local and are left out.
 */

type Rule = 'link-broken' | 'link-anchor-missing' | 'link-ambiguous'

export interface ExpectedLink {
  note: string
  written: string
  line: number
  resolved: {path: string; anchor: string | null} | null
  rule: Rule | null
}

/** The vault, relative to the repository root. */
export const vault = 'fixtures/vault'

/** `[written, line, target (vault-relative) or null, anchor, rule]` */
type Row = [string, number, string | null, string | null, Rule | null]

const B = 'link-broken'
const AM = 'link-anchor-missing'
const AMB = 'link-ambiguous'

const byNote: Array<[string, Array<Row>]> = [
  [
    'Archive/2025/Meetings/Retro.md',
    [['[[Project Alpha]]', 13, 'Projects/Alpha/Overview.md', null, null]]
  ],
  [
    'Archive/Old/Index.md',
    [
      // alias of Index.md
      ['[[Home]]', 5, 'Index.md', null, null],
      // never existed
      ['[Projects 2025](../../Projects/2025.md)', 6, null, null, B],
      // deleted note
      ['[[Old Projects]]', 7, null, null, B],
      ['[[Ideas]]', 8, 'Archive/Old/Ideas.md', null, null]
    ]
  ],
  [
    'Areas/Finance.md',
    [
      // alias
      ['[[Ana]]', 19, 'People/Ana Souza.md', null, null],
      // path suffix: not Projects/Beta/Plan.md
      ['[[Alpha/Plan#Budget|Alpha budget]]', 19, 'Projects/Alpha/Plan.md', 'budget', null]
    ]
  ],
  [
    'Areas/Health/Running Log.md',
    [
      ['![Pace chart](../../attachments/diagram.png)', 18, 'attachments/diagram.png', null, null],
      ['[area](./index.md)', 20, 'Areas/Health/index.md', null, null],
      // alias of Index.md
      ['[[Home|home page]]', 20, 'Index.md', null, null]
    ]
  ],
  [
    'Areas/Health/index.md',
    [
      ['[[Running Log]]', 9, 'Areas/Health/Running Log.md', null, null],
      // missing note
      ['[[Checkups 2025]]', 10, null, null, B]
    ]
  ],
  [
    'Daily/2026-11-02.md',
    [
      ['[[Running Log]]', 7, 'Areas/Health/Running Log.md', null, null],
      ['[[Alpha/Plan|the Alpha plan]]', 8, 'Projects/Alpha/Plan.md', null, null],
      ['[[Ana]]', 8, 'People/Ana Souza.md', null, null],
      // typo: closest heading is Installation
      [
        '[setup](../Projects/Alpha/Setup%20Guide.md#instalation)',
        9,
        'Projects/Alpha/Setup Guide.md',
        null,
        AM
      ],
      // renamed to Meetings/Weekly Sync.md
      ['[[Meeting Notes]]', 10, null, null, B],
      ['[[Weekly Sync]]', 10, 'Meetings/Weekly Sync.md', null, null],
      // embed by file name
      ['![[diagram.png]]', 14, 'attachments/diagram.png', null, null],
      // block id on a list item
      [
        '[[Alpha/Plan#^milestone-reports]]',
        16,
        'Projects/Alpha/Plan.md',
        '^milestone-reports',
        null
      ],
      ['[[2026-11-03]]', 20, 'Daily/2026-11-03.md', null, null]
    ]
  ],
  [
    'Daily/2026-11-03.md',
    [
      ['[[2026-11-03 Kickoff]]', 7, 'Meetings/2026-11-03 Kickoff.md', null, null],
      ['[[Glossary]]', 10, 'Resources/Glossary.md', null, null],
      // root Index.md: shorter than Archive/Old/Index.md and Areas/Health/index.md
      ['[[Index]]', 11, 'Index.md', null, null],
      // %-encoded 東京メモ
      [
        '[his Tokyo notes](../日本語/%E6%9D%B1%E4%BA%AC%E3%83%A1%E3%83%A2.md)',
        13,
        '日本語/東京メモ.md',
        null,
        null
      ],
      // embed of a section
      [
        '![[Decisions#2026-10-20 Vendor]]',
        17,
        'Projects/Alpha/Decisions.md',
        '2026-10-20-vendor',
        null
      ],
      ['[[Running Log#November]]', 19, 'Areas/Health/Running Log.md', 'november', null],
      ['[[2026-11-02]]', 21, 'Daily/2026-11-02.md', null, null],
      ['[[2026-11-04]]', 21, 'Daily/2026-11-04.md', null, null]
    ]
  ],
  [
    'Daily/2026-11-04.md',
    [
      // shortest path: not Archive/2025/Meetings/Retro.md
      ['[[Retro]]', 9, 'Meetings/Retro.md', null, null],
      ['[[読書ノート]]', 10, '日本語/読書ノート.md', null, null],
      // second "Notes" heading
      [
        '[round two](../Projects/Beta/Interviews.md#notes-1)',
        11,
        'Projects/Beta/Interviews.md',
        'notes-1',
        null
      ],
      // no such block id
      ['[[Decisions#^decision-cache]]', 12, 'Projects/Alpha/Decisions.md', null, AM],
      ['[[Layla Haddad#Contact]]', 15, 'People/Layla Haddad.md', 'contact', null],
      ['![[spec.pdf]]', 17, 'attachments/spec.pdf', null, null]
    ]
  ],
  ['Drafts/Untitled.md', [['[[Glossary]]', 4, 'Resources/Glossary.md', null, null]]],
  [
    'Inbox.md',
    [
      // Projects/Alpha/Plan.md and Projects/Beta/Plan.md: the shortest path wins
      ['[[Plan]]', 6, 'Projects/Beta/Plan.md', null, null],
      ['[[Proposal#Survey]]', 7, 'Projects/Gamma/Proposal.md', 'survey', null],
      // Resources/Checklist.md and Templates/Checklist.md: same path length
      ['[[Checklist]]', 12, null, null, AMB]
    ]
  ],
  [
    'Index.md',
    [
      // folder: no index.md, so README.md
      ['[all projects](Projects/)', 13, 'Projects/README.md', null, null],
      // alias of Overview.md
      ['[[Project Alpha]]', 13, 'Projects/Alpha/Overview.md', null, null],
      ['[[2026-11-02]]', 14, 'Daily/2026-11-02.md', null, null],
      ['[[2026-11-03]]', 14, 'Daily/2026-11-03.md', null, null],
      ['[[Daily/2026-11-04|the last one]]', 14, 'Daily/2026-11-04.md', null, null],
      ['[[Ana Souza]]', 15, 'People/Ana Souza.md', null, null],
      ['[[Kenji Watanabe|Kenji]]', 15, 'People/Kenji Watanabe.md', null, null],
      ['[[Layla Haddad]]', 15, 'People/Layla Haddad.md', null, null],
      // folder: index.md
      ['[my health area](./Areas/Health/)', 16, 'Areas/Health/index.md', null, null],
      ['[[Reading List]]', 17, 'Resources/Reading List.md', null, null],
      ['[[東京メモ]]', 18, '日本語/東京メモ.md', null, null],
      ['[[ملاحظة]]', 18, 'عربي/ملاحظة.md', null, null],
      ['[[Inbox]]', 23, 'Inbox.md', null, null],
      ['[the archive](Archive/Old/Index.md)', 25, 'Archive/Old/Index.md', null, null]
    ]
  ],
  [
    'Meetings/2026-11-03 Kickoff.md',
    [
      ['[[Layla Haddad]]', 8, 'People/Layla Haddad.md', null, null],
      ['[[Ana Souza]]', 8, 'People/Ana Souza.md', null, null],
      ['[Beta plan](../Projects/Beta/Plan.md)', 12, 'Projects/Beta/Plan.md', null, null],
      // reference link
      ['[terms][glossary]', 14, 'Resources/Glossary.md', null, null],
      // reference link with an anchor
      ['[sprint definition][sprint]', 14, 'Resources/Glossary.md', 'sprint', null],
      // missing attachment
      ['![[whiteboard-2026-11-03.jpg]]', 20, null, null, B]
    ]
  ],
  [
    'Meetings/Retro.md',
    [
      ['[[Overview]]', 9, 'Projects/Alpha/Overview.md', null, null],
      // renamed to Meetings/Weekly Sync.md
      ['[[Meeting Notes]]', 13, null, null, B],
      [
        '[[Setup Guide#Troubleshooting]]',
        17,
        'Projects/Alpha/Setup Guide.md',
        'troubleshooting',
        null
      ],
      ['[[Archive/2025/Meetings/Retro|retro]]', 18, 'Archive/2025/Meetings/Retro.md', null, null]
    ]
  ],
  [
    'Meetings/Weekly Sync.md',
    [
      // self-link, %20
      ['[this page](Weekly%20Sync.md)', 8, 'Meetings/Weekly Sync.md', null, null],
      ['[[Roadmap#Q4 2026]]', 12, 'Projects/Alpha/Roadmap.md', 'q4-2026', null],
      ['[[Research#^finding-email]]', 13, 'Projects/Beta/Research.md', '^finding-email', null],
      ['[kickoff](2026-11-03%20Kickoff.md)', 14, 'Meetings/2026-11-03 Kickoff.md', null, null],
      // closest heading is Budget 2026
      ['[[Finance#Budget2026]]', 18, 'Areas/Finance.md', null, AM],
      // root-relative
      ['[the plan](/Projects/Alpha/Plan.md#budget)', 18, 'Projects/Alpha/Plan.md', 'budget', null]
    ]
  ],
  [
    'People/Ana Souza.md',
    [
      ['[[Project Alpha]]', 9, 'Projects/Alpha/Overview.md', null, null],
      ['[[Decisions]]', 18, 'Projects/Alpha/Decisions.md', null, null],
      ['[[Layla Haddad|Layla]]', 19, 'People/Layla Haddad.md', null, null],
      // case differs from Setup Guide.md
      ['[[setup guide]]', 20, 'Projects/Alpha/Setup Guide.md', null, null],
      [
        '[requirements](../Projects/Alpha/Setup%20Guide.md#requirements)',
        20,
        'Projects/Alpha/Setup Guide.md',
        'requirements',
        null
      ]
    ]
  ],
  [
    'People/Kenji Watanabe.md',
    [
      ['[[東京メモ#交通]]', 10, '日本語/東京メモ.md', '交通', null],
      [
        '[[Decisions#2026-10-12 Database]]',
        18,
        'Projects/Alpha/Decisions.md',
        '2026-10-12-database',
        null
      ]
    ]
  ],
  [
    'People/Layla Haddad.md',
    [
      ['[[ملاحظة#مقدمة]]', 8, 'عربي/ملاحظة.md', 'مقدمة', null],
      ['[[Projects/Beta/Plan|Beta plan]]', 16, 'Projects/Beta/Plan.md', null, null],
      ['[[Research|Beta research]]', 17, 'Projects/Beta/Research.md', null, null]
    ]
  ],
  [
    'Projects/Alpha/Decisions.md',
    [
      // missing attachment
      ['![First sketch](../../attachments/diagram-v1.png)', 11, null, null, B],
      // the note's folder first: no tie
      ['[[Plan#Budget]]', 20, 'Projects/Alpha/Plan.md', 'budget', null]
    ]
  ],
  [
    'Projects/Alpha/Overview.md',
    [
      ['[[Roadmap]]', 23, 'Projects/Alpha/Roadmap.md', null, null],
      ['[plan](./Plan.md)', 23, 'Projects/Alpha/Plan.md', null, null],
      [
        '[Setup guide](Setup%20Guide.md#installation)',
        24,
        'Projects/Alpha/Setup Guide.md',
        'installation',
        null
      ],
      ['[[Decisions]]', 25, 'Projects/Alpha/Decisions.md', null, null],
      // block id on a paragraph
      ['[[Decisions#^decision-db]]', 25, 'Projects/Alpha/Decisions.md', '^decision-db', null],
      [
        '![Architecture sketch](../../attachments/architecture.svg)',
        26,
        'attachments/architecture.svg',
        null,
        null
      ],
      ['[[Ana Souza]]', 30, 'People/Ana Souza.md', null, null],
      // alias
      ['[[Kenji]]', 30, 'People/Kenji Watanabe.md', null, null],
      ['[[Weekly Sync]]', 30, 'Meetings/Weekly Sync.md', null, null]
    ]
  ],
  [
    'Projects/Alpha/Plan.md',
    [
      ['[[Decisions#^risk-vendor]]', 15, 'Projects/Alpha/Decisions.md', '^risk-vendor', null],
      // renamed: merged into this note
      ['[old spec](./Spec.md)', 15, null, null, B],
      ['[[Finance#Budget 2026]]', 19, 'Areas/Finance.md', 'budget-2026', null],
      ['[[Overview|the project page]]', 21, 'Projects/Alpha/Overview.md', null, null]
    ]
  ],
  [
    'Projects/Alpha/Roadmap.md',
    [
      [
        "[[Projects/Beta/Interviews|Beta's interviews]]",
        10,
        'Projects/Beta/Interviews.md',
        null,
        null
      ],
      // the note's folder first: no tie
      ['[[Plan#Milestones]]', 15, 'Projects/Alpha/Plan.md', 'milestones', null]
    ]
  ],
  [
    'Projects/Alpha/Setup Guide.md',
    [
      ['[[Kenji Watanabe]]', 13, 'People/Kenji Watanabe.md', null, null],
      // deleted note
      ['[[Install Alpha]]', 23, null, null, B],
      // self-link, anchor only
      [
        '[installation steps](#installation)',
        31,
        'Projects/Alpha/Setup Guide.md',
        'installation',
        null
      ],
      // self-link
      ['[[#Configuration]]', 31, 'Projects/Alpha/Setup Guide.md', 'configuration', null]
    ]
  ],
  [
    'Projects/Beta/Interviews.md',
    [
      ['[[Roadmap|roadmap]]', 16, 'Projects/Alpha/Roadmap.md', null, null],
      ['[[2026-11-03 Kickoff]]', 20, 'Meetings/2026-11-03 Kickoff.md', null, null]
    ]
  ],
  [
    'Projects/Beta/Plan.md',
    [
      ['[[Interviews]]', 11, 'Projects/Beta/Interviews.md', null, null],
      ['[[Research]]', 12, 'Projects/Beta/Research.md', null, null],
      // alias
      ['[[Layla]]', 13, 'People/Layla Haddad.md', null, null],
      // embed with a width
      ['![[diagram.png|300]]', 15, 'attachments/diagram.png', null, null]
    ]
  ],
  [
    'Projects/Beta/Research.md',
    [
      ['[[Interviews#Sessions]]', 12, 'Projects/Beta/Interviews.md', 'sessions', null],
      ['[[Projects/Alpha/Overview|Alpha]]', 18, 'Projects/Alpha/Overview.md', null, null],
      ['[The plan](./Plan.md#steps)', 23, 'Projects/Beta/Plan.md', 'steps', null]
    ]
  ],
  [
    'Projects/Gamma/Proposal.md',
    [
      // Japanese alias of Kenji Watanabe.md
      ['[[渡辺さん]]', 7, 'People/Kenji Watanabe.md', null, null],
      ['[[Research#Method]]', 11, 'Projects/Beta/Research.md', 'method', null],
      ['[[Finance]]', 23, 'Areas/Finance.md', null, null]
    ]
  ],
  [
    'Projects/README.md',
    [
      ['[Alpha overview](./Alpha/Overview.md)', 15, 'Projects/Alpha/Overview.md', null, null],
      // no heading anywhere close
      ['[Alpha risk register](Alpha/Plan.md#timeline)', 16, 'Projects/Alpha/Plan.md', null, AM],
      ['[Beta research](Beta/Research.md)', 17, 'Projects/Beta/Research.md', null, null],
      // no .md
      ['[Gamma proposal](Gamma/Proposal)', 18, 'Projects/Gamma/Proposal.md', null, null],
      ['[[Index|home page]]', 20, 'Index.md', null, null]
    ]
  ],
  [
    'Resources/Glossary.md',
    [
      // path suffix
      ['[[Beta/Plan]]', 14, 'Projects/Beta/Plan.md', null, null],
      // self-link
      ['[[#Sprint|sprint]]', 18, 'Resources/Glossary.md', 'sprint', null]
    ]
  ],
  [
    'Resources/Markdown Cheatsheet.md',
    [
      // self-link
      ['[[#Callouts]]', 32, 'Resources/Markdown Cheatsheet.md', 'callouts', null],
      ['[[Glossary#Sprint|sprints]]', 33, 'Resources/Glossary.md', 'sprint', null],
      // no heading anywhere close
      ['[[Glossary#Kanban board]]', 34, 'Resources/Glossary.md', null, AM]
    ]
  ],
  [
    'Resources/Reading List.md',
    [
      ['[[Project Alpha]]', 7, 'Projects/Alpha/Overview.md', null, null],
      ['[読書ノート](../日本語/読書ノート.md)', 8, '日本語/読書ノート.md', null, null],
      ['[[Glossary]]', 13, 'Resources/Glossary.md', null, null],
      ['[[Markdown Cheatsheet]]', 13, 'Resources/Markdown Cheatsheet.md', null, null]
    ]
  ],
  [
    'عربي/ملاحظة.md',
    [
      ['[[Research#Findings|نتائج البحث]]', 15, 'Projects/Beta/Research.md', 'findings', null],
      // self-link
      ['[[#مقدمة]]', 19, 'عربي/ملاحظة.md', 'مقدمة', null],
      // self-link by name
      ['[[ملاحظة#الخلاصة]]', 19, 'عربي/ملاحظة.md', 'الخلاصة', null]
    ]
  ],
  [
    '日本語/東京メモ.md',
    [
      [
        '![東京駅](../attachments/tokyo-station.gif)',
        14,
        'attachments/tokyo-station.gif',
        null,
        null
      ],
      ['[[Kenji Watanabe|渡辺さん]]', 23, 'People/Kenji Watanabe.md', null, null],
      ['[[Projects/Alpha/Overview|Alpha]]', 23, 'Projects/Alpha/Overview.md', null, null]
    ]
  ],
  [
    '日本語/読書ノート.md',
    [
      ['[[東京メモ#食べ物]]', 13, '日本語/東京メモ.md', '食べ物', null],
      ['[[Reading List|読書リスト]]', 14, 'Resources/Reading List.md', null, null]
    ]
  ]
]

/** Every local link of the vault in note order, then link order: where it must resolve. */
export const expectedLinks: Array<ExpectedLink> = byNote.flatMap(([note, rows]) =>
  rows.map(([written, line, path, anchor, rule]) => ({
    note: `${vault}/${note}`,
    written,
    line,
    resolved: path === null ? null : {path: `${vault}/${path}`, anchor},
    rule
  }))
)

/** Notes no other note links to (self-links do not count), sorted. */
export const expectedOrphans: Array<string> = [
  'fixtures/vault/Drafts/Untitled.md',
  'fixtures/vault/Resources/Checklist.md',
  'fixtures/vault/Templates/Checklist.md',
  'fixtures/vault/Templates/Meeting Template.md'
]
