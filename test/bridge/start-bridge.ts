import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventNames } from '../../shared/ipc/channel-names';
import { fileDialogOf, suggestedFileName, withChosenFiles } from '../../shared/ipc/contract';
import { createEngine, type Engine } from '../../electron/engine/create-engine';
import { dispatch, isChannel } from '../../electron/engine/api/dispatch';
import { createHandlers } from '../../electron/engine/api/handlers';
import type { Log } from '../../electron/engine/log';
import { createPassphraseVault } from '../../electron/engine/vault/passphrase-vault';
import type { SecretVault } from '../../electron/engine/vault/secret-vault';
import {
  BRIDGE_CLIENT_PATH,
  BRIDGE_SOCKET_PATH,
  type BridgeMessage,
  type BridgeRequest,
} from './bridge-protocol';

export interface BridgeOptions {
  /** The database; a fresh temp file when absent (removed again on close). */
  readonly dbPath?: string;
  /** The secret vault; by default a passphrase vault with a test passphrase. */
  readonly vault?: SecretVault;
}

/** A file dialog main would have shown, as the bridge saw it. */
export interface ShownFileDialog {
  readonly mode: 'save' | 'open';
  readonly title: string;
  /** The file name main would have suggested. */
  readonly suggested: string;
  /** An open dialog where several files may be picked (e.g. feed files). */
  readonly multiple?: true;
}

/**
 * Stands in for main's save or open dialog: the chosen path or paths (a `multiple` open); null = "cancelled". A
 * promise keeps the "dialog" open until it settles, as a technician still choosing would.
 */
export type BridgeFileChooser = (
  dialog: ShownFileDialog,
) => string | readonly string[] | null | Promise<string | readonly string[] | null>;

export interface Bridge {
  /** The console's address, e.g. http://127.0.0.1:41234/ */
  readonly url: string;
  /** The real engine the page talks to, for arranging data and checking results. */
  readonly engine: Engine;
  /** Bugs the engine hit while answering (dispatch logs them); a test expects none. */
  readonly unexpectedErrors: readonly string[];
  /** A temp folder of the bridge's own; by default a save dialog "chooses" the suggested name in it. */
  readonly fileFolder: string;
  /** Every file dialog a file channel asked for, in order. */
  readonly fileDialogs: readonly ShownFileDialog[];
  /** Answer the next file dialogs with this chooser instead (e.g. a restore's file, or a cancel). */
  chooseFilesWith(chooser: BridgeFileChooser): void;
  close(): Promise<void>;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The repository root: the nearest folder up from the working directory whose package.json is Patchdeck's. */
export function findRepositoryRoot(start = process.cwd()): string {
  for (let folder = path.resolve(start); ; folder = path.dirname(folder)) {
    const manifest = path.join(folder, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'patchdeck')
      return folder;
    if (path.dirname(folder) === folder) throw new Error(`No Patchdeck repository above ${start}.`);
  }
}

/**
 * The page the app would load, plus the bridge: its client script runs before the app's module script, and
 * the CSP lets the page open the bridge's WebSocket. Nothing else in the page changes.
 */
export function bridgeIndexHtml(html: string, socketOrigin: string): string {
  const script = `<script src=".${BRIDGE_CLIENT_PATH}"></script>`;
  const moduleScript = html.search(/<script\b[^>]*type="module"/);
  if (moduleScript < 0)
    throw new Error('The built index.html has no module script to run the bridge before.');
  if (!/connect-src 'self'/.test(html))
    throw new Error("The built index.html's CSP has no connect-src 'self'.");
  const withScript = `${html.slice(0, moduleScript)}${script}\n    ${html.slice(moduleScript)}`;
  return withScript.replace(/connect-src 'self'/, `connect-src 'self' ${socketOrigin}`);
}

async function buildClientScript(root: string): Promise<string> {
  const output = await build({
    entryPoints: [path.join(root, 'test/bridge/bridge-client.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  });
  const file = output.outputFiles[0];
  if (!file) throw new Error('esbuild produced no bridge client script.');
  return file.text;
}

/**
 * Serve the BUILT renderer on 127.0.0.1 against a real engine: the same contract, dispatch and Result envelope
 * as Electron main, with a WebSocket instead of IPC. Fails clearly when `npx vite build` has not been run.
 */
export async function startBridge(options: BridgeOptions = {}): Promise<Bridge> {
  const root = findRepositoryRoot();
  const rendererDir = path.join(root, 'dist/renderer');
  const indexFile = path.join(rendererDir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    throw new Error(
      `${indexFile} is missing: build the renderer first (npx vite build, or npm test which builds).`,
    );
  }
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version as string;
  const clientScript = await buildClientScript(root);

  const tempDir = options.dbPath ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'patchdeck-bridge-'));
  const dbPath = options.dbPath ?? path.join(tempDir ?? '', 'patchdeck.db');
  const engine = createEngine({
    dbPath,
    vault: options.vault ?? createPassphraseVault('test-passphrase'),
    actor: 'ui-test',
  });
  const handlers = createHandlers(engine, { version });
  const unexpectedErrors: string[] = [];
  const log: Log = {
    info() {},
    warn() {},
    error: (message, details) => void unexpectedErrors.push(`${message} ${JSON.stringify(details ?? {})}`),
  };

  // Main's dialog, replaced: a path in the test's own folder, as Electron's dialog would hand main one.
  const fileFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'patchdeck-bridge-files-'));
  const fileDialogs: ShownFileDialog[] = [];
  let chooseFile: BridgeFileChooser = (dialog) => path.join(fileFolder, dialog.suggested);

  let indexHtml = '';
  const server = http.createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://bridge').pathname);
    if (pathname === BRIDGE_CLIENT_PATH) {
      response.writeHead(200, { 'content-type': contentTypes['.js'], 'cache-control': 'no-store' });
      response.end(clientScript);
      return;
    }
    if (pathname === '/' || pathname === '/index.html') {
      response.writeHead(200, { 'content-type': contentTypes['.html'], 'cache-control': 'no-store' });
      response.end(indexHtml);
      return;
    }
    const file = path.join(rendererDir, pathname);
    // Only files inside the built renderer: a crafted path must not read the rest of the disk.
    if (
      !file.startsWith(`${rendererDir}${path.sep}`) ||
      !fs.existsSync(file) ||
      !fs.statSync(file).isFile()
    ) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
    });
    fs.createReadStream(file).pipe(response);
  });

  const sockets = new WebSocketServer({ server, path: BRIDGE_SOCKET_PATH });
  const send = (socket: WebSocket, message: BridgeMessage) => socket.send(JSON.stringify(message));
  sockets.on('connection', (socket) => {
    socket.on('message', async (data) => {
      const message = JSON.parse(String(data)) as BridgeRequest;
      if (!isChannel(message.channel)) {
        const error = {
          code: 'invalid-input' as const,
          message: `Unknown channel '${String(message.channel)}'.`,
        };
        send(socket, { kind: 'answer', id: message.id, result: { ok: false, error } });
        return;
      }
      // The same rule as main: a file channel's path is chosen in the dialog, whatever the page sent.
      const fileDialog = fileDialogOf(message.channel);
      let payload = message.request;
      if (fileDialog) {
        const shown: ShownFileDialog = {
          mode: fileDialog.mode,
          title: fileDialog.spec.title,
          suggested: suggestedFileName(fileDialog.spec, payload),
          ...(fileDialog.spec.multiple ? { multiple: true } : {}),
        };
        fileDialogs.push(shown);
        const answer = await chooseFile(shown);
        const chosen = withChosenFiles(
          fileDialog.spec,
          payload,
          answer === null ? [] : typeof answer === 'string' ? [answer] : answer,
        );
        if (chosen === null) {
          const error = { code: 'cancelled' as const, message: 'No file was chosen.' };
          send(socket, { kind: 'answer', id: message.id, result: { ok: false, error } });
          return;
        }
        payload = chosen;
      }
      const result = await dispatch(
        message.channel,
        payload,
        (channel, request) => handlers[channel](request),
        log,
      );
      send(socket, { kind: 'answer', id: message.id, result });
    });
  });
  const unsubscribers = eventNames.map((event) =>
    engine.events.on(event, (payload) => {
      for (const socket of sockets.clients) send(socket, { kind: 'event', event, payload });
    }),
  );

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  indexHtml = bridgeIndexHtml(fs.readFileSync(indexFile, 'utf8'), `ws://127.0.0.1:${port}`);

  return {
    url: `http://127.0.0.1:${port}/`,
    engine,
    unexpectedErrors,
    fileFolder,
    fileDialogs,
    chooseFilesWith(chooser) {
      chooseFile = chooser;
    },
    async close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      for (const socket of sockets.clients) socket.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      engine.close();
      if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
      fs.rmSync(fileFolder, { recursive: true, force: true });
    },
  };
}
