import path from 'node:path';
import zlib from 'node:zlib';
import { readEpssCsv, looksLikeEpss, type EpssScores } from './epss';
import { feedProblem } from './feed-problem';
import { looksLikeKev, readKevCatalog, type KevCatalog } from './kev';
import { readOsvJson, readOsvRecord, type OsvRecords } from './osv';
import { readZipEntries } from './zip-reader';

/** A feed file, read and checked in full, ready to replace what the database holds. */
export type FeedFile =
  | {
      readonly kind: 'osv';
      readonly fileName: string;
      readonly wholeFeed: boolean;
      readonly records: OsvRecords;
    }
  | { readonly kind: 'kev'; readonly fileName: string; readonly catalog: KevCatalog }
  | { readonly kind: 'epss'; readonly fileName: string; readonly scores: EpssScores };

const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
const isGzip = (bytes: Buffer) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/**
 * Reads a feed file, telling OSV, KEV and EPSS apart by content (not by name): a zip is an OSV ecosystem
 * export, a gzip is unpacked first, JSON with a "vulnerabilities" list is KEV, other JSON is OSV, CSV starting
 * with EPSS's header is EPSS. Anything else, or anything damaged, is one error sentence naming the file.
 */
export function readFeedFile(filePath: string, bytes: Buffer): FeedFile {
  const fileName = path.basename(filePath);
  if (bytes.length === 0) throw feedProblem(fileName, 'the file is empty');
  if (isZip(bytes)) return { kind: 'osv', fileName, wholeFeed: true, records: readOsvZip(fileName, bytes) };
  let content = bytes;
  if (isGzip(bytes)) {
    try {
      content = zlib.gunzipSync(bytes);
    } catch (error) {
      throw feedProblem(fileName, `the gzip data is damaged or cut off (${(error as Error).message})`);
    }
  }
  const text = decodeText(fileName, content);
  if (looksLikeEpss(text)) return { kind: 'epss', fileName, scores: readEpssCsv(fileName, text) };
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
    throw feedProblem(
      fileName,
      'it is not a feed Patchdeck knows (expected an OSV zip or JSON, the CISA KEV JSON, or an EPSS CSV)',
    );
  }
  const document = parseJson(fileName, text, 'the file');
  if (looksLikeKev(document)) return { kind: 'kev', fileName, catalog: readKevCatalog(fileName, document) };
  const records = readOsvJson(fileName, document);
  if (records.advisories.length === 0)
    throw feedProblem(fileName, 'it holds no OSV records of a distribution Patchdeck matches');
  return { kind: 'osv', fileName, wholeFeed: false, records };
}

/**
 * The file's text: UTF-8, or UTF-16 when a byte-order mark says so, without the mark. Windows tools write both
 * (PowerShell 5.1's `>` writes UTF-16LE, its Set-Content UTF-8 with a BOM), and JSON.parse takes neither mark.
 */
function decodeText(fileName: string, bytes: Buffer): string {
  const utf16 =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : null;
  if (utf16 === null) return bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    return new TextDecoder(utf16, { fatal: true }).decode(bytes);
  } catch {
    throw feedProblem(fileName, `the ${utf16.toUpperCase()} text is damaged or cut off`);
  }
}

function readOsvZip(fileName: string, bytes: Buffer): OsvRecords {
  const records: OsvRecords = { advisories: [], skippedRanges: 0 };
  for (const entry of readZipEntries(fileName, bytes)) {
    if (!entry.name.endsWith('.json')) continue;
    readOsvRecord(
      fileName,
      `entry ${entry.name}`,
      parseJson(fileName, decodeText(fileName, entry.data), `entry ${entry.name}`),
      records,
    );
  }
  if (records.advisories.length === 0)
    throw feedProblem(fileName, 'the zip holds no OSV records of a distribution Patchdeck matches');
  return records;
}

function parseJson(fileName: string, text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw feedProblem(fileName, `${where} is not valid JSON (${(error as Error).message})`);
  }
}
