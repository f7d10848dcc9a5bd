import {closeSync, constants, fstatSync, openSync, readFileSync, readSync} from 'node:fs'
import {createDiagnostic} from '../diagnostics/create.js'
import type {Diagnostic} from '../types.js'
import type {NoteFile} from './files.js'
import {skipped, unreadable} from './files.js'

/**
 * Read a note's bytes: regular files only, opened without blocking (a FIFO never hangs the run),
 * at most `maxSize` bytes. What cannot be read is a diagnostic: `file-unreadable`, `file-skipped`,
 * or `document-too-large` (the note is not read).
 */
export function readNote(
  file: NoteFile,
  maxSize: number
): {bytes: Uint8Array} | {diagnostic: Diagnostic} {
  let fd: number
  try {
    fd = openSync(file.absolute, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    return {diagnostic: unreadable(file.path, error)}
  }
  try {
    const info = fstatSync(fd)
    if (info.isDirectory()) {
      const error = Object.assign(new Error('EISDIR'), {code: 'EISDIR'})
      return {diagnostic: unreadable(file.path, error)}
    }
    if (!info.isFile()) return {diagnostic: skipped(file.path, 'not a regular file')}
    if (info.size > maxSize) {
      const message = `Cannot convert a ${formatSize(info.size)} note, the limit is ${formatSize(maxSize)} (\`--max-size\`); its body is left out`
      return {diagnostic: createDiagnostic('document-too-large', 'error', message, file.path, null)}
    }
    // (`/proc` files say 0 bytes: read to their end.)
    if (info.size === 0) return {bytes: readFileSync(fd)}
    const bytes = Buffer.allocUnsafe(info.size)
    let length = 0
    while (length < info.size) {
      const read = readSync(fd, bytes, length, info.size - length, null)
      if (read === 0) return {bytes: bytes.subarray(0, length)}
      length += read
    }
    return {bytes}
  } catch (error) {
    return {diagnostic: unreadable(file.path, error)}
  } finally {
    closeSync(fd)
  }
}

/** A size for people: `512 B`, `1.5 KiB`, `2.0 MiB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : `${(bytes / 1024).toFixed(1)} KiB`
}
