import {defineConfig} from 'md2data/config'
import {z} from 'zod'

export default defineConfig({
  out: '.md2data',
  collections: {
    posts: {
      include: 'content/posts/**/*.md',
      exclude: ['**/drafts/**'],
      schema: z.object({title: z.string(), date: z.coerce.date()})
    },
    notes: {include: 'vault', syntax: 'obsidian'}
  }
})
