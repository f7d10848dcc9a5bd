import GithubSlugger from 'github-slugger'

/** How heading ids are made. */
export type HeadingIds = 'github' | 'normalized'

/** Makes heading ids unique within one document. */
export interface Slugger {
  slug(text: string): string
}

/**
 * A slugger for one document. `github`: github-slugger, as GitHub makes anchors (`経歴`, then
 * `経歴-1`). `normalized`: the same after Unicode NFKC, so full-width letters and digits become
 * ASCII and an ideographic space (U+3000) becomes `-`, as an ASCII space does.
 */
export function createSlugger(mode: HeadingIds): Slugger {
  const slugger = new GithubSlugger()
  if (mode === 'github') return slugger
  return {slug: (text) => slugger.slug(text.normalize('NFKC').replace(/\u3000/g, ' '))}
}
