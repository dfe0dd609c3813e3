import { useEffect, useMemo, useState } from 'react';
import { Ban, CalendarClock, Check, PackageCheck, Undo2 } from 'lucide-react';
import { formatCount, formatDate } from '../../format';
import type { PatchGroup } from '../../../../shared/domain/patch-groups';
import { usePatchesStore, visibleGroups, type DecisionFilter } from '../../stores/patches-store';
import { Badge } from '../../ui/badge';
import { Button, IconButton } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { PageHeader } from '../../ui/page-header';
import { SegmentedControl } from '../../ui/segmented-control';
import { Table, type Column } from '../../ui/table';
import { SearchBox, Toolbar, ToolbarCount } from '../../ui/toolbar';
import { DecisionBadge } from './decision-badge';
import { DeferDialog } from './defer-dialog';
import { FormError } from '../../ui/form-error';
import { LoadFailure } from '../../ui/load-failure';

const filters: readonly { value: DecisionFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'pending', label: 'Waiting' },
  { value: 'approve', label: 'Approved' },
  { value: 'defer', label: 'Deferred' },
  { value: 'exclude', label: 'Excluded' },
];

function Colours({ group }: { readonly group: PatchGroup }) {
  const { red, yellow, green, unrated } = group.colours;
  return (
    <span className="sla">
      {group.kev ? <Badge tone="accent">KEV</Badge> : null}
      {red > 0 ? <Badge tone="danger">{red} red</Badge> : null}
      {yellow > 0 ? <Badge tone="warning">{yellow} yellow</Badge> : null}
      {green > 0 ? <Badge tone="success">{green} green</Badge> : null}
      {unrated > 0 ? <Badge>{unrated} unrated</Badge> : null}
    </span>
  );
}

/** Fleet-wide missing patches, by package: approve, defer or exclude for many devices at once. */
export function PatchesPage() {
  const groups = usePatchesStore((state) => state.groups);
  const status = usePatchesStore((state) => state.status);
  const loadError = usePatchesStore((state) => state.loadError);
  const search = usePatchesStore((state) => state.search);
  const decisionFilter = usePatchesStore((state) => state.decisionFilter);
  const selected = usePatchesStore((state) => state.selected);
  const load = usePatchesStore((state) => state.load);
  const setSearch = usePatchesStore((state) => state.setSearch);
  const setDecisionFilter = usePatchesStore((state) => state.setDecisionFilter);
  const toggle = usePatchesStore((state) => state.toggle);
  const setTicked = usePatchesStore((state) => state.setTicked);
  const decide = usePatchesStore((state) => state.decide);
  const withdraw = usePatchesStore((state) => state.withdraw);
  const [deferring, setDeferring] = useState(false);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  useEffect(() => {
    void load();
  }, [load]);

  const rows = useMemo(() => visibleGroups(groups, search, decisionFilter), [groups, search, decisionFilter]);
  const allShownSelected = rows.length > 0 && rows.every((group) => selected.has(group.package));
  // Ticks the search or the filter hides stay in the store, but a fleet-wide decision must cover only the
  // ticks the technician can see.
  const shownSelection = rows.filter((group) => selected.has(group.package)).map((group) => group.package);

  const columns = useMemo<readonly Column<PatchGroup>[]>(
    () => [
      {
        key: 'select',
        header: '',
        width: '52px',
        render: (group) => (
          <input
            type="checkbox"
            className="checkbox__box"
            aria-label={`Select ${group.package}`}
            checked={selected.has(group.package)}
            onChange={() => toggle(group.package)}
            // The row toggles on click too; without this the box would flip twice.
            onClick={(event) => event.stopPropagation()}
          />
        ),
      },
      {
        key: 'package',
        header: 'Package or KB',
        width: 'minmax(140px, 1.4fr)',
        render: (group) => (
          <span>
            <span className="cell-strong">{group.package}</span>
            {group.security ? <span className="cell-note">security</span> : null}
          </span>
        ),
      },
      {
        key: 'version',
        header: 'Version',
        width: 'minmax(100px, 0.7fr)',
        render: (group) => <span className="cell-mono">{group.versions.join(', ')}</span>,
      },
      {
        key: 'devices',
        header: 'Devices',
        width: '100px',
        align: 'end',
        render: (group) => formatCount(group.devices),
      },
      {
        key: 'colours',
        header: 'Urgency',
        width: 'minmax(220px, 1.6fr)',
        render: (group) => <Colours group={group} />,
      },
      {
        key: 'cves',
        header: 'CVEs',
        width: 'minmax(150px, 1fr)',
        render: (group) =>
          group.cves.length === 0 ? (
            <span className="cell-muted">none known</span>
          ) : (
            <span className="cell-mono" title={group.cves.join(', ')}>
              {group.cves.slice(0, 2).join(', ')}
              {group.cves.length > 2 ? ` +${group.cves.length - 2}` : ''}
            </span>
          ),
      },
      {
        key: 'due',
        header: 'Earliest due',
        width: '150px',
        render: (group) => (group.dueAt ? formatDate(group.dueAt) : <span className="cell-muted">none</span>),
      },
      {
        key: 'decision',
        header: 'Decision',
        width: 'minmax(160px, 1.2fr)',
        render: (group) => <DecisionBadge decision={group.decision} />,
      },
      {
        key: 'actions',
        header: '',
        width: '60px',
        align: 'end',
        render: (group) =>
          group.decision ? (
            <span className="row-actions">
              <IconButton
                icon={Undo2}
                label={`Withdraw decision on ${group.package}`}
                onClick={() => void withdraw(group.package)}
              />
            </span>
          ) : null,
      },
    ],
    [selected, toggle, withdraw],
  );

  const run = async (action: () => Promise<string | null>) => {
    setBusy(true);
    setActionError(null);
    const problem = await action();
    setBusy(false);
    setActionError(problem);
  };

  let body;
  if (status === 'failed') {
    body = <LoadFailure what="the missing patches" reason={loadError} onRetry={load} />;
  } else if (status === 'ready' && groups.length === 0) {
    body = (
      <EmptyState
        icon={PackageCheck}
        title="Nothing is missing"
        action={
          <Button variant="primary" onClick={() => (window.location.hash = '#/devices')}>
            Go to Devices
          </Button>
        }
      >
        No scanned device misses an update. Scan devices to see their missing updates here by package, ready
        to approve, defer or exclude for many devices at once.
      </EmptyState>
    );
  } else {
    body = (
      <>
        <Toolbar end={<ToolbarCount count={rows.length} noun="package" />}>
          <SearchBox
            label="Search patches"
            placeholder="Search package, version or client"
            value={search}
            onChange={setSearch}
          />
          <SegmentedControl
            label="Decision"
            value={decisionFilter}
            segments={filters}
            onChange={setDecisionFilter}
          />
        </Toolbar>
        <div className="decision-bar" role="region" aria-label="Selected packages">
          <label className="decision-bar__all">
            <input
              type="checkbox"
              className="checkbox__box"
              checked={allShownSelected}
              onChange={() =>
                setTicked(
                  rows.map((group) => group.package),
                  !allShownSelected,
                )
              }
            />
            Select all shown
          </label>
          <span className="decision-bar__count">
            {shownSelection.length === 0
              ? 'Nothing selected'
              : `${formatCount(shownSelection.length)} selected`}
          </span>
          <Button
            icon={Check}
            variant="primary"
            disabled={shownSelection.length === 0}
            busy={busy}
            onClick={() => void run(() => decide(shownSelection, 'approve'))}
          >
            Approve
          </Button>
          <Button
            icon={CalendarClock}
            disabled={shownSelection.length === 0 || busy}
            onClick={() => setDeferring(true)}
          >
            Defer…
          </Button>
          <Button
            icon={Ban}
            variant="danger"
            disabled={shownSelection.length === 0}
            busy={busy}
            onClick={() => void run(() => decide(shownSelection, 'exclude'))}
          >
            Exclude
          </Button>
        </div>
        <FormError message={actionError} />
        <Table
          label="Missing patches"
          rows={rows}
          columns={columns}
          rowKey={(group) => group.package}
          onRowClick={(group) => toggle(group.package)}
          emptyMessage={
            search.trim() !== '' ? `No packages match '${search.trim()}'.` : 'No packages with this decision.'
          }
        />
      </>
    );
  }

  return (
    <div className="page">
      <PageHeader title="Patches" description="Missing updates across the fleet, grouped by package or KB." />
      {body}
      <DeferDialog
        open={deferring}
        count={shownSelection.length}
        onClose={() => setDeferring(false)}
        onDefer={(until, note) => decide(shownSelection, 'defer', until, note)}
      />
    </div>
  );
}
