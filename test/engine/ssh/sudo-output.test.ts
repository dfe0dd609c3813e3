import { describe, expect, it } from 'vitest';
import { redactingStream, redactSecret } from '../../../electron/engine/ssh/sudo-output';

/** Feed text to a redacting stream cut at the given places and return what it emitted. */
function streamed(secret: string, text: string, cuts: readonly number[]): string {
  let emitted = '';
  const stream = redactingStream(secret, (chunk) => (emitted += chunk));
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    stream.write(text.slice(from, cut));
    from = cut;
  }
  stream.end();
  return emitted;
}

describe('redacting a secret in output that comes in pieces', () => {
  const secret = `Pd-t3st pa'ss $HOME "x"`;
  const texts = [
    `before ${secret}\nbetween ${secret}${secret}\nPd-t3 after`,
    // Overlapping candidates: "abab" holds "aba" twice, replaceAll takes the first.
    'xabababay',
  ];

  it('emits what redacting the whole text gives, wherever the text is cut in two or three', () => {
    for (const [text, key] of [
      [texts[0]!, secret],
      [texts[1]!, 'aba'],
    ] as const) {
      const whole = redactSecret(text, key);
      for (let first = 0; first <= text.length; first += 1) {
        expect(streamed(key, text, [first])).toBe(whole);
        for (let second = first; second <= text.length; second += 3)
          expect(streamed(key, text, [first, second])).toBe(whole);
      }
    }
  });

  it('holds back only what could still become the secret, so the live view is not delayed otherwise', () => {
    const emitted: string[] = [];
    const stream = redactingStream(secret, (chunk) => emitted.push(chunk));
    stream.write('line one\nPd-t');
    expect(emitted).toEqual(['line one\n']);
    stream.write('ea\n');
    expect(emitted.join('')).toBe('line one\nPd-tea\n');
  });
});
