import fs from 'node:fs';
import { AppError } from '../../../shared/errors';
import {
  compareVersions,
  validateVersion,
  versionSchemes,
  type VersionScheme,
} from '../../engine/vuln/versions';
import type { Command, CommandInput } from '../command';
import { flagOption } from '../options';

const symbols = { '-1': '<', '0': '=', '1': '>' } as const;

function schemeOf(input: CommandInput): VersionScheme {
  const scheme = input.positionals[0];
  if (scheme === undefined)
    throw new AppError('invalid-input', 'Missing argument: scheme (dpkg, rpm or apk).');
  if (!(versionSchemes as readonly string[]).includes(scheme)) {
    throw new AppError('invalid-input', `Unknown version scheme '${scheme}': use dpkg, rpm, apk or semver.`);
  }
  return scheme as VersionScheme;
}

function checked(scheme: VersionScheme, version: string, where: string): string {
  const valid = validateVersion(scheme, version);
  if (!valid.ok) throw new AppError('invalid-input', `${where}${valid.error.message}`);
  return version;
}

/**
 * Answers `<`, `=` or `>` for each `a<TAB>b` line. Every line is checked before anything is printed, so a bad
 * line (named by its number) leaves stdout empty.
 */
function compareBatch(scheme: VersionScheme, text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((raw, index) => {
    const line = raw.replace(/\r$/, '');
    const fields = line.split('\t');
    const [a, b] = fields;
    if (fields.length !== 2 || !a || !b) {
      throw new AppError('invalid-input', `Line ${index + 1} is not "a<TAB>b": "${line.slice(0, 80)}".`);
    }
    const where = `Line ${index + 1}: `;
    return symbols[compareVersions(scheme, checked(scheme, a, where), checked(scheme, b, where))];
  });
}

async function compare(input: CommandInput) {
  const scheme = schemeOf(input);
  if (flagOption(input, 'batch')) {
    if (input.positionals.length > 1)
      throw new AppError(
        'invalid-input',
        '--batch reads the versions from stdin: give no versions as arguments.',
      );
    const results = compareBatch(scheme, fs.readFileSync(0, 'utf8'));
    return { json: results, text: results.join('\n') };
  }
  const [, a, b] = input.positionals;
  if (a === undefined || b === undefined)
    throw new AppError('invalid-input', 'Give two versions to compare, or --batch.');
  const result = symbols[compareVersions(scheme, checked(scheme, a, ''), checked(scheme, b, ''))];
  return { json: { scheme, a, b, result }, text: result };
}

const vercmp: Command = {
  path: ['vercmp'],
  usage:
    'patchdeck vercmp <dpkg|rpm|apk> <a> <b>\npatchdeck vercmp <dpkg|rpm|apk> --batch   (reads "a<TAB>b" lines on stdin)',
  summary: 'Compare versions exactly as dpkg, rpm or apk does: prints <, = or >.',
  options: { batch: { type: 'boolean' } },
  maxPositionals: 3,
  run: (_engine, input) => compare(input),
  runWithoutDatabase: compare,
};

export const vercmpCommands: readonly Command[] = [vercmp];
