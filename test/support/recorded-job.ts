/** The settings of a deploy job written straight into the journal, as DeployService would store them. */
export const recordedJobSettings = JSON.stringify({
  mode: 'upgrade',
  reboot: 'never',
  concurrency: 2,
  maxFailPercent: 100,
  commandTimeoutMs: 10_000,
  rebootTimeoutMs: 10_000,
  connect: {},
});
