import { app, dialog, type BrowserWindow } from 'electron';
import path from 'node:path';
import { suggestedFileName, type fileDialogOf } from '../../shared/ipc/contract';

/** What a file channel needs chosen before it runs (see `savesFile` / `opensFile` in the contract). */
export type FileDialog = NonNullable<ReturnType<typeof fileDialogOf>>;

/** Ask the technician for the file (or files, for a `multiple` open); none when they cancel. */
export type ChooseFile = (dialog: FileDialog, request: unknown) => Promise<readonly string[]>;

/**
 * Electron's own save and open dialogs, attached to the console window and starting in the documents folder.
 * The renderer only says what to write (format, options); the path is whatever the technician picks here.
 */
export function electronFileChooser(window: BrowserWindow): ChooseFile {
  return async ({ mode, spec }, request) => {
    const filters = [
      {
        name: spec.extensions.map((extension) => extension.toUpperCase()).join(', '),
        extensions: [...spec.extensions],
      },
    ];
    const documents = app.getPath('documents');
    if (mode === 'save') {
      const answer = await dialog.showSaveDialog(window, {
        title: spec.title,
        defaultPath: path.join(documents, suggestedFileName(spec, request)),
        filters,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      return answer.canceled || !answer.filePath ? [] : [answer.filePath];
    }
    const answer = await dialog.showOpenDialog(window, {
      title: spec.title,
      defaultPath: documents,
      filters,
      properties: spec.multiple ? ['openFile', 'multiSelections'] : ['openFile'],
    });
    return answer.canceled ? [] : answer.filePaths;
  };
}
