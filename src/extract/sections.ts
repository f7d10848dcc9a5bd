import type * as Mdast from 'mdast'
import type {Point, Section} from '../types.js'
import {addBlock, convertBlock, convertHeading} from './blocks.js'
import type {Context} from './context.js'

/**
 * The section tree of the body: content before the first heading is a section with
 * `heading: null`; a heading nests under the nearest shallower one.
 */
export function convertSections(root: Mdast.Root, context: Context): Array<Section> {
  const sections: Array<Section> = []
  const stack: Array<Section> = []
  for (const node of root.children) {
    if (node.type === 'yaml' || node.type === 'toml') continue
    if (node.type === 'heading') {
      const heading = convertHeading(node, context)
      const section: Section = {
        id: heading.id,
        depth: heading.depth,
        heading,
        blocks: [],
        sections: []
      }
      // Pop deeper and same-depth sections, and the preamble (depth 0), which holds no headings.
      while (stack.length > 0) {
        const top = stack[stack.length - 1] as Section
        if (top.depth !== 0 && top.depth < heading.depth) break
        stack.pop()
      }
      const parent = stack[stack.length - 1]
      if (parent) parent.sections.push(section)
      else sections.push(section)
      stack.push(section)
      context.section = section.id
      continue
    }
    let current = stack[stack.length - 1]
    if (!current) {
      current = {id: null, depth: 0, heading: null, blocks: [], sections: []}
      sections.push(current)
      stack.push(current)
    }
    addBlock(current.blocks, convertBlock(node, context))
  }
  if (context.positions) for (const section of sections) positionSection(section)
  return sections
}

/** Give a section the range from its heading (or first block) to its last nested block. */
function positionSection(section: Section): Point | null {
  let end: Point | null = null
  const last = section.blocks[section.blocks.length - 1]
  if (last?.position) end = last.position.end
  for (const child of section.sections) end = positionSection(child) ?? end
  if (!end && section.heading?.position) end = section.heading.position.end
  const start = section.heading?.position?.start ?? section.blocks[0]?.position?.start
  if (start && end) section.position = {start, end}
  return end
}
