import { describe, expect, it } from 'vitest';
import { parseApplications } from '../../../../electron/engine/platforms/macos/applications';
import { parseBrewList, parseBrewOutdated } from '../../../../electron/engine/platforms/macos/homebrew';
import { ParseError } from '../../../../electron/engine/platforms/types';
import { fixture } from './frame';

describe('parseBrewOutdated', () => {
  it('reads outdated formulae', () => {
    const { updates, pinned } = parseBrewOutdated(fixture('macos', 'brew-outdated-formulae.json'));
    expect(pinned).toEqual([]);
    expect(
      updates.map((update) => [
        update.name,
        update.installedVersion,
        update.availableVersion,
        update.manager,
      ]),
    ).toEqual([
      ['pygobject3', '3.36.1', '3.38.0', 'brew'],
      ['rav1e', '0.3.3', '0.3.4', 'brew'],
    ]);
    expect(updates[0]).toMatchObject({
      origin: 'Homebrew',
      security: false,
      classification: 'application',
      rebootRequired: false,
    });
  });

  it('reads the older string form of casks, keeps the newest installed version and skips latest → latest', () => {
    const { updates } = parseBrewOutdated(fixture('macos', 'brew-outdated-casks-greedy.json'));
    expect(updates.map((update) => [update.name, update.installedVersion, update.availableVersion])).toEqual([
      ['amethyst', '0.14.3', '0.15.3'],
      ['balenaetcher', '1.5.106', '1.5.108'],
      ['electrum', '4.0.2', '4.0.3'],
      ['lg-onscreen-control', '5.47,yi5XuIZw6hg', '5.48,uYXSwyUCNFBbSch9PFw'],
    ]);
    expect(new Set(updates.map((update) => update.manager))).toEqual(new Set(['brew-cask']));
  });

  it('reports pinned formulae and reads casks in the array form', () => {
    const { updates, pinned } = parseBrewOutdated(fixture('macos', 'brew-outdated-pinned.json'));
    expect(pinned).toEqual(['pygobject3']);
    expect(updates.at(-1)).toMatchObject({
      name: 'electrum',
      installedVersion: '4.0.2',
      manager: 'brew-cask',
    });
  });

  it('throws ParseError naming the problem on text that is not the JSON, or JSON of another shape', () => {
    const json = fixture('macos', 'brew-outdated-formulae.json');
    expect(() => parseBrewOutdated(json.slice(0, json.length / 2))).toThrow(/not JSON/);
    expect(() => parseBrewOutdated('Error: Permission denied @ rb_sysopen')).toThrow(ParseError);
    expect(() =>
      parseBrewOutdated('[{"name":"vim","installed_versions":["7.4"],"current_version":"8.0"}]'),
    ).toThrow(/"formulae" and "casks"/);
  });
});

describe('parseBrewList', () => {
  it('reads formulae, keeping the last listed of side-by-side versions', () => {
    const formulae = parseBrewList(fixture('macos', 'brew-list-formulae.txt'), 'brew');
    expect(formulae.map((entry) => `${entry.name} ${entry.version}`)).toEqual([
      'ack 2.14',
      'apg 2.2.3',
      'apple-gcc42 4.2.1-5666.3',
      'atk 2.22.0',
      'bash 4.4.5',
      'bash-completion 1.3_1',
      'boost 1.63.0',
      'c-ares 1.12.0',
      'graphviz 2.40.20161221.0239',
      'quicklook-json latest',
    ]);
    expect(formulae[0]).toEqual({
      name: 'ack',
      version: '2.14',
      arch: null,
      sourceName: null,
      sourceVersion: null,
      manager: 'brew',
    });
  });

  it('leaves out casks whose app was deleted by hand (flagged "(!)")', () => {
    const casks = parseBrewList(fixture('macos', 'brew-list-casks.txt'), 'brew-cask');
    expect(casks.map((entry) => entry.name)).not.toContain('audacity');
    expect(casks).toHaveLength(8);
    expect(casks.find((entry) => entry.name === 'virtualbox')?.version).toBe('5.1.10-112026');
  });

  it('throws ParseError on lines that are not "name version"', () => {
    expect(() => parseBrewList('Error: No such keg: /usr/local/Cellar/ack\n', 'brew')).toThrow(ParseError);
    expect(() => parseBrewList('ack\n', 'brew')).toThrow(/not "name version"/);
    expect(parseBrewList('', 'brew')).toEqual([]);
  });
});

describe('parseApplications', () => {
  it('reads apps with their architecture', () => {
    expect(parseApplications(fixture('macos', 'applications-arm.json'))).toEqual([
      {
        name: 'Automator',
        version: '2.10',
        arch: 'arm64',
        sourceName: null,
        sourceVersion: null,
        manager: 'macos-app',
      },
      {
        name: 'Microsoft Edge',
        version: '153.0.4234.32',
        arch: 'arm64',
        sourceName: null,
        sourceVersion: null,
        manager: 'macos-app',
      },
      {
        name: 'Automator Application Stub',
        version: '1.3',
        arch: 'arm64',
        sourceName: null,
        sourceVersion: null,
        manager: 'macos-app',
      },
    ]);
    expect(parseApplications(fixture('macos', 'applications-universal.json')).map((app) => app.arch)).toEqual(
      ['universal', 'universal'],
    );
  });

  it('keeps an app without a version as "unknown" and lists duplicates once', () => {
    const json = JSON.parse(fixture('macos', 'applications-arm.json')) as {
      SPApplicationsDataType: Record<string, unknown>[];
    };
    const edge = json.SPApplicationsDataType[1] ?? {};
    json.SPApplicationsDataType.push({ ...edge, path: '/Users/tech/Applications/Microsoft Edge.app' });
    delete json.SPApplicationsDataType[0]?.version;
    const apps = parseApplications(JSON.stringify(json));
    expect(apps).toHaveLength(3);
    expect(apps[0]?.version).toBe('unknown');
  });

  it('throws ParseError on truncated or foreign JSON', () => {
    const json = fixture('macos', 'applications-arm.json');
    expect(() => parseApplications(json.slice(0, 300))).toThrow(/not JSON/);
    expect(() => parseApplications('{"SPSoftwareDataType":[]}')).toThrow(/SPApplicationsDataType/);
  });
});
