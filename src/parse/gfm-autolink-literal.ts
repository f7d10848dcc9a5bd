/**
 * GFM autolink literals (`www.x.org`, `https://x.org`, `a@b.org`) for micromark: a TypeScript copy
 * of `lib/syntax.js` of micromark-extension-gfm-autolink-literal 2.1.0
 * (https://github.com/micromark/micromark-extension-gfm-autolink-literal), with two changes.
 *
 * The first change: upstream's `previousUnbalanced(events)` walks back over the event list, at every
 * autolink candidate (every word start may begin an email address), until it meets a label start
 * (`[`, `![`) that is not balanced yet, or a token an earlier walk marked as having none before it.
 * It only caches that "no": once one `[` stays open, every later candidate in the paragraph walks
 * back to it, which is quadratic in the paragraph (`[ ` + `hello world ` × n). Here a walk that
 * finds an open label start also remembers it (per tokenizer, with its index), and the next
 * question is answered from it while that token is still at that index and still unbalanced. The
 * answer is the same: a marker is only ever put after the last open label start, label starts are
 * only ever appended at the end or balanced (never unbalanced again), so while the remembered one
 * is still open, upstream's walk would stop at it or at a later open one, and say "yes" too.
 * A second change, the same way: at each `.` or `_` of a domain (and each trailing punctuation mark
 * of a path), upstream checks whether the rest of the run of punctuation ends the literal, reading
 * it to its end each time: quadratic in the run (`www.a` + `_` × n + `b`, pathological input B5a).
 * From each plain trailing mark of a run (`trail` below) the check reads the same characters in the
 * same state to the same answer, so the answer is remembered for the run it began with.
 * Everything else is upstream's logic, without its long doc comments. `test/autolink-literal.test.ts`
 * and `test/slow/autolink-literal.test.ts` check that both give the same mdast.
 *
 * Upstream's licence:
 *
 * (The MIT License)
 *
 * Copyright (c) 2020 Titus Wormer <tituswormer@gmail.com>
 *
 * Permission is hereby granted, free of charge, to any person obtaining
 * a copy of this software and associated documentation files (the
 * 'Software'), to deal in the Software without restriction, including
 * without limitation the rights to use, copy, modify, merge, publish,
 * distribute, sublicense, and/or sell copies of the Software, and to
 * permit persons to whom the Software is furnished to do so, subject to
 * the following conditions:
 *
 * The above copyright notice and this permission notice shall be
 * included in all copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED 'AS IS', WITHOUT WARRANTY OF ANY KIND,
 * EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
 * MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.
 * IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY
 * CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT,
 * TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
 * SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
 */
import {
  asciiAlpha,
  asciiAlphanumeric,
  asciiControl,
  markdownLineEndingOrSpace,
  unicodePunctuation,
  unicodeWhitespace
} from 'micromark-util-character'
import type {
  Code,
  Construct,
  ConstructRecord,
  Effects,
  Event,
  Extension,
  State,
  Token,
  TokenizeContext
} from 'micromark-util-types'

declare module 'micromark-util-types' {
  interface Token {
    _gfmAutolinkLiteralWalkedInto?: boolean
  }
  interface TokenTypeMap {
    literalAutolink: 'literalAutolink'
    literalAutolinkEmail: 'literalAutolinkEmail'
    literalAutolinkHttp: 'literalAutolinkHttp'
    literalAutolinkWww: 'literalAutolinkWww'
  }
}

const wwwPrefix: Construct = {tokenize: tokenizeWwwPrefix, partial: true}
const domain: Construct = {tokenize: tokenizeDomain, partial: true}
const path: Construct = {tokenize: tokenizePath, partial: true}
const trail: Construct = {tokenize: tokenizeTrail, partial: true}
const emailDomainDotTrail: Construct = {tokenize: tokenizeEmailDomainDotTrail, partial: true}
const wwwAutolink: Construct = {
  name: 'wwwAutolink',
  tokenize: tokenizeWwwAutolink,
  previous: previousWww
}
const protocolAutolink: Construct = {
  name: 'protocolAutolink',
  tokenize: tokenizeProtocolAutolink,
  previous: previousProtocol
}
const emailAutolink: Construct = {
  name: 'emailAutolink',
  tokenize: tokenizeEmailAutolink,
  previous: previousEmail
}

const text: ConstructRecord = {}

/** The micromark extension for GFM autolink literal syntax (as upstream's `gfmAutolinkLiteral()`). */
export function gfmAutolinkLiteral(): Extension {
  return {text}
}

let code = 48
// Add alphanumerics.
while (code < 123) {
  text[code] = emailAutolink
  code++
  if (code === 58) code = 65
  else if (code === 91) code = 97
}
text[43] = emailAutolink
text[45] = emailAutolink
text[46] = emailAutolink
text[95] = emailAutolink
text[72] = [emailAutolink, protocolAutolink]
text[104] = [emailAutolink, protocolAutolink]
text[87] = [emailAutolink, wwwAutolink]
text[119] = [emailAutolink, wwwAutolink]

function tokenizeEmailAutolink(
  this: TokenizeContext,
  effects: Effects,
  ok: State,
  nok: State
): State {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark's context, read by the states
  const self = this
  let dot: boolean | undefined
  let data: boolean | undefined
  return start

  function start(code: Code): State | undefined {
    if (!gfmAtext(code) || !previousEmail.call(self, self.previous) || previousUnbalanced(self)) {
      return nok(code)
    }
    effects.enter('literalAutolink')
    effects.enter('literalAutolinkEmail')
    return atext(code)
  }

  function atext(code: Code): State | undefined {
    if (gfmAtext(code)) {
      effects.consume(code)
      return atext
    }
    if (code === 64) {
      effects.consume(code)
      return emailDomain
    }
    return nok(code)
  }

  function emailDomain(code: Code): State | undefined {
    // Dot followed by alphanumerical (not `-` or `_`).
    if (code === 46) {
      return effects.check(emailDomainDotTrail, emailDomainAfter, emailDomainDot)(code)
    }
    // Alphanumerical, `-`, and `_`.
    if (code === 45 || code === 95 || asciiAlphanumeric(code)) {
      data = true
      effects.consume(code)
      return emailDomain
    }
    return emailDomainAfter(code)
  }

  function emailDomainDot(code: Code): State | undefined {
    effects.consume(code)
    dot = true
    return emailDomain
  }

  function emailDomainAfter(code: Code): State | undefined {
    // Domain must not be empty, must include a dot, and must end in alphabetical.
    if (data && dot && asciiAlpha(self.previous)) {
      effects.exit('literalAutolinkEmail')
      effects.exit('literalAutolink')
      return ok(code)
    }
    return nok(code)
  }
}

function tokenizeWwwAutolink(
  this: TokenizeContext,
  effects: Effects,
  ok: State,
  nok: State
): State {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark's context, read by the states
  const self = this
  return wwwStart

  function wwwStart(code: Code): State | undefined {
    if (
      (code !== 87 && code !== 119) ||
      !previousWww.call(self, self.previous) ||
      previousUnbalanced(self)
    ) {
      return nok(code)
    }
    effects.enter('literalAutolink')
    effects.enter('literalAutolinkWww')
    // Note: we *check*, so we can discard the `www.` we parsed.
    // If it worked, we consider it as a part of the domain.
    return effects.check(
      wwwPrefix,
      effects.attempt(domain, effects.attempt(path, wwwAfter), nok),
      nok
    )(code)
  }

  function wwwAfter(code: Code): State | undefined {
    effects.exit('literalAutolinkWww')
    effects.exit('literalAutolink')
    return ok(code)
  }
}

function tokenizeProtocolAutolink(
  this: TokenizeContext,
  effects: Effects,
  ok: State,
  nok: State
): State {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark's context, read by the states
  const self = this
  let buffer = ''
  let seen = false
  return protocolStart

  function protocolStart(code: Code): State | undefined {
    if (
      (code === 72 || code === 104) &&
      previousProtocol.call(self, self.previous) &&
      !previousUnbalanced(self)
    ) {
      effects.enter('literalAutolink')
      effects.enter('literalAutolinkHttp')
      buffer += String.fromCodePoint(code)
      effects.consume(code)
      return protocolPrefixInside
    }
    return nok(code)
  }

  function protocolPrefixInside(code: Code): State | undefined {
    // `5` is size of `https`
    if (code !== null && asciiAlpha(code) && buffer.length < 5) {
      buffer += String.fromCodePoint(code)
      effects.consume(code)
      return protocolPrefixInside
    }
    if (code === 58) {
      const protocol = buffer.toLowerCase()
      if (protocol === 'http' || protocol === 'https') {
        effects.consume(code)
        return protocolSlashesInside
      }
    }
    return nok(code)
  }

  function protocolSlashesInside(code: Code): State | undefined {
    if (code === 47) {
      effects.consume(code)
      if (seen) return afterProtocol
      seen = true
      return protocolSlashesInside
    }
    return nok(code)
  }

  function afterProtocol(code: Code): State | undefined {
    return code === null ||
      asciiControl(code) ||
      markdownLineEndingOrSpace(code) ||
      unicodeWhitespace(code) ||
      unicodePunctuation(code)
      ? nok(code)
      : effects.attempt(domain, effects.attempt(path, protocolAfter), nok)(code)
  }

  function protocolAfter(code: Code): State | undefined {
    effects.exit('literalAutolinkHttp')
    effects.exit('literalAutolink')
    return ok(code)
  }
}

function tokenizeWwwPrefix(effects: Effects, ok: State, nok: State): State {
  let size = 0
  return wwwPrefixInside

  function wwwPrefixInside(code: Code): State | undefined {
    if ((code === 87 || code === 119) && size < 3) {
      size++
      effects.consume(code)
      return wwwPrefixInside
    }
    if (code === 46 && size === 3) {
      effects.consume(code)
      return wwwPrefixAfter
    }
    return nok(code)
  }

  function wwwPrefixAfter(code: Code): State | undefined {
    // If there is *anything*, we can link.
    return code === null ? nok(code) : ok(code)
  }
}

function tokenizeDomain(effects: Effects, ok: State, nok: State): State {
  let underscoreInLastSegment: boolean | undefined
  let underscoreInLastLastSegment: boolean | undefined
  let seen: boolean | undefined
  return domainInside

  function domainInside(code: Code): State | undefined {
    // A trailing punctuation marker, optionally followed by more, and then an end?
    if (code === 46 || code === 95) {
      return effects.check(trail, domainAfter, domainAtPunctuation)(code)
    }
    // Unicode alphanumerics (GitHub supports `www.點看.com`): anything but punctuation, whitespace.
    if (
      code === null ||
      markdownLineEndingOrSpace(code) ||
      unicodeWhitespace(code) ||
      (code !== 45 && unicodePunctuation(code))
    ) {
      return domainAfter(code)
    }
    seen = true
    effects.consume(code)
    return domainInside
  }

  function domainAtPunctuation(code: Code): State | undefined {
    // There is an underscore in the last segment of the domain
    if (code === 95) {
      underscoreInLastSegment = true
    }
    // Otherwise, it’s a `.`: save the last segment underscore in the penultimate segment slot.
    else {
      underscoreInLastLastSegment = underscoreInLastSegment
      underscoreInLastSegment = undefined
    }
    effects.consume(code)
    return domainInside
  }

  function domainAfter(code: Code): State | undefined {
    if (underscoreInLastLastSegment || underscoreInLastSegment || !seen) {
      return nok(code)
    }
    return ok(code)
  }
}

function tokenizePath(effects: Effects, ok: State): State {
  let sizeOpen = 0
  let sizeClose = 0
  return pathInside

  function pathInside(code: Code): State | undefined {
    if (code === 40) {
      sizeOpen++
      effects.consume(code)
      return pathInside
    }
    // A closing paren with fewer closings than openings is not checked for a trail.
    if (code === 41 && sizeClose < sizeOpen) {
      return pathAtPunctuation(code)
    }
    // Is this trailing punctuation marker optionally followed by more, and then an end?
    if (
      code === 33 ||
      code === 34 ||
      code === 38 ||
      code === 39 ||
      code === 41 ||
      code === 42 ||
      code === 44 ||
      code === 46 ||
      code === 58 ||
      code === 59 ||
      code === 60 ||
      code === 63 ||
      code === 93 ||
      code === 95 ||
      code === 126
    ) {
      return effects.check(trail, ok, pathAtPunctuation)(code)
    }
    if (code === null || markdownLineEndingOrSpace(code) || unicodeWhitespace(code)) {
      return ok(code)
    }
    effects.consume(code)
    return pathInside
  }

  function pathAtPunctuation(code: Code): State | undefined {
    // Count closing parens.
    if (code === 41) sizeClose++
    effects.consume(code)
    return pathInside
  }
}

/**
 * Changed from upstream: the answer of the last trail check, per tokenizer, with the offsets of the
 * run of plain trailing punctuation (`.`, `_`, `!`, …) it began with.
 */
const trails = new WeakMap<TokenizeContext, {from: number; to: number; ok: boolean}>()

/** Regular trailing punctuation: `!"')*,.:;?_~`. */
const trailing = new Set([33, 34, 39, 41, 42, 44, 46, 58, 59, 63, 95, 126])

/** `ok` if this is the trail (not part of the link) followed by an end, `nok` if it is part of it. */
function tokenizeTrail(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  // eslint-disable-next-line @typescript-eslint/no-this-alias -- micromark's context, read by the states
  const self = this
  // Changed from upstream: the answer is the same from every character of the run of plain
  // trailing punctuation the check starts with, so it is remembered for that run (see the top).
  const from = self.now().offset
  let to = from
  let run = true
  const known = trails.get(self)
  if (known && known.from <= from && from < known.to) return known.ok ? ok : nok
  return trail

  function done(result: boolean, code: Code): State | undefined {
    trails.set(self, {from, to, ok: result})
    return result ? ok(code) : nok(code)
  }

  function trail(code: Code): State | undefined {
    // Regular trailing punctuation.
    if (code !== null && trailing.has(code)) {
      if (run) to++
      effects.consume(code)
      return trail
    }
    run = false
    // `&` followed by one or more alphabeticals and then a `;` is, as a whole, trailing punctuation.
    if (code === 38) {
      effects.consume(code)
      return trailCharacterReferenceStart
    }
    // Needed because we allow literals after `[` (cmark-gfm#278): not followed by `(` or `[`.
    if (code === 93) {
      effects.consume(code)
      return trailBracketAfter
    }
    if (
      // `<` is an end.
      code === 60 ||
      // So is whitespace.
      code === null ||
      markdownLineEndingOrSpace(code) ||
      unicodeWhitespace(code)
    ) {
      return done(true, code)
    }
    return done(false, code)
  }

  function trailBracketAfter(code: Code): State | undefined {
    // Whitespace or something that could start a resource or reference is the end.
    if (
      code === null ||
      code === 40 ||
      code === 91 ||
      markdownLineEndingOrSpace(code) ||
      unicodeWhitespace(code)
    ) {
      return done(true, code)
    }
    return trail(code)
  }

  function trailCharacterReferenceStart(code: Code): State | undefined {
    // When non-alpha, it’s not a trail.
    return asciiAlpha(code) ? trailCharacterReferenceInside(code) : done(false, code)
  }

  function trailCharacterReferenceInside(code: Code): State | undefined {
    // Switch back to trail if this is well-formed.
    if (code === 59) {
      effects.consume(code)
      return trail
    }
    if (asciiAlpha(code)) {
      effects.consume(code)
      return trailCharacterReferenceInside
    }
    return done(false, code)
  }
}

/** `ok` if this dot is the trail of an email domain, `nok` if it is part of it. */
function tokenizeEmailDomainDotTrail(effects: Effects, ok: State, nok: State): State {
  return start

  function start(code: Code): State | undefined {
    // Must be dot.
    effects.consume(code)
    return after
  }

  function after(code: Code): State | undefined {
    // Not a trail if alphanumeric.
    return asciiAlphanumeric(code) ? nok(code) : ok(code)
  }
}

// <https://github.com/github/cmark-gfm/blob/ef1cfcb/extensions/autolink.c#L156>
function previousWww(this: TokenizeContext, code: Code): boolean {
  return (
    code === null ||
    code === 40 ||
    code === 42 ||
    code === 95 ||
    code === 91 ||
    code === 93 ||
    code === 126 ||
    markdownLineEndingOrSpace(code)
  )
}

// <https://github.com/github/cmark-gfm/blob/ef1cfcb/extensions/autolink.c#L214>
function previousProtocol(this: TokenizeContext, code: Code): boolean {
  return !asciiAlpha(code)
}

// Do not allow a slash “inside” atext; every other preceding character is allowed.
// <https://github.com/github/cmark-gfm/blob/ef1cfcb/extensions/autolink.c#L307>
function previousEmail(this: TokenizeContext, code: Code): boolean {
  return !(code === 47 || gfmAtext(code))
}

function gfmAtext(code: Code): boolean {
  return code === 43 || code === 45 || code === 46 || code === 95 || asciiAlphanumeric(code)
}

function unbalancedLabel(token: Token): boolean {
  return (token.type === 'labelLink' || token.type === 'labelImage') && !token._balanced
}

/** Changed from upstream: the open label start the last walk found, per tokenizer, with its index. */
const openLabels = new WeakMap<TokenizeContext, {index: number; token: Token}>()

/** Whether a label start (`[`, `![`) is still unbalanced: upstream's walk, remembering a "yes". */
function previousUnbalanced(self: TokenizeContext): boolean {
  const events = self.events
  const known = openLabels.get(self)
  if (known) {
    if (events[known.index]?.[1] === known.token && unbalancedLabel(known.token)) return true
    openLabels.delete(self)
  }

  let index = events.length
  while (index--) {
    const token = (events[index] as Event)[1]
    if (unbalancedLabel(token)) {
      openLabels.set(self, {index, token})
      return true
    }
    // If we’ve seen this token, and it was marked as not having any unbalanced
    // bracket before it, we can exit.
    if (token._gfmAutolinkLiteralWalkedInto) break
  }

  // Mark the last token as “walked into” w/o finding anything.
  const last = events.at(-1)
  if (last) last[1]._gfmAutolinkLiteralWalkedInto = true
  return false
}
