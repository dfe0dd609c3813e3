import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Electron's binary is not part of this machine's install: the few Electron calls these main-process files make are
// stood in for below. What is tested is Patchdeck's own logic around them, run in Node as Electron's main runs it.
const electron = vi.hoisted(() => ({
  ipcHandlers: new Map<string, (event: unknown, raw: unknown) => Promise<unknown>>(),
  protocolHandler: null as null | ((request: Request) => Promise<Response>),
}));
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, raw: unknown) => Promise<unknown>) =>
      electron.ipcHandlers.set(channel, handler),
  },
  protocol: {
    registerSchemesAsPrivileged: () => {},
    handle: (_scheme: string, handler: (request: Request) => Promise<Response>) => {
      electron.protocolHandler = handler;
    },
  },
  // Chromium's file:// loader: the file's bytes, or a failed load.
  net: { fetch: async (url: string) => new Response(readFileSync(fileURLToPath(url))) },
}));

const { isAppUrl, serveRenderer } = await import('../../../electron/main/app-protocol');
const { registerIpc } = await import('../../../electron/main/ipc-register');

describe('which pages are the console’s own', () => {
  it('knows the app’s pages by scheme and host, as main’s Node URL parser sees them', () => {
    // Node does not know app: is a standard scheme: every app:// URL has the opaque origin 'null' there.
    expect(new URL('app://patchdeck/index.html').origin).toBe('null');
    expect(isAppUrl('app://patchdeck/index.html')).toBe(true);
    expect(isAppUrl('app://patchdeck/')).toBe(true);
  });

  it.each([
    'app://patchdeck.evil.example/index.html',
    'app://evil/index.html',
    'https://patchdeck/index.html',
    'file:///etc/passwd',
    'null',
    '',
    'about:blank',
  ])('does not take %j for one', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});

describe('IPC from the console window', () => {
  const mainFrame = { url: 'app://patchdeck/index.html' };
  const window = { mainFrame, isDestroyed: () => false, send: () => {} };
  const calls: string[] = [];
  const engine = {
    call: async (channel: string) => {
      calls.push(channel);
      return [];
    },
    onEvent: () => {},
    stop: () => {},
  };
  const warnings: unknown[] = [];
  const log = { info: () => {}, warn: (...args: unknown[]) => warnings.push(args), error: () => {} };
  beforeAll(() => {
    registerIpc(window as never, engine as never, log, {
      restartEngine: async () => {},
      chooseFile: async () => [],
    });
  });

  const invoke = (event: unknown) => electron.ipcHandlers.get('client:list')!(event, {});

  it('lets the console’s own page call the engine', async () => {
    const answer = await invoke({ sender: window, senderFrame: mainFrame });
    expect(answer).toEqual({ ok: true, value: [] });
    expect(calls).toEqual(['client:list']);
  });

  it('refuses a frame of another origin, and a child frame of the console', async () => {
    calls.length = 0;
    const foreign = { url: 'https://evil.example/' };
    const refused = [
      await invoke({ sender: { ...window, mainFrame: foreign }, senderFrame: foreign }),
      await invoke({ sender: window, senderFrame: { url: 'app://patchdeck/index.html' } }),
      await invoke({ sender: window, senderFrame: null }),
    ];
    for (const answer of refused) expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
  });
});

describe('the app:// protocol', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pd-app-protocol-'));
  beforeAll(() => {
    mkdirSync(join(dir, 'renderer'));
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Patchdeck</title>');
    writeFileSync(join(dir, 'secret.txt'), 'not for the renderer');
    serveRenderer(join(dir, 'renderer'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const get = async (url: string) => {
    try {
      const response = await electron.protocolHandler!(new Request(url));
      return {
        status: response.status,
        body: await response.text(),
        csp: response.headers.get('content-security-policy'),
      };
    } catch {
      return { status: 'load failed', body: '', csp: null };
    }
  };

  it('serves the renderer with its Content-Security-Policy: no inline or eval script', async () => {
    const page = await get('app://patchdeck/index.html');
    expect(page.body).toContain('<title>Patchdeck</title>');
    expect(page.csp).toContain("script-src 'self'");
    expect(page.csp).not.toMatch(/unsafe-(inline|eval)/);
  });

  it.each([
    'app://patchdeck/../secret.txt',
    'app://patchdeck/%2e%2e/secret.txt',
    'app://patchdeck/..%2fsecret.txt',
    'app://patchdeck/..%2Fsecret.txt',
    'app://patchdeck/%2e%2e%2fsecret.txt',
    'app://patchdeck/x/..%2f..%2fsecret.txt',
    `app://patchdeck/${encodeURIComponent(join(dir, 'secret.txt'))}`,
    'app://other/../secret.txt',
  ])('never serves a file outside the renderer folder: %s', async (url) => {
    const answer = await get(url);
    expect(answer.body).not.toContain('not for the renderer');
    expect(answer.status).not.toBe(200);
  });
});
