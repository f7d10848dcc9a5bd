#!/usr/bin/env bash
# `npm run test:pack`: pack md2data, install the tarball into a fresh temporary project (as a
# consumer would), and check that remark-parse resolves to the pinned linear micromark, and that
# the installed package converts a note and exports its JSON Schema.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
cd "$work"
printf '{"name":"consumer","private":true,"type":"module"}\n' > package.json
npm install --silent --no-audit --no-fund "./$tarball" >/dev/null
node --input-type=module -e '
import {readFileSync} from "node:fs"
import {createRequire} from "node:module"
import path from "node:path"
import {convert} from "md2data"
import schema from "md2data/schema.json" with {type: "json"}
/** The version of the package that `from` resolves `name` to (walks up from its entry file). */
function version(from, name) {
  let dir = path.dirname(createRequire(from).resolve(name))
  while (!dir.endsWith(path.join("node_modules", name))) dir = path.dirname(dir)
  return [JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).version, path.join(dir, "index.js")]
}
const [fromMarkdownVersion, fromMarkdown] = version(path.resolve("package.json"), "mdast-util-from-markdown")
const [micromark, micromarkEntry] = version(fromMarkdown, "micromark")
const [core] = version(micromarkEntry, "micromark-core-commonmark")
if (micromark !== "4.0.2" || core !== "2.0.3") throw new Error(`remark resolves micromark ${micromark}, micromark-core-commonmark ${core}`)
const document = convert("---\ntitle: Packed\n---\n# Hello\n")
if (document.title !== "Packed" || document.headings[0].id !== "hello") throw new Error("convert failed")
if (schema.title !== "md2data document") throw new Error("schema export failed")
console.log(`packed md2data: mdast-util-from-markdown ${fromMarkdownVersion} resolves micromark ${micromark}, micromark-core-commonmark ${core}; convert and schema.json ok`)
'
# The command line, through the installed bin: its worker is one bundled file, whose dependencies'
# licenses ship beside it (the pinned linear micromark among them).
printf -- '---\ntitle: Packed CLI\n---\n# Hello\n' > note.md
title=$(npx --no-install md2data note.md | node -e 'process.stdin.on("data", (c) => (globalThis.s = (globalThis.s ?? "") + c)).on("end", () => console.log(JSON.parse(globalThis.s).title))')
[ "$title" = "Packed CLI" ] || { echo "packed md2data CLI: title is '$title'"; exit 1; }
grep -q '^micromark@4.0.2 (MIT)$' node_modules/md2data/dist/worker.licenses.txt || { echo "packed md2data: worker.licenses.txt lacks micromark@4.0.2"; exit 1; }
grep -q '^picomatch@[0-9.]* (MIT)$' node_modules/md2data/dist/licenses.txt || { echo "packed md2data: licenses.txt lacks picomatch"; exit 1; }
echo "packed md2data CLI: bundled worker converts a note; licenses.txt lists $(grep -c '^[^ ]*@[0-9][^ ]* (' node_modules/md2data/dist/licenses.txt) packages, worker.licenses.txt $(grep -c '^[^ ]*@[0-9][^ ]* (' node_modules/md2data/dist/worker.licenses.txt) packages"
