import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  channelNames,
  contract,
  fileDialogOf,
  suggestedFileName,
  withChosenFiles,
  type RequestInput,
} from '../../../shared/ipc/contract';

describe('file channels: the path comes from main’s dialog', () => {
  it('gives every channel whose request names file paths a save or open dialog, and no other channel', () => {
    const withField = (field: string) =>
      channelNames.filter((channel) => {
        const request = contract[channel].request;
        return request instanceof z.ZodObject && field in request.shape;
      });
    expect(withField('path').sort()).toEqual(['backup:create', 'backup:restore', 'report:export']);
    expect(withField('paths')).toEqual(['feed:import']);
    expect(channelNames.filter((channel) => fileDialogOf(channel) !== null).sort()).toEqual(
      [...withField('path'), ...withField('paths')].sort(),
    );
    expect(fileDialogOf('backup:create')?.mode).toBe('save');
    expect(fileDialogOf('report:export')?.mode).toBe('save');
    expect(fileDialogOf('backup:restore')?.mode).toBe('open');
    // Only the channel that takes several files lets the technician pick several.
    expect(channelNames.filter((channel) => fileDialogOf(channel)?.spec.multiple)).toEqual(
      withField('paths'),
    );
  });

  it('opens feed files several at a time, of the formats the importer reads', () => {
    expect(fileDialogOf('feed:import')).toEqual({
      mode: 'open',
      spec: {
        title: 'Import vulnerability feed files',
        defaultName: 'feeds',
        extensions: ['zip', 'json', 'csv', 'gz'],
        multiple: true,
      },
    });
    // The renderer has no way to name the files: they are not part of what it may send.
    expectTypeOf<keyof RequestInput<'feed:import'>>().toEqualTypeOf<'allowOlder'>();
    expectTypeOf<RequestInput<'backup:restore'>>().not.toHaveProperty('path');
    expectTypeOf<RequestInput<'report:export'>>().toHaveProperty('format');
  });

  it('puts the chosen files over whatever the renderer sent, and nothing when the dialog was cancelled', () => {
    const feeds = fileDialogOf('feed:import')?.spec;
    const restore = fileDialogOf('backup:restore')?.spec;
    const report = fileDialogOf('report:export')?.spec;
    if (!feeds || !restore || !report) throw new Error('file channels lost their dialogs');
    const chosen = ['/home/me/feeds/kev.json', '/home/me/feeds/epss.csv.gz'];
    expect(withChosenFiles(feeds, { paths: ['/etc/shadow'] }, chosen)).toEqual({ paths: chosen });
    expect(withChosenFiles(feeds, undefined, chosen.slice(0, 1))).toEqual({ paths: chosen.slice(0, 1) });
    expect(withChosenFiles(restore, { path: '/etc/shadow' }, ['/backups/a.db'])).toEqual({
      path: '/backups/a.db',
    });
    expect(withChosenFiles(report, { clientId: 3, format: 'csv' }, ['/r/march.csv'])).toEqual({
      clientId: 3,
      format: 'csv',
      path: '/r/march.csv',
    });
    expect(withChosenFiles(feeds, { paths: ['/etc/shadow'] }, [])).toBeNull();
    expect(withChosenFiles(restore, { path: '/etc/shadow' }, [])).toBeNull();
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
