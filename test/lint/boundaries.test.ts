import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The lint configuration is part of the architecture: these are the imports it must refuse and allow. */
describe('lint boundaries between runtime zones', () => {
  const eslint = new ESLint({ cwd: process.cwd() });

  async function problems(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((message) => message.ruleId?.startsWith('no-restricted')).map((message) => message.message);
  }

  it.each([
    ['renderer/src/pages/x.tsx', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;", 'Only electron/main and electron/preload import electron.'],
    ['renderer/src/pages/x.tsx', "import fs from 'node:fs';\nexport const x = fs;", 'This zone runs without Node.'],
    ['renderer/src/pages/x.tsx', "import { createEngine } from '../../../electron/engine/create-engine';\nexport const x = createEngine;", 'The renderer and shared/ never import electron/ code.'],
    ['renderer/src/pages/x.tsx', 'export const x = window.patchdeck;', 'Only renderer/src/ipc/api.ts touches window.patchdeck; components use stores.'],
    ['shared/domain/x.ts', "import path from 'node:path';\nexport const x = path;", 'This zone runs without Node.'],
    ['shared/domain/x.ts', "import React from 'react';\nexport const x = React;", 'React belongs to the renderer.'],
    ['electron/engine/inventory/x.ts', "import { app } from 'electron';\nexport const x = app;", 'Only electron/main and electron/preload import electron.'],
    ['electron/engine/inventory/x.ts', "import Database from 'better-sqlite3';\nexport const x = Database;", 'Only electron/engine/db imports better-sqlite3.'],
    ['electron/engine/inventory/x.ts', "import { NodeSSH } from 'node-ssh';\nexport const x = NodeSSH;", 'Only electron/engine/ssh imports node-ssh.'],
    ['electron/engine/inventory/x.ts', "import { Button } from '../../../renderer/src/ui/button';\nexport const x = Button;", 'Only the renderer imports renderer code.'],
    ['electron/cli/x.ts', "import { BrowserWindow } from 'electron';\nexport const x = BrowserWindow;", 'Only electron/main and electron/preload import electron.'],
    ['electron/main/window.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;", 'Only electron/main/ipc-register.ts imports ipcMain.'],
    ['electron/preload/index.ts', "import { contract } from '../../shared/ipc/contract';\nexport const x = contract;", 'The preload imports channel-names, not the zod contract.'],
  ])('refuses in %s: %s', async (filePath, code, expected) => {
    expect((await problems(filePath, code)).join('\n')).toContain(expected);
  });

  it.each([
    ['electron/engine/db/x.ts', "import Database from 'better-sqlite3';\nexport const x = Database;"],
    ['electron/engine/ssh/x.ts', "import { NodeSSH } from 'node-ssh';\nexport const x = NodeSSH;"],
    ['electron/main/ipc-register.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;"],
    ['electron/preload/index.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;"],
    ['renderer/src/ipc/api.ts', 'export const x = window.patchdeck;'],
    ['renderer/src/pages/x.tsx', "import { Client } from '../../../shared/domain/fleet';\nexport const x = Client;"],
    ['electron/engine/inventory/x.ts', "import fs from 'node:fs';\nexport const x = fs;"],
  ])('allows in %s: %s', async (filePath, code) => {
    expect(await problems(filePath, code)).toEqual([]);
  });
});
