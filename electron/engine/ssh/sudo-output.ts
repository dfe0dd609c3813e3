import { sudoGrantedMarker } from './command-line';

/** Where execute hands a command's decoded output as it arrives; `end` once the command finished normally. */
export interface StreamListener {
  data(stream: 'stdout' | 'stderr', text: string): void;
  end(): void;
}

const redactedSecret = '********';

export function redactSecret(text: string, secret: string | null): string {
  return secret === null || secret.length === 0 ? text : text.replaceAll(secret, redactedSecret);
}

/**
 * Redacts a secret in text that comes in pieces: the secret may be split across two pieces, so the end of what
 * came so far that could still grow into the secret is held back until the next piece (or `end`) settles it.
 * What is emitted adds up to redactSecret of the whole text.
 */
export function redactingStream(
  secret: string | null,
  emit: (text: string) => void,
): { write(text: string): void; end(): void } {
  let held = '';
  const send = (text: string) => {
    if (text !== '') emit(text);
  };
  if (secret === null || secret.length === 0) return { write: send, end() {} };
  return {
    write(text) {
      const joined = held + text;
      // Occurrences are found left to right without overlapping, as replaceAll does; a tail is held only after
      // the last one, so a whole occurrence is never cut in two.
      let lastEnd = 0;
      for (let at = joined.indexOf(secret); at !== -1; at = joined.indexOf(secret, lastEnd))
        lastEnd = at + secret.length;
      let keep = Math.min(secret.length - 1, joined.length - lastEnd);
      while (keep > 0 && !joined.endsWith(secret.slice(0, keep))) keep -= 1;
      held = joined.slice(joined.length - keep);
      send(redactSecret(joined.slice(0, joined.length - keep), secret));
    },
    end() {
      send(held);
      held = '';
    },
  };
}

/**
 * The live view of a sudo'd script: on each stream nothing before sudo's marker line (sudo's own words, or a
 * device echoing the password it was sent, which the stored output keeps redacted), and the password redacted in
 * everything after it (a device may echo stdin late).
 */
export function liveSudoOutput(onOutput: (chunk: string) => void, password: string | null): StreamListener {
  const stdout = afterMarkerLine(redactingStream(password, onOutput));
  const stderr = afterMarkerLine(redactingStream(password, onOutput));
  return {
    data: (stream, text) => (stream === 'stdout' ? stdout : stderr).write(text),
    end() {
      stdout.end();
      stderr.end();
    },
  };
}

function afterMarkerLine(next: { write(text: string): void; end(): void }): {
  write(text: string): void;
  end(): void;
} {
  const markerLine = `${sudoGrantedMarker}\n`;
  // Only the last few characters are kept: the marker may be split across pieces, the rest is dropped anyway.
  let before: string | null = '';
  return {
    write(text) {
      if (before === null) {
        next.write(text);
        return;
      }
      const joined = before + text;
      const at = joined.indexOf(markerLine);
      if (at === -1) {
        before = joined.slice(-(markerLine.length - 1));
        return;
      }
      before = null;
      next.write(joined.slice(at + markerLine.length));
    },
    end: () => next.end(),
  };
}
