import { AppError } from '../../../../shared/errors';

/** A feed file that cannot be imported: one sentence naming the file, what is wrong and where. */
export function feedProblem(file: string, problem: string): AppError {
  return new AppError('invalid-input', `Cannot import ${file}: ${problem}.`);
}
