/**
 * A value quoted in a message as a Markdown code span, fenced as CommonMark needs it to come out
 * as written: with one backtick more than its longest run of backticks (``` ``[`publishDate`]`` ```),
 * and a space inside the fence when the value starts or ends with a backtick, or starts and ends
 * with a space (which CommonMark would strip), or is empty.
 */
export function code(text: string): string {
  let longest = 0
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length)
  const fence = '`'.repeat(longest + 1)
  const pad = text === '' || /^`|`$/.test(text) || /^ [^]*[^ ][^]* $/.test(text) ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}
