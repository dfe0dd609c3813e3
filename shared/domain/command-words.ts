/**
 * A pre- or post-command as the technician types it (the policy editor's field, the CLI's `--pre-command`), read
 * into its argument list the way a POSIX shell splits
 * words: blanks separate words, '…' keeps everything literally, "…" keeps blanks (a backslash escapes " and \
 * there), and a backslash outside quotes keeps the next character. That is all: nothing is expanded, and
 * ; | & $ are plain characters of a word, because the list is never handed to a shell (the deploy engine runs it
 * as argv through a fixed script).
 */
export function commandWords(text: string): { ok: true; words: string[] } | { ok: false; error: string } {
  const words: string[] = [];
  let word: string | null = null;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charAt(index);
    if (char === ' ' || char === '\t') {
      if (word !== null) words.push(word);
      word = null;
    } else if (char === "'") {
      const end = text.indexOf("'", index + 1);
      if (end === -1) return { ok: false, error: 'A single quote is not closed.' };
      word = (word ?? '') + text.slice(index + 1, end);
      index = end;
    } else if (char === '"') {
      let quoted = '';
      let closed = false;
      for (index += 1; index < text.length; index += 1) {
        const inner = text.charAt(index);
        if (inner === '"') {
          closed = true;
          break;
        }
        const next = text.charAt(index + 1);
        if (inner === '\\' && (next === '"' || next === '\\')) {
          quoted += next;
          index += 1;
        } else quoted += inner;
      }
      if (!closed) return { ok: false, error: 'A double quote is not closed.' };
      word = (word ?? '') + quoted;
    } else if (char === '\\') {
      if (index + 1 >= text.length) return { ok: false, error: 'A backslash at the end escapes nothing.' };
      word = (word ?? '') + text.charAt(index + 1);
      index += 1;
    } else word = (word ?? '') + char;
  }
  if (word !== null) words.push(word);
  return { ok: true, words };
}

/** The argument list written back as the field shows it: words that need it in single quotes, so it reads back the same. */
export function commandText(words: readonly string[]): string {
  return words
    .map((word) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`))
    .join(' ');
}
