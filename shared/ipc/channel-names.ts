/**
 * The channel and event names alone, without their schemas, so the sandboxed preload can build
 * `window.patchdeck` without bundling zod. `contract.ts` is checked against these lists at compile time.
 */
export const channelNames = [
  'app:info',
  'client:list',
  'client:add',
  'client:update',
  'client:remove',
  'device:list',
  'device:get',
  'device:add',
  'device:update',
  'device:remove',
  'device:trust',
  'scan:run',
  'inventory:packages',
  'inventory:changes',
  'patch:list',
  'patch:priorities',
  'feed:import',
  'feed:status',
  'vuln:list',
  'deploy:start',
  'job:list',
  'job:get',
  'job:cancel',
  'job:retry',
  'job:rollback',
  'policy:list',
  'policy:add',
  'policy:update',
  'policy:remove',
  'approval:list',
  'approval:decide',
  'approval:withdraw',
  'exception:list',
  'exception:add',
  'exception:remove',
  'schedule:preview',
  'schedule:due',
  'settings:get',
  'settings:update',
  'backup:create',
  'backup:restore',
  'dashboard:summary',
  'report:preview',
  'report:export',
  'branding:get',
  'branding:set',
  'demo:load',
] as const;

export const eventNames = ['updater:state', 'scan:progress', 'job:progress', 'job:output'] as const;

export type Channel = (typeof channelNames)[number];
export type EventName = (typeof eventNames)[number];
