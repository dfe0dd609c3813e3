import { feedProblem } from './feed-problem';

/** One EPSS score: the probability of exploitation in the next 30 days, and its percentile. */
export interface EpssScore {
  readonly cve: string;
  readonly score: number;
  readonly percentile: number;
}

export interface EpssScores {
  readonly modelVersion: string | null;
  readonly scoreDate: string | null;
  readonly scores: EpssScore[];
}

const cvePattern = /^CVE-\d{4}-\d{4,}$/;

/** Does this text start like FIRST's EPSS CSV? */
export function looksLikeEpss(text: string): boolean {
  return /^(#model_version:|cve,epss,percentile)/.test(text.replace(/^\uFEFF/, ''));
}

/**
 * Reads FIRST's EPSS CSV (epss_scores-YYYY-MM-DD.csv): an optional `#model_version:...,score_date:...` line,
 * the header `cve,epss,percentile`, then one scored CVE per line. Every line is checked: a cut-off line or a
 * score outside 0..1 names its line number.
 */
export function readEpssCsv(file: string, text: string): EpssScores {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  let lineNumber = 0;
  let modelVersion: string | null = null;
  let scoreDate: string | null = null;
  const next = () => (lines[lineNumber++] ?? '').replace(/\r$/, '');
  let line = next();
  if (line.startsWith('#')) {
    modelVersion = /model_version:([^,]+)/.exec(line)?.[1] ?? null;
    scoreDate = /score_date:([^,]+)/.exec(line)?.[1]?.trim() ?? null;
    line = next();
  }
  if (line.trim() !== 'cve,epss,percentile')
    throw feedProblem(file, `line ${lineNumber} is not the EPSS header "cve,epss,percentile"`);
  const scores: EpssScore[] = [];
  while (lineNumber < lines.length) {
    line = next();
    if (line === '' && lineNumber === lines.length) break;
    const [cve = '', score = '', percentile = '', extra] = line.split(',');
    const s = Number(score);
    const p = Number(percentile);
    if (
      extra !== undefined ||
      !cvePattern.test(cve) ||
      score === '' ||
      percentile === '' ||
      !(s >= 0 && s <= 1) ||
      !(p >= 0 && p <= 1)
    ) {
      throw feedProblem(
        file,
        `line ${lineNumber} is not "CVE-id,score,percentile" with scores from 0 to 1: "${line.slice(0, 80)}"`,
      );
    }
    scores.push({ cve, score: s, percentile: p });
  }
  if (scores.length === 0) throw feedProblem(file, 'it holds no EPSS scores');
  if (!text.endsWith('\n'))
    throw feedProblem(file, `the last line (${lineNumber}) has no line end: the file was cut off`);
  return { modelVersion, scoreDate, scores };
}
