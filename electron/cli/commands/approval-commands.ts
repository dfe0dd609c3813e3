import type { ApprovalDecision, ApprovalDecisionKind } from '../../../shared/domain/policies';
import type { PatchGroup } from '../../../shared/domain/patch-groups';
import type { Patch } from '../../../shared/domain/scan';
import { AppError, assertNever } from '../../../shared/errors';
import type { Engine } from '../../engine/create-engine';
import { groupPatches } from '../../engine/inventory/inventory-service';
import { decisionFor, indexDecisions } from '../../engine/policy/approval-rules';
import type { Command, CommandInput } from '../command';
import { requiredOption, singlePositional, stringOption } from '../options';
import { formatTable } from '../table';
import { assertFuture, dayOrInstantOption, humanInZone, technicianTimeZone } from '../time-options';

/** One package or KB across the fleet (or one client), as the console's Patches page groups it, with its decision. */
type ApprovalGroup = PatchGroup & { readonly decision: ApprovalDecision | null };

/** The engine's patch groups, most urgent first, each with the fleet-wide decision on it (by name or KB). */
function approvalGroups(patches: readonly Patch[], decisions: readonly ApprovalDecision[]): ApprovalGroup[] {
  const index = indexDecisions(decisions);
  const decided = new Map<string, ApprovalDecision>();
  for (const patch of patches) {
    const decision = decided.has(patch.name) ? undefined : decisionFor(index, patch);
    if (decision) decided.set(patch.name, decision);
  }
  return groupPatches(patches).map((group) => ({ ...group, decision: decided.get(group.package) ?? null }));
}

function describeColours(colours: PatchGroup['colours']): string {
  const present = (['red', 'yellow', 'green', 'unrated'] as const).filter((colour) => colours[colour] > 0);
  return present.map((colour) => `${colours[colour]} ${colour}`).join(', ');
}

function describeDecision(decision: ApprovalDecision | null, zone: string): string {
  if (decision === null) return 'waiting';
  switch (decision.decision) {
    case 'approve':
      return 'approved';
    case 'exclude':
      return 'excluded';
    case 'defer':
      return decision.until === null
        ? 'deferred'
        : `deferred until ${humanInZone(new Date(decision.until), zone)}`;
    default:
      return assertNever(decision.decision, 'approval decision');
  }
}

const approvals: Command = {
  path: ['approvals'],
  usage: 'patchdeck approvals [--client <client>]',
  summary:
    'The approvals queue: every package or KB some device misses, with its devices, severity and decision.',
  options: { client: { type: 'string' } },
  maxPositionals: 0,
  async run(engine, input) {
    const client = stringOption(input, 'client');
    const clientId = client === undefined ? undefined : engine.clients.resolve(client).id;
    const groups = approvalGroups(engine.inventory.patches({ clientId }), engine.approvals.decisions());
    const zone = technicianTimeZone();
    return {
      json: groups,
      text:
        groups.length === 0
          ? 'No device misses an update: nothing waits for approval.'
          : formatTable(
              ['PACKAGE', 'VERSION', 'DEVICES', 'SECURITY', 'SEVERITY', 'DUE', 'FIRST SEEN', 'DECISION'],
              groups.map((group) => [
                group.package,
                group.versions.join(', '),
                String(group.devices),
                group.kev ? 'KEV' : group.security ? 'yes' : 'no',
                describeColours(group.colours),
                group.dueAt === null ? '-' : humanInZone(new Date(group.dueAt), zone),
                humanInZone(new Date(group.firstSeenAt), zone).slice(4, 14),
                describeDecision(group.decision, zone),
              ]),
            ),
    };
  },
};

/**
 * The packages a technician named, spelled as the scans store them (a KB may be named by an update's advisory id),
 * with the devices that miss each. A name no device misses is refused: it is almost always a typo.
 */
function missingPackages(engine: Engine, names: readonly string[]): Map<string, Set<number>> {
  const patches = engine.inventory.patches({});
  const found = new Map<string, Set<number>>();
  const unknown: string[] = [];
  for (const name of names) {
    const wanted = name.trim().toLowerCase();
    const matching = patches.filter(
      (patch) =>
        patch.name.toLowerCase() === wanted || patch.advisoryIds.some((id) => id.toLowerCase() === wanted),
    );
    const [first] = matching;
    if (!first) {
      unknown.push(name);
      continue;
    }
    const spelled =
      first.name.toLowerCase() === wanted
        ? first.name
        : (first.advisoryIds.find((id) => id.toLowerCase() === wanted) ?? name.trim());
    const devices = found.get(spelled) ?? new Set<number>();
    for (const patch of matching) devices.add(patch.deviceId);
    found.set(spelled, devices);
  }
  if (unknown.length > 0)
    throw new AppError(
      'not-found',
      `No device misses ${unknown.map((name) => `'${name}'`).join(', ')}: \`patchdeck approvals\` lists the packages and KBs waiting.`,
      'package',
    );
  return found;
}

const verbs: Record<ApprovalDecisionKind, string> = {
  approve: 'Approved',
  defer: 'Deferred',
  exclude: 'Excluded',
};

function decideCommand(kind: ApprovalDecisionKind, usage: string, summary: string): Command {
  return {
    path: [kind],
    usage,
    summary,
    options: {
      note: { type: 'string' },
      client: { type: 'string' },
      ...(kind === 'defer' ? { until: { type: 'string' } } : {}),
    },
    async run(engine, input: CommandInput) {
      if (stringOption(input, 'client') !== undefined)
        throw new AppError(
          'invalid-input',
          `A decision is fleet-wide, not per client: to keep a package off one client's devices, use \`patchdeck exception add --package <name> --client <client>\`.`,
          'client',
        );
      if (input.positionals.length === 0)
        throw new AppError('invalid-input', 'Missing argument: package or KB.', 'package');
      let until: Date | undefined;
      if (kind === 'defer') {
        const text = requiredOption(input, 'until');
        until = dayOrInstantOption(text, 'until', 'start');
        assertFuture(until, text, 'until');
      }
      const packages = missingPackages(engine, input.positionals);
      const made = engine.approvals.decide({
        packages: [...packages.keys()],
        decision: kind,
        ...(until === undefined ? {} : { until: until.toISOString() }),
        note: stringOption(input, 'note') ?? '',
      });
      const devices = new Set([...packages.values()].flatMap((ids) => [...ids]));
      const zone = technicianTimeZone();
      const untilText = until === undefined ? '' : ` until ${humanInZone(until, zone)} (${zone})`;
      const them = made.length === 1 ? 'it' : 'them';
      const miss = devices.size === 1 ? '1 device misses' : `${devices.size} devices miss`;
      return {
        json: made.map((decision) => ({
          ...decision,
          devices: packages.get(decision.package)?.size ?? 0,
        })),
        text: `${verbs[kind]} ${made.map((decision) => decision.package).join(', ')} fleet-wide${untilText}: ${miss} ${them}.`,
      };
    },
  };
}

const approve = decideCommand(
  'approve',
  'patchdeck approve <package|KB>... [--note <text>]',
  'Approve packages or KBs fleet-wide: every policy may deploy them in its next window.',
);

const defer = decideCommand(
  'defer',
  'patchdeck defer <package|KB>... --until <date> [--note <text>]',
  'Hold packages or KBs back fleet-wide until a day (00:00 in your zone) or an ISO 8601 instant.',
);

const exclude = decideCommand(
  'exclude',
  'patchdeck exclude <package|KB>... [--note <text>]',
  'Exclude packages or KBs fleet-wide: no policy deploys them until the decision is withdrawn.',
);

const approvalWithdraw: Command = {
  path: ['approval', 'withdraw'],
  usage: 'patchdeck approval withdraw <package|KB>',
  summary: "Withdraw a decision: the package goes back to the policies' own approval rules.",
  options: {},
  maxPositionals: 1,
  async run(engine, input) {
    const name = singlePositional(input, 'package or KB');
    engine.approvals.withdraw(name.trim());
    return {
      json: { withdrawn: name.trim() },
      text: `Withdrew the decision on ${name.trim()}: the policies' own approval rules apply to it again.`,
    };
  },
};

export const approvalCommands: readonly Command[] = [approvals, approve, defer, exclude, approvalWithdraw];
