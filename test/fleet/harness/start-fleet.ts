// Manual entry point: start a fleet and keep it up to try the CLI or the app against it by hand.
//   npx esbuild --bundle --platform=node --format=esm --packages=external \
//     test/fleet/harness/start-fleet.ts --outfile=/tmp/start-fleet.mjs
//   node /tmp/start-fleet.mjs --count 5 [--prefix pdf]   # prints the hosts as JSON, Ctrl-C to stop
//   node /tmp/start-fleet.mjs --count 50 --measure      # starts, stops, prints timings as JSON
import { parseArgs } from 'node:util';
import { startFleet } from './fleet';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '3' },
    prefix: { type: 'string', default: 'pdf' },
    measure: { type: 'boolean', default: false },
  },
});

const fleet = await startFleet({ count: Number(values.count), prefix: values.prefix });
const summary = {
  count: fleet.hosts.length,
  startMs: fleet.startMs,
  image: { stamp: fleet.image.stamp, built: fleet.image.built, readyMs: fleet.image.buildMs },
  repository: fleet.repository.dir,
};

if (values.measure) {
  const stopping = Date.now();
  await fleet.stop();
  console.log(JSON.stringify({ ...summary, stopMs: Date.now() - stopping }));
} else {
  console.log(JSON.stringify({ ...summary, hosts: fleet.hosts }, null, 2));
  console.error(`fleet "${values.prefix}" is up; Ctrl-C or SIGTERM stops it and removes everything`);
  let stopping = false;
  const shutDown = (): void => {
    if (stopping) return;
    stopping = true;
    fleet.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutDown);
  process.on('SIGTERM', shutDown);
  // The hosts' processes are detached and unref'd; this timer is what keeps us alive until a signal.
  setInterval(() => undefined, 1 << 30);
}
