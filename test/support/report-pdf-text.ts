import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A rendered report's text as pdftotext lays it out (-layout keeps a table row on one line). */
export async function pdfTextOf(pdf: Buffer, dir: string): Promise<string> {
  const file = path.join(dir, `report-${process.pid}-${Date.now()}.pdf`);
  await fs.promises.writeFile(file, pdf);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    await fs.promises.rm(file, { force: true });
  }
}
