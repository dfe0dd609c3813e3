import { describe, expect, it } from 'vitest';
import { asTerminalShows } from '../../../../renderer/src/pages/jobs/terminal-text';

describe('asTerminalShows', () => {
  it('keeps what the last redraw of a line wrote, as dpkg leaves its progress', () => {
    // Shortened from `apt-get install` on a Debian 12 fleet host (pd-hello 1.0-1 → 1.2-1).
    const dpkg =
      '(Reading database ... \r(Reading database ... 5%\r(Reading database ... 100%\r' +
      '(Reading database ... 7496 files and directories currently installed.)\n' +
      'Preparing to unpack .../pd-hello_1.2-1_all.deb ...\n';
    expect(asTerminalShows(dpkg)).toBe(
      '(Reading database ... 7496 files and directories currently installed.)\n' +
        'Preparing to unpack .../pd-hello_1.2-1_all.deb ...\n',
    );
  });

  it('leaves the end of a longer line when a shorter redraw overwrites only its start', () => {
    expect(asTerminalShows('Progress: 100%\rDone')).toBe('Doneress: 100%');
  });

  it('treats CRLF line ends and a trailing carriage return as no overwrite', () => {
    expect(asTerminalShows('one\r\ntwo\r\n')).toBe('one\ntwo\n');
    // A chunk can end right after the carriage return, before the redraw arrives: the line stays as it was.
    expect(asTerminalShows('Unpacking 40%\r')).toBe('Unpacking 40%');
  });

  it('returns output without carriage returns unchanged', () => {
    expect(asTerminalShows('')).toBe('');
    expect(asTerminalShows('a\n\nb')).toBe('a\n\nb');
  });
});
