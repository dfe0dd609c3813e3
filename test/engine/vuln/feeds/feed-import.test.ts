import fs from 'node:fs';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempEngine } from '../../../support/temp-engine';
import { fixture } from '../fixtures/fleet';
import { writeZip } from './zip-writer';

const realKev = '/work/shared/data/kev/known_exploited_vulnerabilities.json';

describe('feed import', () => {
  let temp: ReturnType<typeof createTempEngine>;
  const vuln = () => temp.engine.vulnerabilities;
  const count = (table: string) =>
    (temp.engine.database.statement(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  /** Everything the feeds put in the database, to compare before and after a refused import. */
  const snapshot = () => ({
    status: vuln().status(),
    advisories: temp.engine.database.statement('SELECT feed, osv_id, ids FROM advisories ORDER BY id').all(),
    ranges: count('advisory_ranges'),
    kev: count('kev'),
    epss: temp.engine.database.statement('SELECT * FROM epss ORDER BY cve').all(),
  });

  beforeEach(() => (temp = createTempEngine()));
  afterEach(() => temp.close());

  it('reads an OSV zip made by Info-ZIP: one feed per distribution, ranges per release', () => {
    const [result] = vuln().importFiles([fixture('osv-all.zip')]);
    expect(result).toMatchObject({ file: 'osv-all.zip', source: 'osv', skippedRanges: 0 });
    expect(result!.feeds.sort((a, b) => a.feed.localeCompare(b.feed))).toEqual([
      { feed: 'osv:Alpine', records: 1 },
      { feed: 'osv:Debian', records: 9 },
    ]);
    const debian = vuln()
      .status()
      .find((feed) => feed.feed === 'osv:Debian');
    expect(debian).toMatchObject({
      source: 'osv',
      fileName: 'osv-all.zip',
      recordCount: 9,
      dataDate: '2025-10-01T09:00:00Z',
      importedAt: '2026-11-22T09:00:00.000Z',
    });
    // openssh has two affected intervals; the unfixed tiff record keeps a range with no fix.
    expect(
      temp.engine.database
        .statement("SELECT introduced, fixed FROM advisory_ranges WHERE package = 'openssh' ORDER BY fixed")
        .all(),
    ).toEqual([
      { introduced: null, fixed: '1:8.7p1-1' },
      { introduced: '1:9.2p1-2', fixed: '1:9.2p1-2+deb12u3' },
    ]);
    expect(
      temp.engine.database.statement("SELECT fixed FROM advisory_ranges WHERE package = 'tiff'").all(),
    ).toEqual([{ fixed: null }]);
    const git = temp.engine.database
      .statement("SELECT ids, cvss_score FROM advisories WHERE osv_id = 'DSA-5523-1'")
      .get() as { ids: string; cvss_score: number };
    expect(JSON.parse(git.ids)).toEqual(['DSA-5523-1', 'CVE-2023-38545', 'CVE-2023-38546']);
    expect(git.cvss_score).toBe(9.8);
  });

  it('imports the real CISA KEV catalog in full, with its release date', () => {
    const [result] = vuln().importFiles([realKev]);
    expect(result).toEqual({
      file: 'known_exploited_vulnerabilities.json',
      source: 'kev',
      feeds: [{ feed: 'kev', records: 1404 }],
      skippedRanges: 0,
    });
    expect(count('kev')).toBe(1404);
    expect(vuln().status()).toEqual([
      expect.objectContaining({ feed: 'kev', recordCount: 1404, dataDate: '2025-08-25T17:04:19.9796Z' }),
    ]);
    expect(
      temp.engine.database.statement("SELECT vendor, date_added FROM kev WHERE cve = 'CVE-2024-1086'").get(),
    ).toEqual({ vendor: 'Linux', date_added: '2024-05-30' });
  });

  it('reads EPSS as CSV and as CSV.gz alike, with the score date from the comment line', () => {
    vuln().importFiles([fixture('epss-sample.csv')]);
    const plain = snapshot().epss;
    vuln().importFiles([fixture('epss-sample.csv.gz')]);
    expect(snapshot().epss).toEqual(plain);
    expect(plain).toHaveLength(8);
    expect(vuln().status()[0]).toMatchObject({
      feed: 'epss',
      fileName: 'epss-sample.csv.gz',
      dataDate: '2025-09-01T12:55:00Z',
    });
  });

  it('tells formats apart by content, not by file name', () => {
    const dir = temp.dir;
    fs.copyFileSync(fixture('kev-subset.json'), `${dir}/feed.csv`);
    fs.copyFileSync(fixture('epss-sample.csv.gz'), `${dir}/feed.zip`);
    fs.copyFileSync(fixture('osv-all.zip'), `${dir}/feed.json`);
    expect(
      vuln()
        .importFiles([`${dir}/feed.csv`, `${dir}/feed.zip`, `${dir}/feed.json`])
        .map((r) => r.source),
    ).toEqual(['kev', 'epss', 'osv']);
  });

  it('reads feed files as Windows tools save them: UTF-8 with a byte-order mark, or UTF-16', () => {
    // Windows PowerShell 5.1 writes UTF-8 with a BOM (Set-Content -Encoding UTF8) and UTF-16LE with a BOM (>).
    const kev = fs.readFileSync(fixture('kev-subset.json'), 'utf8');
    const epss = fs.readFileSync(fixture('epss-sample.csv'), 'utf8');
    const record = fs.readFileSync(fixture('osv-debian/DSA-5523-1.json'), 'utf8');
    const bigEndian = Buffer.from(`\uFEFF${epss}`, 'utf16le').swap16();
    fs.writeFileSync(`${temp.dir}/kev-bom.json`, `\uFEFF${kev}`);
    fs.writeFileSync(`${temp.dir}/kev-utf16.json`, Buffer.from(`\uFEFF${kev}`, 'utf16le'));
    fs.writeFileSync(`${temp.dir}/record-bom.json`, `\uFEFF${record}`);
    fs.writeFileSync(`${temp.dir}/epss-utf16.csv`, Buffer.from(`\uFEFF${epss}`, 'utf16le'));
    fs.writeFileSync(`${temp.dir}/epss-utf16be.csv`, bigEndian);
    for (const file of [
      'kev-bom.json',
      'kev-utf16.json',
      'record-bom.json',
      'epss-utf16.csv',
      'epss-utf16be.csv',
    ]) {
      expect(vuln().importFiles([`${temp.dir}/${file}`])[0]!.feeds, file).toEqual([
        file.startsWith('kev')
          ? { feed: 'kev', records: 9 }
          : file.startsWith('epss')
            ? { feed: 'epss', records: 8 }
            : { feed: 'osv:Debian', records: 1 },
      ]);
    }
  });

  it('adds single OSV JSON records without dropping the rest of the imported feed', () => {
    vuln().importFiles([fixture('osv-all.zip')]);
    const record = JSON.parse(fs.readFileSync(fixture('osv-debian/DSA-5523-1.json'), 'utf8'));
    record.affected[0].ranges[0].events[1].fixed = '7.88.1-10+deb12u5';
    fs.writeFileSync(`${temp.dir}/DSA-5523-1.json`, JSON.stringify(record));
    fs.writeFileSync(`${temp.dir}/list.json`, JSON.stringify([record, { ...record, id: 'DSA-9999-1' }]));
    vuln().importFiles([`${temp.dir}/DSA-5523-1.json`]);
    expect(count('advisories')).toBe(10);
    expect(
      temp.engine.database.statement("SELECT fixed FROM advisory_ranges WHERE package = 'curl'").all(),
    ).toEqual([{ fixed: '7.88.1-10+deb12u5' }]);
    vuln().importFiles([`${temp.dir}/list.json`]);
    expect(count('advisories')).toBe(11);
    // A later full export replaces the distribution whole.
    vuln().importFiles([fixture('osv-all.zip')]);
    expect(count('advisories')).toBe(10);
  });

  it('reads ZIP64 archives, as osv.dev publishes large ecosystems', () => {
    const files = fs
      .readdirSync(fixture('osv-debian'))
      .map((name) => ({ name, data: fs.readFileSync(fixture(`osv-debian/${name}`)) }));
    fs.writeFileSync(`${temp.dir}/zip64.zip`, writeZip(files, { zip64: true }));
    expect(
      vuln()
        .importFiles([`${temp.dir}/zip64.zip`])[0]!
        .feeds.map((feed) => feed.records)
        .sort(),
    ).toEqual([1, 9]);
  });

  it('counts, and leaves out, ranges whose versions are malformed instead of refusing the whole feed', () => {
    const record = JSON.parse(fs.readFileSync(fixture('osv-debian/DSA-5523-1.json'), 'utf8'));
    record.affected[0].ranges[0].events[1].fixed = 'not a version';
    fs.writeFileSync(`${temp.dir}/odd.json`, JSON.stringify(record));
    expect(vuln().importFiles([`${temp.dir}/odd.json`])[0]).toMatchObject({ skippedRanges: 1 });
    expect(count('advisory_ranges')).toBe(0);
    expect(vuln().status()[0]).toMatchObject({ skippedCount: 1 });
  });

  describe('refuses a file older than the feed already imported, unless told to go back to it', () => {
    /** The KEV subset as CISA released it three weeks earlier, before its newest entry was added. */
    const olderKev = () => {
      const doc = JSON.parse(fs.readFileSync(fixture('kev-subset.json'), 'utf8'));
      doc.dateReleased = '2025-08-04T15:00:00.0000Z';
      doc.catalogVersion = '2025.08.04';
      doc.vulnerabilities.shift();
      doc.count = doc.vulnerabilities.length;
      fs.writeFileSync(`${temp.dir}/kev-old.json`, JSON.stringify(doc));
      return `${temp.dir}/kev-old.json`;
    };
    const olderEpss = () => {
      const text = fs.readFileSync(fixture('epss-sample.csv'), 'utf8');
      fs.writeFileSync(
        `${temp.dir}/epss-old.csv`,
        text.replace('2025-09-01T12:55:00Z', '2025-08-30T12:55:00Z'),
      );
      return `${temp.dir}/epss-old.csv`;
    };
    /** The Debian export as osv.dev published it in August: every record last modified before the stored one. */
    const olderZip = () => {
      const files = fs.readdirSync(fixture('osv-debian')).map((name) => {
        const record = JSON.parse(fs.readFileSync(fixture(`osv-debian/${name}`), 'utf8'));
        record.modified = '2025-08-01T00:00:00Z';
        return { name, data: Buffer.from(JSON.stringify(record)) };
      });
      fs.writeFileSync(`${temp.dir}/all-august.zip`, writeZip(files));
      return `${temp.dir}/all-august.zip`;
    };

    it('keeps the newer KEV catalog, EPSS scores and OSV export, naming both dates', () => {
      vuln().importFiles([fixture('osv-all.zip'), fixture('kev-subset.json'), fixture('epss-sample.csv')]);
      const before = snapshot();
      expect(() => vuln().importFiles([olderKev()])).toThrow(
        expect.objectContaining({
          message:
            'Cannot import kev-old.json: its data is from 2025-08-04T15:00:00.0000Z, older than the CISA KEV ' +
            'catalog already imported (2025-08-25T17:04:19.9796Z, from kev-subset.json); import a newer file, ' +
            'or import this one anyway to go back to it on purpose.',
          // The request field that lifts the refusal: the console offers "import anyway" by it.
          field: 'allowOlder',
        }),
      );
      expect(() => vuln().importFiles([olderEpss()])).toThrow(
        /^Cannot import epss-old\.csv: its data is from 2025-08-30T12:55:00Z, older than the EPSS scores already imported \(2025-09-01T12:55:00Z, from epss-sample\.csv\);/,
      );
      expect(() => vuln().importFiles([olderZip()])).toThrow(
        /^Cannot import all-august\.zip: its data is from 2025-08-01T00:00:00Z, older than the (Debian|Alpine) OSV advisories already imported/,
      );
      expect(snapshot()).toEqual(before);
    });

    it('all or nothing: an older file listed after a newer one of the same feed refuses both', () => {
      vuln().importFiles([olderKev()]);
      const before = snapshot();
      expect(() => vuln().importFiles([fixture('kev-subset.json'), olderKev()])).toThrow(
        /^Cannot import kev-old\.json: its data is from 2025-08-04T15:00:00\.0000Z, older than the CISA KEV catalog already imported \(2025-08-25T17:04:19\.9796Z, from kev-subset\.json\)/,
      );
      expect(snapshot()).toEqual(before);
    });

    it('takes a newer file, the same file again, and an older one when asked to go back', () => {
      vuln().importFiles([olderKev()]);
      vuln().importFiles([fixture('kev-subset.json')]);
      vuln().importFiles([fixture('kev-subset.json')]);
      expect(count('kev')).toBe(9);
      vuln().importFiles([olderKev()], { allowOlder: true });
      expect(count('kev')).toBe(8);
      expect(vuln().status()[0]).toMatchObject({
        fileName: 'kev-old.json',
        dataDate: '2025-08-04T15:00:00.0000Z',
      });
    });
  });

  describe('refuses a bad file with one sentence, and keeps what was imported before', () => {
    const zip = () => fs.readFileSync(fixture('osv-all.zip'));
    const kev = () => fs.readFileSync(fixture('kev-subset.json'), 'utf8');
    const epss = () => fs.readFileSync(fixture('epss-sample.csv'), 'utf8');
    const cases: [string, string, () => Buffer | string, RegExp][] = [
      [
        'a truncated OSV zip',
        'all.zip',
        () => zip().subarray(0, zip().length - 200),
        /^Cannot import all\.zip: it is not a complete zip archive .*\.$/,
      ],
      [
        'a zip cut inside an entry',
        'all.zip',
        () => Buffer.concat([zip().subarray(0, 900), zip().subarray(zip().length - 1400)]),
        /^Cannot import all\.zip: the zip (entry|directory) .*/,
      ],
      [
        'a zip with a damaged entry',
        'all.zip',
        () => {
          const bytes = Buffer.from(zip());
          bytes[120] = bytes[120]! ^ 0xff;
          return bytes;
        },
        /^Cannot import all\.zip: the zip entry \S+\.json (is damaged|does not inflate)/,
      ],
      [
        'a truncated KEV catalog',
        'kev.json',
        () => kev().slice(0, 3000),
        /^Cannot import kev\.json: the file is not valid JSON \(.+\)\.$/,
      ],
      [
        'a KEV catalog shorter than its count',
        'kev.json',
        () => {
          const doc = JSON.parse(kev());
          doc.vulnerabilities.pop();
          return JSON.stringify(doc);
        },
        /^Cannot import kev\.json: the catalog says it lists 9 vulnerabilities but holds 8 \(incomplete file\)\.$/,
      ],
      [
        'a KEV entry without a CVE id',
        'kev.json',
        () => {
          const doc = JSON.parse(kev());
          doc.vulnerabilities[2].cveID = 'n/a';
          return JSON.stringify(doc);
        },
        /^Cannot import kev\.json: KEV entry 3 has no valid cveID \("n\/a"\)\.$/,
      ],
      [
        'an EPSS line with a score above 1',
        'epss.csv',
        () => epss().replace('0.02811', '27.811'),
        /^Cannot import epss\.csv: line 4 is not "CVE-id,score,percentile" with scores from 0 to 1: "CVE-2023-38545,27\.811,0\.86374"\.$/,
      ],
      [
        'an EPSS file cut mid-line',
        'epss.csv',
        () => epss().slice(0, -9),
        /^Cannot import epss\.csv: line 10 is not "CVE-id,score,percentile"/,
      ],
      [
        'a truncated EPSS gzip',
        'epss.csv.gz',
        () => fs.readFileSync(fixture('epss-sample.csv.gz')).subarray(0, 120),
        /^Cannot import epss\.csv\.gz: the gzip data is damaged or cut off \(.+\)\.$/,
      ],
      [
        'an OSV record without an id',
        'rec.json',
        () => JSON.stringify({ modified: '2025-01-01T00:00:00Z', affected: [] }),
        /^Cannot import rec\.json: the record is not an OSV record \(it has no "id"\)\.$/,
      ],
      [
        'an OSV list with a broken record',
        'list.json',
        () =>
          JSON.stringify([
            { id: 'DSA-1-1', affected: [{ package: { ecosystem: 'Debian:12', name: 'x' }, ranges: [] }] },
            { id: 'DSA-2-1', affected: 'curl' },
          ]),
        /^Cannot import list\.json: record 2 \(DSA-2-1\) has an "affected" that is not a list\.$/,
      ],
      [
        'a UTF-16 file cut mid-character',
        'kev-utf16.json',
        () => Buffer.from(`\uFEFF${kev()}`, 'utf16le').subarray(0, 3001),
        /^Cannot import kev-utf16\.json: the UTF-16LE text is damaged or cut off\.$/,
      ],
      ['an empty file', 'empty.json', () => '', /^Cannot import empty\.json: the file is empty\.$/],
      [
        'garbage',
        'feed.bin',
        () => Buffer.from([0x00, 0x13, 0x37, 0x42, 0x99]),
        /^Cannot import feed\.bin: it is not a feed Patchdeck knows \(expected an OSV zip or JSON, the CISA KEV JSON, or an EPSS CSV\)\.$/,
      ],
      [
        'a CSV of another kind',
        'other.csv',
        () => 'cve,score\nCVE-2024-1,0.1\n',
        /^Cannot import other\.csv: it is not a feed Patchdeck knows/,
      ],
      [
        'OSV records of no distribution Patchdeck matches',
        'pypi.json',
        () =>
          JSON.stringify({
            id: 'PYSEC-2024-1',
            affected: [{ package: { ecosystem: 'PyPI', name: 'django' }, ranges: [] }],
          }),
        /^Cannot import pypi\.json: it holds no OSV records of a distribution Patchdeck matches\.$/,
      ],
    ];
    for (const [what, name, content, message] of cases) {
      it(`${what}`, () => {
        vuln().importFiles([fixture('osv-all.zip'), fixture('kev-subset.json'), fixture('epss-sample.csv')]);
        const before = snapshot();
        fs.writeFileSync(`${temp.dir}/${name}`, content());
        expect(() => vuln().importFiles([`${temp.dir}/${name}`])).toThrow(message);
        expect(snapshot()).toEqual(before);
      });
    }

    it('all or nothing: a good file next to a bad one is not imported either', () => {
      vuln().importFiles([fixture('kev-subset.json')]);
      const before = snapshot();
      fs.writeFileSync(`${temp.dir}/bad.csv.gz`, zlib.gzipSync('cve,epss,percentile\nCVE-2024-1,2,0.5\n'));
      expect(() => vuln().importFiles([realKev, `${temp.dir}/bad.csv.gz`])).toThrow(
        /^Cannot import bad\.csv\.gz: line 2/,
      );
      expect(snapshot()).toEqual(before);
      expect(count('kev')).toBe(9);
    });

    it('a missing file', () => {
      expect(() => vuln().importFiles([`${temp.dir}/nope.zip`])).toThrow(
        `Cannot import nope.zip: no such file (${temp.dir}/nope.zip).`,
      );
    });
  });
});
