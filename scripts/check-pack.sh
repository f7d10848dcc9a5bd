#!/usr/bin/env bash
# `npm run test:pack`: pack md2data, check what the tarball ships, install it into a fresh temporary
# project (as a consumer would) and check it there: the exports, the command line, the bundled
# (pinned) micromark, that no bundled package is installed a second time, that ajv loads only
# when a JSON Schema is used, `require('md2data')` on Node.js 20.19 and later, and `md2data/vite` in
# a Vite project. Prints the tarball's and the install's sizes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
npm run build --silent >/dev/null
npm pack --ignore-scripts --json --pack-destination "$work" >"$work/pack.json"
tarball=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[0].filename' "$work/pack.json")

# What ships: no source maps (the sources do not ship), the license, and every file the README and
# docs/ link to, so that their relative links work on the package's page.
node -e '
const [pack] = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
const files = new Set(pack.files.map((file) => file.path))
const fail = (message) => { console.error(`packed md2data: ${message}`); process.exit(1) }
const maps = [...files].filter((file) => file.endsWith(".map"))
if (maps.length > 0) fail(`ships source maps without their sources: ${maps.join(", ")}`)
if (!files.has("LICENSE")) fail("ships no LICENSE")
const path = require("path")
for (const page of [...files].filter((file) => file.endsWith(".md"))) {
  const text = require("fs").readFileSync(page, "utf8")
    .replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, "").replace(/`[^`\n]*`/g, "")
  for (const [, target] of text.matchAll(/\]\(([^)\s#]+)[^)\s]*\)/g)) {
    if (/^[a-z]+:/.test(target)) continue
    const file = path.posix.join(path.posix.dirname(page), target)
    if (!files.has(file) && ![...files].some((shipped) => shipped.startsWith(`${file}/`)))
      fail(`${page} links to ${target}, which does not ship`)
  }
}
console.log(`packed md2data: ${pack.filename}, ${pack.size} bytes packed, ${pack.unpackedSize} unpacked, ${pack.entryCount} files, no source maps, LICENSE, every linked file`)
' "$work/pack.json"

cd "$work"
printf '{"name":"consumer","private":true,"type":"module"}\n' > package.json
npm install --silent --no-audit --no-fund "./$tarball" >/dev/null
echo "installed md2data: node_modules $(du -sh node_modules | cut -f1), $(npm ls --all --parseable | tail -n +2 | wc -l | tr -d ' ') packages, md2data itself $(du -sh node_modules/md2data | cut -f1)"

# Code shipped once: no package bundled in dist/ is installed as well.
for list in node_modules/md2data/dist/licenses.txt node_modules/md2data/dist/ajv.licenses.txt; do
  for name in $(grep -oE '^[^ ]+@[0-9][^ ]* \(' "$list" | sed -E 's/@[0-9][^@]*$//'); do
    if [ -e "node_modules/$name/package.json" ]; then
      echo "packed md2data: $name is bundled in dist/ ($list) and installed too"
      exit 1
    fi
  done
done
# The pinned linear micromark is what is bundled (the next versions are quadratic).
grep -q '^micromark@4.0.2 (MIT)$' node_modules/md2data/dist/licenses.txt || { echo "packed md2data: licenses.txt lacks micromark@4.0.2"; exit 1; }
grep -q '^micromark-core-commonmark@2.0.3 (MIT)$' node_modules/md2data/dist/licenses.txt || { echo "packed md2data: licenses.txt lacks micromark-core-commonmark@2.0.3"; exit 1; }

node --input-type=module -e '
import {createRequire} from "node:module"
import schema from "md2data/schema.json" with {type: "json"}
const require = createRequire(import.meta.url)
const ajv = () => Object.keys(require("node:module")._cache).filter((file) => /ajv/.test(file))
const md2data = await import("md2data")
await import("md2data/batch")
if (ajv().length > 0) throw new Error(`import "md2data" loads ajv: ${ajv().join(", ")}`)
const document = md2data.convert("---\ntitle: Packed\n---\n# Hello\n")
if (document.title !== "Packed" || document.headings[0].id !== "hello") throw new Error("convert failed")
if (schema.title !== "md2data document") throw new Error("schema export failed")
const checked = md2data.convert("---\ntitle: 1\n---\n", {schema: md2data.jsonSchema({properties: {title: {type: "string"}}})})
if (checked.frontmatter.valid !== false || ajv().length === 0) throw new Error("jsonSchema did not validate with ajv")
console.log("packed md2data: convert and schema.json ok; ajv loaded only by jsonSchema()")
'
# `require("md2data")` (require of an ES module) from Node.js 20.19.
if node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  node -e 'const {convert} = require("md2data"); if (convert("# Hi\n").title !== "Hi") process.exit(1); console.log(`packed md2data: require("md2data") ok on Node.js ${process.version}`)' 2>&1 | grep -v ExperimentalWarning
fi
# The command line, through the installed bin: it converts in a worker.
printf -- '---\ntitle: Packed CLI\n---\n# Hello\n' > note.md
title=$(npx --no-install md2data note.md | node -e 'process.stdin.on("data", (c) => (globalThis.s = (globalThis.s ?? "") + c)).on("end", () => console.log(JSON.parse(globalThis.s).title))')
[ "$title" = "Packed CLI" ] || { echo "packed md2data CLI: title is '$title'"; exit 1; }
echo "packed md2data CLI: converts a note; dist/licenses.txt lists $(grep -c '^[^ ]*@[0-9][^ ]* (' node_modules/md2data/dist/licenses.txt) bundled packages, dist/ajv.licenses.txt $(grep -c '^[^ ]*@[0-9][^ ]* (' node_modules/md2data/dist/ajv.licenses.txt)"

# `md2data/vite` in a fresh Vite project (Vite from the registry, the version the repository tests):
# a `?data` note and a collection of a config, built; an invalid note fails the build at file:line:col.
vite=$(node -p 'require(process.argv[1]).version' "$root/node_modules/vite/package.json")
npm install --silent --no-audit --no-fund "vite@$vite" >/dev/null
mkdir -p site/posts && cd site
printf '{"name":"site","private":true,"type":"module"}\n' > package.json
ln -s ../node_modules node_modules
printf "import md2data from 'md2data/vite'\nexport default {plugins: [md2data()]}\n" > vite.config.js
printf "export default {collections: {posts: {include: 'posts'}}}\n" > md2data.config.mjs
printf '<script type="module" src="/main.js"></script>\n' > index.html
printf "import {posts} from 'virtual:md2data'\nimport about from './about.md?data'\nconsole.log(about.title, posts.map((post) => post.title))\n" > main.js
printf '# Packed about\n' > about.md
printf -- '---\ntitle: Packed post\n---\n# Post\n' > posts/a.md
npx --no-install vite build --logLevel error >/dev/null
grep -q 'Packed about' dist/assets/*.js && grep -q 'Packed post' dist/assets/*.js || { echo "packed md2data/vite: the build lacks the notes"; exit 1; }
printf -- '---\ntitle: [unclosed\n---\n# Post\n' > posts/a.md
if npx --no-install vite build --logLevel error >build.log 2>&1; then echo "packed md2data/vite: an invalid note did not fail the build"; exit 1; fi
grep -q 'posts/a.md:2:' build.log || { echo "packed md2data/vite: no file:line:col in the failed build:"; cat build.log; exit 1; }
echo "packed md2data/vite: vite@$vite builds a ?data note and a collection; an invalid note fails the build at posts/a.md:2"
