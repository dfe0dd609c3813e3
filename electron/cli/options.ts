import { AppError } from '../../shared/errors';
import type { CommandInput } from './command';

/** A string option's value, or undefined; a repeated single-value option is an input error. */
export function stringOption(input: CommandInput, name: string): string | undefined {
  const value = input.options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new AppError('invalid-input', `--${name} takes one value.`, name);
  return value;
}

export function requiredOption(input: CommandInput, name: string): string {
  const value = stringOption(input, name);
  if (value === undefined || value === '')
    throw new AppError('invalid-input', `--${name} is required.`, name);
  return value;
}

/** The numbers a numeric option takes. */
export interface NumberRange {
  readonly min: number;
  readonly max: number;
  /** Only whole numbers (a count, a number of days), no fractions. */
  readonly whole: boolean;
}

/**
 * A numeric option's value, or undefined. Whatever is wrong with it (not a number, a fraction, out of range), the
 * one message names the option and what it takes, so every numeric option of every command reads alike.
 */
export function numberOption(input: CommandInput, name: string, range: NumberRange): number | undefined {
  const text = stringOption(input, name);
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  // No sign: every range starts at 0 or above, and the option parser reads a leading '-' as another option anyway.
  const pattern = range.whole ? /^\d+$/ : /^\d+(\.\d+)?$/;
  if (!pattern.test(text.trim()) || value < range.min || value > range.max)
    throw new AppError(
      'invalid-input',
      `--${name} must be ${range.whole ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}, not '${text}'.`,
      name,
    );
  return value;
}

export function listOption(input: CommandInput, name: string): string[] {
  const value = input.options[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

export function flagOption(input: CommandInput, name: string): boolean {
  return input.options[name] === true;
}

/** The one positional argument a command takes. */
export function singlePositional(input: CommandInput, what: string): string {
  const [first, ...rest] = input.positionals;
  if (first === undefined) throw new AppError('invalid-input', `Missing argument: ${what}.`, what);
  if (rest.length > 0) throw new AppError('invalid-input', `Unexpected argument '${rest[0]}'.`, what);
  return first;
}

/** The value of an environment variable a flag names (e.g. --password-env VAR), which must be set. */
export function secretFromEnv(input: CommandInput, flag: string): string {
  const variable = requiredOption(input, flag);
  // Not a variable's name: most likely the secret itself, which must not be echoed to stderr (and cron's mail).
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
    throw new AppError(
      'invalid-input',
      `--${flag} takes the name of an environment variable that holds the secret (e.g. PATCHDECK_PASSWORD), not the secret itself.`,
      flag,
    );
  }
  const value = input.env[variable];
  if (!value) {
    // Only a name in the usual CAPITALS_AND_DIGITS form is repeated: a password like Summer2024 passes the check
    // above too, and would otherwise end up in stderr after all.
    const named = /^[A-Z_][A-Z0-9_]*$/.test(variable)
      ? `the environment variable ${variable} is not set.`
      : 'no environment variable of that name is set; give the name of the variable that holds the secret (e.g. PATCHDECK_PASSWORD), not the secret itself.';
    throw new AppError('invalid-input', `--${flag}: ${named}`, flag);
  }
  return value;
}
