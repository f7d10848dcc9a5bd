/**
 * Query parameters that only track where a visitor came from. A parameter is removed when its
 * name (case-insensitive) is in this list or starts with `utm_`.
 */
export const trackingParameters: ReadonlyArray<string> = [
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'mc_cid',
  'mc_eid',
  'yclid',
  'igshid',
  'twclid',
  'ttclid',
  'li_fat_id',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'rb_clickid',
  's_cid',
  'ck_subscriber_id'
]

const tracking = new Set(trackingParameters)

/**
 * Remove tracking parameters (`utm_*`, `fbclid`, `gclid`, …) from a URL and change nothing else:
 * no re-encoding, no case change, the order of the other parameters and the fragment kept. A URL
 * that cannot be parsed (even relative to a base) is returned as is.
 */
export function normalizeUrl(url: string): string {
  const hash = url.indexOf('#')
  const end = hash === -1 ? url.length : hash
  const query = url.indexOf('?')
  if (query === -1 || query > end) return url

  const kept: Array<string> = []
  let removed = false
  for (const part of url.slice(query + 1, end).split('&')) {
    const raw = part.split('=', 1)[0] as string
    const name = (/[%+]/.test(raw) ? safeDecode(raw) : raw).toLowerCase()
    if (name.startsWith('utm_') || tracking.has(name)) removed = true
    else kept.push(part)
  }
  if (!removed || !URL.canParse(url, 'https://base.invalid/')) return url
  return url.slice(0, query) + (kept.length > 0 ? `?${kept.join('&')}` : '') + url.slice(end)
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '))
  } catch {
    return value
  }
}
