import { StringDecoder } from 'node:string_decoder';
import type { Client, ClientChannel } from 'ssh2';
import { AppError } from '../../../shared/errors';
import type { RemoteOutput, RemoteScript } from '../platforms/types';
import { buildCommandLine, scriptInput, sudoGrantedMarker } from './command-line';
import { liveSudoOutput, redactSecret, type StreamListener } from './sudo-output';
import type { SshSudo } from './target';

/** Limits for one remote command. */
export interface RunOptions {
  /** Stop waiting after this long (default 10 minutes) and close the command's channel. */
  readonly timeoutMs?: number;
  /** Aborting closes the command's channel and rejects with 'cancelled'. */
  readonly signal?: AbortSignal;
  /** Stdout and stderr together may not exceed this (default 64 MiB); beyond it the run fails. */
  readonly maxOutputBytes?: number;
  /**
   * Called with stdout and stderr text as it arrives, for a live view; the resolved output is still complete.
   * A character split across packets is held back until it is whole. For a sudo'd script nothing before sudo's
   * marker line is passed on, and never the sudo password.
   */
  readonly onOutput?: (chunk: string) => void;
}

export const defaultCommandTimeoutMs = 10 * 60_000;
export const defaultMaxOutputBytes = 64 * 1024 * 1024;

/** The signed-in connection a script runs over, as connect.ts hands it out. */
export interface OpenConnection {
  readonly client: Client;
  /** The device as messages name it. */
  readonly device: string;
  readonly sudo: SshSudo;
  /** Why the connection ended, when it ended by itself (keepalive timeout, reset); undefined while it is up. */
  readonly connectionLoss: () => AppError | undefined;
}

/**
 * Run one Patchdeck script on an open connection and collect its output. sh scripts marked `sudo` go through
 * `sudo -S` when the device has sudo configured; the password travels on stdin only. A refusal by sudo is
 * 'auth-failed' with sudo's own words; the password never appears in any message, output or live chunk, even
 * from a device that echoes stdin.
 */
export async function runScript(
  connection: OpenConnection,
  script: RemoteScript,
  args: readonly string[],
  options: RunOptions,
): Promise<RemoteOutput> {
  const { sudo, device } = connection;
  const viaSudo = script.sudo && script.shell === 'sh' && sudo !== null;
  const commandLine = buildCommandLine(script, args, viaSudo);
  if (!viaSudo) return execute(connection, commandLine, scriptInput(script, args), options);
  const stdin = sudo.password === null ? '' : `${sudo.password}\n`;
  const { onOutput } = options;
  const output = await execute(
    connection,
    commandLine,
    stdin,
    onOutput === undefined ? options : { ...options, onStreams: liveSudoOutput(onOutput, sudo.password) },
  );
  return withoutSudoMarker(output, device, sudo.password);
}

function withoutSudoMarker(output: RemoteOutput, device: string, password: string | null): RemoteOutput {
  const markerLine = `${sudoGrantedMarker}\n`;
  const at = output.stderr.indexOf(markerLine);
  if (at === -1) {
    // sudo's lines ("sudo: a password is required") read as one sentence: "refused sudo: a password is required."
    const said = redactSecret(output.stderr, password)
      .split('\n')
      .map((line) =>
        line
          .trim()
          .replace(/^sudo: /, '')
          .replace(/\.$/, ''),
      )
      .filter((line) => line.length > 0)
      .join('; ');
    throw new AppError(
      'auth-failed',
      `${device} refused sudo: ${said.length > 0 ? said : `sudo exited with code ${String(output.exitCode)} and said nothing`}.`,
    );
  }
  // What came before the marker (sudo's warnings, a banner) is kept for the record, as is; only the password is not.
  const withoutMarker = (text: string) => {
    const marked = text.indexOf(markerLine);
    return marked === -1 ? text : text.slice(0, marked) + text.slice(marked + markerLine.length);
  };
  return {
    ...output,
    stdout: redactSecret(withoutMarker(output.stdout), password),
    stderr: redactSecret(withoutMarker(output.stderr), password),
  };
}

function execute(
  connection: OpenConnection,
  commandLine: string,
  stdin: string,
  options: RunOptions & { readonly onStreams?: StreamListener },
): Promise<RemoteOutput> {
  const { client, device } = connection;
  const timeoutMs = options.timeoutMs ?? defaultCommandTimeoutMs;
  const maxOutputBytes = options.maxOutputBytes ?? defaultMaxOutputBytes;
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(cancelledError(device));

  return new Promise<RemoteOutput>((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let outputBytes = 0;
    let exit: { code: number | null } | undefined;
    let channel: ClientChannel | undefined;
    let settled = false;

    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    // Only the channel is closed, nothing is killed: sshd would signal just the login shell (its children live on),
    // and killing dpkg or an installer halfway breaks the device worse than letting it finish. Once the channel is
    // gone the command's next write to stdout or stderr fails with SIGPIPE.
    const stop = (error: AppError): void => {
      if (!settle()) return;
      channel?.close();
      reject(error);
    };
    const onAbort = (): void => stop(cancelledError(device));
    const timer = setTimeout(
      () =>
        stop(
          new AppError(
            'timeout',
            `${device} did not finish the script within ${formatSeconds(timeoutMs)}; Patchdeck stopped waiting for it.`,
          ),
        ),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });

    const { onOutput } = options;
    const listener: StreamListener | undefined =
      options.onStreams ??
      (onOutput === undefined ? undefined : { data: (_stream, text) => onOutput(text), end() {} });
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    const collect = (into: Buffer[], stream: 'stdout' | 'stderr') => {
      const decoder = decoders[stream];
      return (chunk: Buffer): void => {
        outputBytes += chunk.length;
        if (outputBytes > maxOutputBytes) {
          stop(
            new AppError(
              'failed',
              `${device} sent more than ${formatBytes(maxOutputBytes)} of output for one script; Patchdeck stopped reading it.`,
            ),
          );
          return;
        }
        into.push(chunk);
        if (listener === undefined || settled) return;
        const text = decoder.write(chunk);
        if (text !== '') listener.data(stream, text);
      };
    };

    const onChannel = (error: Error | undefined, opened: ClientChannel): void => {
      if (error !== undefined) {
        if (settle())
          reject(new AppError('failed', `${device} would not start the script: ${error.message}.`));
        return;
      }
      if (settled) {
        // Timed out or cancelled while the channel was opening.
        opened.close();
        return;
      }
      channel = opened;
      opened.on('data', collect(stdout, 'stdout'));
      opened.stderr.on('data', collect(stderr, 'stderr'));
      opened.on('exit', (code: number | null) => {
        exit = { code: typeof code === 'number' ? code : null };
      });
      opened.on('close', () => {
        if (!settle()) return;
        if (exit === undefined) {
          reject(
            connection.connectionLoss() ??
              new AppError('failed', `The connection to ${device} was lost while the script was running.`),
          );
          return;
        }
        if (listener !== undefined) {
          // What was held back (the first bytes of a character, or of the password) is settled now.
          for (const stream of ['stdout', 'stderr'] as const) {
            const rest = decoders[stream].end();
            if (rest !== '') listener.data(stream, rest);
          }
          listener.end();
        }
        resolve({
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderr: Buffer.concat(stderr).toString('utf8'),
          exitCode: exit.code,
        });
      });
      if (stdin.length > 0) opened.end(stdin);
      else opened.end();
    };

    try {
      client.exec(commandLine, onChannel);
    } catch (error) {
      // ssh2 throws synchronously when the connection is already gone.
      if (settle())
        reject(
          new AppError(
            'failed',
            `The connection to ${device} is closed: ${error instanceof Error ? error.message : String(error)}.`,
          ),
        );
    }
  });
}

function cancelledError(device: string): AppError {
  return new AppError('cancelled', `The work on ${device} was cancelled.`);
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${bytes} bytes`;
}
