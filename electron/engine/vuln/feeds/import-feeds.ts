import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/errors';
import type { FeedImportResult, FeedStatus } from '../../../../shared/domain/vulnerabilities';
import { appendAudit } from '../../audit/audit-log';
import type { Database } from '../../db/database';
import {
  listFeedStatus,
  writeEpssScores,
  writeKevCatalog,
  writeOsvAdvisories,
  type FeedWrite,
} from '../../db/repositories/vulnerabilities';
import { assertNever } from '../../../../shared/errors';
import { refuseOlderData } from './older-data';
import { readFeedFile, type FeedFile } from './read-feed-file';

/** A feed file's name and content, from disk or from a download. */
export interface FeedBytes {
  readonly name: string;
  readonly bytes: Buffer;
}

/** Reads feed files from disk; an unreadable file is an input error naming it. */
export function readFeedBytes(paths: readonly string[]): FeedBytes[] {
  return paths.map((file) => {
    try {
      return { name: file, bytes: fs.readFileSync(file) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
      throw new AppError('invalid-input', `Cannot import ${path.basename(file)}: ${why} (${file}).`);
    }
  });
}

export interface FeedImportOptions {
  /** Replace a feed even with a file whose data is older than the imported one (going back on purpose). */
  readonly allowOlder?: boolean;
}

/** Who imports, and when: for the feeds' import time and the audit entry of each file. */
export interface FeedImporter {
  readonly at: Date;
  readonly actor: string;
}

/**
 * Imports feed files all or nothing: every file is read and checked first, then all are written in one
 * transaction. A bad file, or one older than the feed it would replace, throws before the transaction commits,
 * so what the database held stays as it was. Each file is audited with the feeds it replaced, before and after.
 */
export function importFeeds(
  database: Database,
  files: readonly FeedBytes[],
  importer: FeedImporter,
  options: FeedImportOptions = {},
): FeedImportResult[] {
  const read = files.map((file) => readFeedFile(file.name, file.bytes));
  return database.transaction(() =>
    read.map((feed) => {
      // Checked against the status as the earlier files of this import left it: a list's order counts too.
      const before = listFeedStatus(database);
      if (!options.allowOlder) refuseOlderData(feed, before);
      const result = writeFeed(database, feed, importer.at.toISOString());
      auditImport(database, importer, result, before, options.allowOlder === true);
      return result;
    }),
  );
}

function auditImport(
  database: Database,
  importer: FeedImporter,
  result: FeedImportResult,
  before: readonly FeedStatus[],
  allowOlder: boolean,
): void {
  const after = listFeedStatus(database);
  const version = (statuses: readonly FeedStatus[], feed: string) => {
    const status = statuses.find((candidate) => candidate.feed === feed);
    return status
      ? { fileName: status.fileName, records: status.recordCount, dataDate: status.dataDate }
      : null;
  };
  appendAudit(database, importer.at, importer.actor, {
    action: 'feed.imported',
    subjectType: 'feed',
    subjectId: null,
    subjectName: result.file,
    details: {
      source: result.source,
      allowOlder,
      feeds: result.feeds.map(({ feed }) => ({
        feed,
        before: version(before, feed),
        after: version(after, feed),
      })),
    },
  });
}

function writeFeed(database: Database, feed: FeedFile, importedAt: string): FeedImportResult {
  let writes: FeedWrite[];
  let skippedRanges = 0;
  switch (feed.kind) {
    case 'osv':
      skippedRanges = feed.records.skippedRanges;
      writes = writeOsvAdvisories(database, feed.records.advisories, {
        wholeFeed: feed.wholeFeed,
        fileName: feed.fileName,
        skippedRanges,
        importedAt,
      });
      break;
    case 'kev':
      writes = [writeKevCatalog(database, feed.catalog, feed.fileName, importedAt)];
      break;
    case 'epss':
      writes = [writeEpssScores(database, feed.scores, feed.fileName, importedAt)];
      break;
    default:
      return assertNever(feed, 'feed file');
  }
  return { file: feed.fileName, source: feed.kind, feeds: writes, skippedRanges };
}
