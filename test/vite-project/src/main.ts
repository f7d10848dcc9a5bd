import {notes, posts} from 'virtual:md2data'
import about from '../about.md?data'

const list = document.querySelector('#posts') as HTMLElement
list.replaceChildren()
for (const post of posts) {
  // Valid front matter is the schema's output, as JSON has it: `date` is an ISO string.
  if (!post.frontmatter?.valid) continue
  const {title, date} = post.frontmatter.data
  const item = document.createElement('li')
  item.textContent = `${title} (${new Date(date).getUTCFullYear()})`
  list.append(item)
}
document.title = `${about.title ?? 'About'}: ${posts.length} posts, ${notes.length} notes`

// Saving a note re-imports this module with the new documents.
if (import.meta.hot) import.meta.hot.accept()
