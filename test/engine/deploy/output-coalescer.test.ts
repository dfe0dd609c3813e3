import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesceOutput, type StreamedStep } from '../../../electron/engine/deploy/output-coalescer';

describe('coalescing a device’s live output', () => {
  let sent: [StreamedStep, string, number][];
  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
  });
  afterEach(() => vi.useRealTimers());
  const record = (step: StreamedStep, text: string) => sent.push([step, text, Date.now()]);

  it('sends at most one event per interval, with every chunk in order', () => {
    const output = coalesceOutput(record, 100);
    const started = Date.now();
    for (let chunk = 0; chunk < 50; chunk += 1) {
      output.push('install', `line ${chunk}\n`);
      vi.advanceTimersByTime(10);
    }
    output.flush();
    expect(sent.map(([, text]) => text).join('')).toBe(
      Array.from({ length: 50 }, (_, chunk) => `line ${chunk}\n`).join(''),
    );
    expect(sent).toHaveLength(5);
    expect(sent.slice(0, 4).map(([, , at]) => at - started)).toEqual([100, 200, 300, 400]);
  });

  it('sends the previous step’s text before a new step’s, and nothing for empty chunks', () => {
    const output = coalesceOutput(record, 100);
    output.push('pre-command', 'stopped app\n');
    output.push('pre-command', '');
    output.push('install', 'Unpacking\n');
    vi.advanceTimersByTime(100);
    output.flush();
    expect(sent.map(([step, text]) => [step, text])).toEqual([
      ['pre-command', 'stopped app\n'],
      ['install', 'Unpacking\n'],
    ]);
  });

  it('flush with nothing held sends nothing and leaves no timer behind', () => {
    const output = coalesceOutput(record, 100);
    output.push('install', 'x');
    output.flush();
    output.flush();
    vi.advanceTimersByTime(1000);
    expect(sent.map(([, text]) => text)).toEqual(['x']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
