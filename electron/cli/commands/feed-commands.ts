import { AppError, isAppError } from '../../../shared/errors';
import type { FeedImportResult } from '../../../shared/domain/vulnerabilities';
import { feedDownloads } from '../../engine/vuln';
import type { Command } from '../command';
import { flagOption, listOption, stringOption } from '../options';
import { formatTable } from '../table';

const sourceNames = { osv: 'OSV', kev: 'CISA KEV', epss: 'EPSS' } as const;

/** "all.zip: OSV osv:Debian 65012 advisories (3 ranges with malformed versions skipped)" */
function importLine(result: FeedImportResult): string {
  const what = result.feeds
    .map((feed) =>
      result.source === 'osv'
        ? `${feed.feed.replace(/^osv:/, '')} ${feed.records} advisories`
        : `${feed.records} ${result.source === 'kev' ? 'known exploited CVEs' : 'scored CVEs'}`,
    )
    .join(', ');
  const skipped =
    result.skippedRanges > 0 ? ` (${result.skippedRanges} ranges with malformed versions skipped)` : '';
  return `${result.file}: ${sourceNames[result.source]} ${what}${skipped}`;
}

const feedsImport: Command = {
  path: ['feeds', 'import'],
  usage: 'patchdeck feeds import <file>... [--allow-older]',
  summary:
    'Import OSV (zip or JSON), CISA KEV (JSON) and EPSS (CSV or CSV.gz) files: all of them, or nothing if one is bad ' +
    'or older than the feed already imported (--allow-older goes back to it on purpose).',
  options: { 'allow-older': { type: 'boolean' } },
  async run(engine, input) {
    if (input.positionals.length === 0) throw new AppError('invalid-input', 'Missing argument: feed file.');
    let results: FeedImportResult[];
    try {
      results = engine.vulnerabilities.importFiles(input.positionals, {
        allowOlder: flagOption(input, 'allow-older'),
      });
    } catch (error) {
      // The engine marks the refusal that --allow-older lifts; the command line says how to import anyway.
      if (!isAppError(error) || error.field !== 'allowOlder') throw error;
      throw new AppError(error.code, `${error.message} To do so, add --allow-older.`);
    }
    return { json: results, text: results.map(importLine).join('\n') };
  },
};

const feedsDownload: Command = {
  path: ['feeds', 'download'],
  usage: 'patchdeck feeds download [--ecosystem <OSV ecosystem>...]',
  summary:
    'Download OSV, CISA KEV and EPSS from their public addresses and import them (needs the internet).',
  options: { ecosystem: { type: 'string', multiple: true } },
  maxPositionals: 0,
  async run(engine, input) {
    const ecosystems = listOption(input, 'ecosystem');
    const results = await engine.vulnerabilities.download(
      feedDownloads(
        ecosystems.length > 0 ? ecosystems : ['Debian', 'Ubuntu', 'Alpine', 'Rocky Linux', 'AlmaLinux'],
      ),
    );
    return { json: results, text: results.map(importLine).join('\n') };
  },
};

const feedsStatus: Command = {
  path: ['feeds', 'status'],
  usage: 'patchdeck feeds status',
  summary: 'Show which feeds are imported, from which file, how many records, and how fresh.',
  options: {},
  maxPositionals: 0,
  async run(engine) {
    const status = engine.vulnerabilities.status();
    return {
      json: status,
      text:
        status.length === 0
          ? 'No feeds imported yet: run `patchdeck feeds import <file>...`.'
          : formatTable(
              ['FEED', 'RECORDS', 'DATA DATE', 'IMPORTED', 'FILE'],
              status.map((feed) => [
                feed.feed,
                String(feed.recordCount),
                feed.dataDate ?? '-',
                feed.importedAt,
                feed.fileName,
              ]),
            ),
    };
  },
};

const vulns: Command = {
  path: ['vulns'],
  usage: 'patchdeck vulns [<device> | --client <client>] [--unfixed]',
  summary:
    'List known vulnerabilities on devices: advisory, CVEs, package, fixed version and the update that fixes it.',
  options: { client: { type: 'string' }, unfixed: { type: 'boolean' } },
  maxPositionals: 1,
  async run(engine, input) {
    const client = stringOption(input, 'client');
    if (client !== undefined && input.positionals.length > 0)
      throw new AppError('invalid-input', 'Give a device or --client, not both.');
    const device = input.positionals[0];
    const findings = engine.vulnerabilities.findings({
      ...(device !== undefined ? { deviceId: engine.devices.resolve(device).id } : {}),
      ...(client !== undefined ? { clientId: engine.clients.resolve(client).id } : {}),
      unfixedOnly: flagOption(input, 'unfixed'),
    });
    return {
      json: findings,
      text:
        findings.length === 0
          ? 'No known vulnerabilities (import feeds with `patchdeck feeds import` and scan devices first).'
          : formatTable(
              ['DEVICE', 'ADVISORY', 'CVES', 'PACKAGE', 'INSTALLED', 'FIXED IN', 'FIXED BY', 'KEV'],
              findings.map((finding) => [
                finding.device,
                finding.advisory,
                finding.cves.join(' ') || '-',
                finding.package,
                finding.installedVersion,
                finding.fixedVersion ?? 'no fix yet',
                finding.fixedBy ?? '-',
                finding.kev ? 'KEV' : '',
              ]),
            ),
    };
  },
};

const why: Command = {
  path: ['why'],
  usage: 'patchdeck why [<device> | --client <client>]',
  summary: 'Explain the colour of each missing update, when it is due, and whether it is overdue.',
  options: { client: { type: 'string' } },
  maxPositionals: 1,
  async run(engine, input) {
    const client = stringOption(input, 'client');
    if (client !== undefined && input.positionals.length > 0)
      throw new AppError('invalid-input', 'Give a device or --client, not both.');
    const device = input.positionals[0];
    const patches = engine.inventory.patches({
      deviceId: device === undefined ? undefined : engine.devices.resolve(device).id,
      clientId: client === undefined ? undefined : engine.clients.resolve(client).id,
    });
    const priorities = engine.vulnerabilities.prioritise(patches);
    const rows = patches.map((patch, position) => ({
      device: patch.device,
      package: patch.name,
      availableVersion: patch.availableVersion,
      ...priorities[position]!,
    }));
    return {
      json: rows,
      text:
        rows.length === 0
          ? 'No missing updates known.'
          : formatTable(
              ['DEVICE', 'PACKAGE', 'AVAILABLE', 'DUE', 'WHY'],
              rows.map((row) => [
                row.device,
                row.package,
                row.availableVersion,
                row.dueAt === null ? '-' : `${row.dueAt}${row.overdue ? ' OVERDUE' : ''}`,
                row.reason,
              ]),
            ),
    };
  },
};

export const feedCommands: readonly Command[] = [feedsImport, feedsDownload, feedsStatus, vulns, why];
