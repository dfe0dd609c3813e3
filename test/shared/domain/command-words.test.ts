import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandText, commandWords } from '../../../shared/domain/command-words';

describe('command words', () => {
  it('splits on blanks and keeps quoted blanks, as a shell would', () => {
    expect(commandWords('  systemctl   stop "my app"\tnow ')).toEqual({
      ok: true,
      words: ['systemctl', 'stop', 'my app', 'now'],
    });
    expect(commandWords(`echo 'a "b"' "c \\"d\\" \\\\" e\\ f`)).toEqual({
      ok: true,
      words: ['echo', 'a "b"', 'c "d" \\', 'e f'],
    });
    expect(commandWords(`x''y "" ''`)).toEqual({ ok: true, words: ['xy', '', ''] });
  });

  it('keeps shell operators as plain words: nothing is ever handed to a shell', () => {
    expect(commandWords('app; reboot && rm -rf / | tee $HOME `id`')).toEqual({
      ok: true,
      words: ['app;', 'reboot', '&&', 'rm', '-rf', '/', '|', 'tee', '$HOME', '`id`'],
    });
  });

  it('names an unclosed quote or a trailing backslash', () => {
    expect(commandWords(`echo 'oops`)).toEqual({ ok: false, error: 'A single quote is not closed.' });
    expect(commandWords('echo "oops')).toEqual({ ok: false, error: 'A double quote is not closed.' });
    expect(commandWords('echo oops\\')).toEqual({
      ok: false,
      error: 'A backslash at the end escapes nothing.',
    });
  });

  it('is empty for a blank field', () => {
    expect(commandWords('   ')).toEqual({ ok: true, words: [] });
  });

  it('reads back any argument list it writes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ minLength: 1 }).filter((word) => !/[\n\r]/.test(word)),
          { maxLength: 6 },
        ),
        (words) => {
          expect(commandWords(commandText(words))).toEqual({ ok: true, words });
        },
      ),
    );
    expect(commandText(['systemctl', 'stop', "bob's app"])).toBe(`systemctl stop 'bob'\\''s app'`);
  });
});
