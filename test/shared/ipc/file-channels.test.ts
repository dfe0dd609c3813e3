import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelNames, contract, fileDialogOf, suggestedFileName } from '../../../shared/ipc/contract';

describe('file channels: the path comes from main’s dialog', () => {
  it('gives every channel whose request names a file path a save or open dialog, and no other channel', () => {
    const withPath = channelNames.filter((channel) => {
      const request = contract[channel].request;
      return request instanceof z.ZodObject && 'path' in request.shape;
    });
    expect(withPath.sort()).toEqual(['backup:create', 'backup:restore', 'report:export']);
    expect(channelNames.filter((channel) => fileDialogOf(channel) !== null).sort()).toEqual(withPath);
    expect(fileDialogOf('backup:create')?.mode).toBe('save');
    expect(fileDialogOf('report:export')?.mode).toBe('save');
    expect(fileDialogOf('backup:restore')?.mode).toBe('open');
  });

  it('suggests the format as the extension when the channel allows it, else its first', () => {
    const report = fileDialogOf('report:export')?.spec;
    const backup = fileDialogOf('backup:create')?.spec;
    if (!report || !backup) throw new Error('file channels lost their dialogs');
    expect(suggestedFileName(report, { format: 'csv' })).toBe('patchdeck-report.csv');
    expect(suggestedFileName(report, { format: 'exe' })).toBe('patchdeck-report.pdf');
    expect(suggestedFileName(backup, {})).toBe('patchdeck-backup.db');
    expect(suggestedFileName(backup, null)).toBe('patchdeck-backup.db');
  });

  it('marks only the restore as restarting the engine', () => {
    expect(channelNames.filter((channel) => 'restartsEngine' in contract[channel])).toEqual([
      'backup:restore',
    ]);
  });
});
