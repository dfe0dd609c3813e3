import { macosDeployment } from '../../../../electron/engine/platforms/macos/deploy-adapter';
import {
  parseSoftwareUpdateList,
  softwareUpdateToAvailable,
} from '../../../../electron/engine/platforms/macos/software-update';
import type { RemoteOutput, RemoteScript } from '../../../../electron/engine/platforms/types';
import { fixture, frame } from './frame';

const mac = (name: string) => fixture('macos', name);
const ok = (stdout: string): RemoteOutput => ({ stdout, stderr: '', exitCode: 0 });

/** What the recorded Big Sur 11.5.2 Mac offers: Safari (no restart) and macOS 11.6 ("Action: restart"). */
export const bigSurOffers = parseSoftwareUpdateList(mac('softwareupdate-big-sur.txt')).entries.map((entry) =>
  softwareUpdateToAvailable(entry, '11.5.2'),
);
export const bigSurOsUpdate = 'softwareupdate:macOS Big Sur 11.6-20G165';

const preflightOutput = frame('macos-preflight', [
  [
    'disk',
    'Filesystem 1024-blocks Used Available Capacity Mounted\n/dev/disk3s1s1 482797652 9556016 301258208 4% /',
    0,
  ],
  ['lock', '', 0],
  ['boot-id', mac('sysctl-kern-boottime.txt'), 0],
  ['sw-vers', '11.5.2', 0],
  ['softwareupdate', mac('softwareupdate-big-sur.txt'), 0],
  ['brew', '', 127, 'brew: not found'],
]);
const installOutput = frame('macos-install', [
  ['start', 'now', 0],
  ['wait', 'finished', 0],
  ['log', mac('softwareupdate-install-big-sur.txt'), 0],
  ['timing', '1705219092000000000 1705219212000000000', 0],
]);
// Before the restart the Mac reports its recorded boot time; after it, a later one.
const bootIdOutput = (restarted: boolean) =>
  frame('macos-boot-id', [
    [
      'boot-id',
      restarted ? '{ sec = 1232800000, usec = 0 } Sat Jan 24 12:26:40 2009' : mac('sysctl-kern-boottime.txt'),
      0,
    ],
  ]);

/**
 * The deployment scripts of a Big Sur Mac, answered with recorded outputs: pre-flight, install, boot id (a later
 * boot once restarted) and the restart itself, which calls `onRestart` (e.g. to rotate the host's key). Any other
 * script succeeds with no output.
 */
export function recordedBigSurDeployment(onRestart: () => void = () => {}) {
  let restarted = false;
  return {
    restarted: () => restarted,
    run(script: RemoteScript): Promise<RemoteOutput> {
      if (script === macosDeployment.preflightScript) return Promise.resolve(ok(preflightOutput));
      if (script === macosDeployment.installScript) return Promise.resolve(ok(installOutput));
      if (script === macosDeployment.bootIdScript) return Promise.resolve(ok(bootIdOutput(restarted)));
      if (script === macosDeployment.rebootScript) {
        restarted = true;
        onRestart();
      }
      return Promise.resolve(ok(''));
    },
  };
}
