import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The PDF's two faces, by the names the report registers them under. */
export const REGULAR = 'Report';
export const BOLD = 'Report-Bold';

const files = { [REGULAR]: 'DejaVuSansCondensed.ttf', [BOLD]: 'DejaVuSansCondensed-Bold.ttf' } as const;

/**
 * Where the report's fonts are: `resources/fonts` of the project, found upwards from this code, since it runs from
 * the sources (tests), from `dist/cli` and `dist/electron` (the CLI and the engine process) and from the app's
 * archive, each at another depth. PDF's built-in Helvetica only has Western European letters: "Łódź" came out as
 * "6Az", so the report embeds a font with Latin, Greek and Cyrillic.
 */
function fontFolder(): string {
  // The bundles are CommonJS (__dirname); the sources under test and the benchmarks' bundles are ES modules.
  const here = typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
  for (let folder = here; ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, 'resources', 'fonts');
    if (fs.existsSync(path.join(candidate, files[REGULAR]))) return candidate;
    if (path.dirname(folder) === folder) {
      throw new Error(`The report fonts (resources/fonts) are missing from the installation near ${here}.`);
    }
  }
}

/** The faces' bytes, read once per process: every report after the first reuses them (1.4 MB from disk each). */
let faces: readonly (readonly [name: string, bytes: Buffer])[] | undefined;

/** Register the report's faces on a pdfkit document; pdfkit embeds only the glyphs the report uses. */
export function registerReportFonts(doc: PDFKit.PDFDocument): void {
  if (faces === undefined) {
    const folder = fontFolder();
    faces = Object.entries(files).map(([name, file]) => [name, fs.readFileSync(path.join(folder, file))]);
  }
  for (const [name, bytes] of faces) doc.registerFont(name, bytes);
}
