import { useEffect, type ReactNode } from 'react';
import { AlertOctagon, CalendarClock, Gauge, History, ShieldAlert, TriangleAlert } from 'lucide-react';
import type { LucideIcon } from 'lucide-react';
import type { SlaColour } from '../../../../shared/domain/fleet';
import { exceptionWarningDays, type DashboardSummary } from '../../../../shared/domain/reports';
import { formatAgo, formatCount, formatDate } from '../../format';
import { useClientsStore } from '../../stores/clients-store';
import { useDashboardStore } from '../../stores/dashboard-store';
import { useJobsStore } from '../../stores/jobs-store';
import { Badge } from '../../ui/badge';
import { PageHeader } from '../../ui/page-header';
import { FirstRun } from '../first-run/first-run';
import { formatDay } from './format-day';
import { TrendChart } from './trend-chart';
import { FormError } from '../../ui/form-error';

function Stat({
  icon: Icon,
  label,
  value,
  note,
  tone,
}: {
  readonly icon: LucideIcon;
  readonly label: string;
  readonly value: string;
  readonly note: string;
  readonly tone?: 'danger' | 'warning' | 'success';
}) {
  return (
    <section className={tone ? `stat stat--${tone}` : 'stat'} aria-label={label}>
      <div className="stat__head">
        <Icon size={16} aria-hidden="true" />
        {label}
      </div>
      <div className="stat__value">{value}</div>
      <div className="stat__note">{note}</div>
    </section>
  );
}

/** A dashboard card: a title, and either its content or one sentence saying why it is empty. */
function Widget({
  title,
  empty,
  children,
  wide,
}: {
  readonly title: string;
  readonly empty: string | null;
  readonly children?: ReactNode;
  readonly wide?: boolean;
}) {
  return (
    <section className={wide ? 'card widget widget--wide' : 'card widget'} aria-label={title}>
      <h2 className="card__title">{title}</h2>
      {empty === null ? children : <p className="widget__empty">{empty}</p>}
    </section>
  );
}

const dayCount = (days: number) => (days === 1 ? '1 day' : `${formatCount(days)} days`);

const colourLabels: Readonly<Record<SlaColour, string>> = { red: 'Red', yellow: 'Yellow', green: 'Green' };

function Percent({ value }: { readonly value: number | null }) {
  return <>{value === null ? '—' : `${value}%`}</>;
}

function Meter({ value }: { readonly value: number | null }) {
  return (
    <span className="meter" aria-hidden="true">
      <span className="meter__fill" style={{ width: `${value ?? 0}%` }} />
    </span>
  );
}

type DueUpdate = DashboardSummary['dueSoon'][number];

/**
 * A missing update's identity, as the engine keys it: device names repeat across clients, and one device can miss
 * a package for two architectures or from two package managers.
 */
const dueKey = (due: DueUpdate) => JSON.stringify([due.deviceId, due.manager, due.package, due.arch]);

/** Whether the list holds the same package for this device more than once, so the arch tells the rows apart. */
const archNeeded = (list: readonly DueUpdate[], due: DueUpdate) =>
  list.some((other) => other !== due && other.deviceId === due.deviceId && other.package === due.package);

/** An exception in the review list: expired (the package is deployed again), or expiring soon. */
function ExceptionRow({
  exception,
  expired,
}: {
  readonly exception: DashboardSummary['expiredExceptions'][number];
  readonly expired: boolean;
}) {
  return (
    <li className="due-list__row">
      <CalendarClock size={14} aria-hidden="true" />
      <span className="due-list__what">
        Exception for {exception.package} on {exception.target}
      </span>
      <Badge tone={expired ? 'danger' : 'warning'}>
        {expired ? 'expired' : 'expires'} {formatDate(exception.expiresAt)}
      </Badge>
    </li>
  );
}

function Summary({ summary }: { readonly summary: DashboardSummary }) {
  const openJob = useJobsStore((state) => state.open);
  const overdue =
    summary.byColour.red.overdue + summary.byColour.yellow.overdue + summary.byColour.green.overdue;
  const outstanding =
    summary.outstanding.red +
    summary.outstanding.yellow +
    summary.outstanding.green +
    summary.outstanding.unrated;
  const fresh = summary.scanFreshness;
  const dueNext = summary.dueSoon.slice(0, 6);
  return (
    <>
      <div className="stats">
        <Stat
          icon={Gauge}
          label="Fleet compliance"
          value={summary.fleet.percent === null ? '—' : `${summary.fleet.percent}%`}
          note={`${formatCount(summary.fleet.fullyPatched)} of ${formatCount(summary.fleet.devices)} devices fully patched`}
          tone={summary.fleet.percent !== null && summary.fleet.percent >= 90 ? 'success' : undefined}
        />
        <Stat
          icon={ShieldAlert}
          label="Outstanding patches"
          value={formatCount(outstanding)}
          note={`${formatCount(summary.outstanding.red)} red, ${formatCount(summary.outstanding.yellow)} yellow`}
        />
        <Stat
          icon={CalendarClock}
          label="Overdue"
          value={formatCount(overdue)}
          note="past their SLA due date"
          tone={overdue > 0 ? 'danger' : 'success'}
        />
        <Stat
          icon={AlertOctagon}
          label="KEV exposure"
          value={formatCount(summary.kev.devices)}
          note={`devices missing ${formatCount(summary.kev.patches)} known-exploited fixes`}
          tone={summary.kev.devices > 0 ? 'danger' : 'success'}
        />
      </div>
      <div className="dash-grid">
        <Widget
          title="Compliance trend"
          wide
          empty={
            summary.trend.length === 0 ? 'The trend starts with the first daily snapshot after a scan.' : null
          }
        >
          <TrendChart trend={summary.trend} />
          <p className="widget__legend">
            <span className="legend legend--line">fully patched</span>
            <span className="legend legend--bar">overdue patches</span>
          </p>
        </Widget>
        <Widget
          title="Outstanding by colour"
          empty={outstanding === 0 ? 'Nothing outstanding: every scanned device is up to date.' : null}
        >
          <ul className="colour-list">
            {(['red', 'yellow', 'green'] as const).map((colour) => {
              const due = summary.byColour[colour];
              return (
                <li key={colour} className="colour-list__row">
                  <span className={`dot dot--${colour}`} aria-hidden="true" />
                  <span className="colour-list__name">{colourLabels[colour]}</span>
                  <span className="colour-list__count">{formatCount(due.outstanding)}</span>
                  <span
                    className={
                      due.overdue > 0
                        ? 'colour-list__overdue colour-list__overdue--late'
                        : 'colour-list__overdue'
                    }
                  >
                    {due.overdue > 0 ? `${formatCount(due.overdue)} overdue` : 'none overdue'}
                  </span>
                  <span className="cell-muted">
                    {due.nextDueAt ? `next due ${formatDate(due.nextDueAt)}` : 'nothing due'}
                  </span>
                </li>
              );
            })}
          </ul>
        </Widget>
        <Widget title="Compliance by client" empty={summary.clients.length === 0 ? 'No clients yet.' : null}>
          <ul className="client-list">
            {summary.clients.map((client) => (
              <li key={client.clientId} className="client-list__row">
                <span className="client-list__name">{client.client}</span>
                <Meter value={client.percent} />
                <span className="client-list__percent">
                  <Percent value={client.percent} />
                </span>
                <span className="cell-muted">
                  {formatCount(client.fullyPatched)}/{formatCount(client.devices)}
                </span>
              </li>
            ))}
          </ul>
        </Widget>
        <Widget
          title="Due next"
          empty={summary.dueSoon.length === 0 ? 'No patch has a due date ahead.' : null}
        >
          <ul className="due-list">
            {dueNext.map((due) => (
              <li key={dueKey(due)} className="due-list__row">
                <span className={`dot dot--${due.colour}`} aria-label={due.colour} />
                <span className="due-list__what">
                  <strong>{due.package}</strong>
                  {archNeeded(dueNext, due) ? (
                    <span className="cell-muted"> ({due.arch})</span>
                  ) : null} on <a href={`#/devices/${due.deviceId}`}>{due.device}</a>{' '}
                  <span className="cell-muted">({due.client})</span>
                </span>
                {due.kev ? <Badge tone="danger">KEV</Badge> : null}
                <span className="cell-muted">{formatDate(due.dueAt)}</span>
              </li>
            ))}
          </ul>
        </Widget>
        <Widget title="Scan freshness" empty={null}>
          <dl className="facts facts--compact">
            <dt>Never scanned successfully</dt>
            <dd>{formatCount(fresh.neverScanned)}</dd>
            <dt>Older than {dayCount(fresh.staleAfterDays)}</dt>
            <dd>{formatCount(fresh.stale)}</dd>
            {fresh.staleAfterDays < 30 ? (
              <>
                <dt>Older than 30 days</dt>
                <dd>{formatCount(fresh.olderThan30Days)}</dd>
              </>
            ) : null}
          </dl>
          {fresh.stalest.length === 0 ? (
            <p className="widget__empty">
              Every device had a successful scan in the last {dayCount(fresh.staleAfterDays)}.
            </p>
          ) : (
            <ul className="due-list">
              {fresh.stalest.slice(0, 5).map((stale) => (
                <li key={stale.deviceId} className="due-list__row">
                  <History size={14} aria-hidden="true" />
                  <span className="due-list__what">
                    <a href={`#/devices/${stale.deviceId}`}>{stale.device}</a>{' '}
                    <span className="cell-muted">({stale.client})</span>
                  </span>
                  <span className="cell-muted">
                    {stale.lastScanAt ? formatAgo(stale.lastScanAt) : 'never'}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Widget>
        <Widget
          title="Failed jobs"
          empty={summary.failedJobs.recent.length === 0 ? 'No deployment failed.' : null}
        >
          <p className="widget__lead">{formatCount(summary.failedJobs.lastSevenDays)} in the last 7 days</p>
          <ul className="due-list">
            {summary.failedJobs.recent.map((job) => (
              <li key={job.jobId} className="due-list__row">
                {/* The Jobs page shows the job it finds open, so the link lands on this job, not the whole list. */}
                <a href="#/jobs" onClick={() => void openJob(job.jobId)}>
                  Job {job.jobId}
                </a>
                <span className="due-list__what cell-muted" title={job.error ?? undefined}>
                  {job.failedDevices} failed {job.failedDevices === 1 ? 'device' : 'devices'}
                  {job.error ? `: ${job.error}` : ''}
                </span>
                <span className="cell-muted">{job.finishedAt ? formatAgo(job.finishedAt) : ''}</span>
              </li>
            ))}
          </ul>
        </Widget>
        <Widget
          title="For review"
          empty={
            summary.endOfLife.length === 0 &&
            summary.expiredExceptions.length === 0 &&
            summary.expiringExceptions.length === 0
              ? `No end-of-life systems, and no exception expired or expiring within ${exceptionWarningDays} days.`
              : null
          }
        >
          <ul className="due-list">
            {summary.endOfLife.map((system) => (
              <li key={system.system} className="due-list__row">
                <TriangleAlert size={14} aria-hidden="true" />
                <span className="due-list__what">
                  {system.system}{' '}
                  <span className="cell-muted">
                    on {formatCount(system.devices)} {system.devices === 1 ? 'device' : 'devices'}
                  </span>
                </span>
                <Badge tone={system.past ? 'danger' : 'warning'}>
                  {system.past ? 'end of life' : `ends ${formatDay(system.endOfLife)}`}
                </Badge>
              </li>
            ))}
            {summary.expiredExceptions.map((exception) => (
              <ExceptionRow key={exception.id} exception={exception} expired />
            ))}
            {/* Soonest first, so the technician renews an exception before its package is deployed again. */}
            {summary.expiringExceptions.map((exception) => (
              <ExceptionRow key={exception.id} exception={exception} expired={false} />
            ))}
          </ul>
        </Widget>
      </div>
    </>
  );
}

/** The fleet at a glance from dashboard:summary; an empty database gets the guided first run instead. */
export function DashboardPage() {
  const clients = useClientsStore((state) => state.clients);
  const clientsStatus = useClientsStore((state) => state.status);
  const loadClients = useClientsStore((state) => state.load);
  const summary = useDashboardStore((state) => state.summary);
  const error = useDashboardStore((state) => state.error);
  const load = useDashboardStore((state) => state.load);

  useEffect(() => {
    void loadClients();
    void load();
  }, [loadClients, load]);

  let body: ReactNode = null;
  if (clientsStatus === 'ready' && clients.length === 0)
    body = <FirstRun progress={{ clients: 0, devices: 0 }} />;
  else if (error) body = <FormError message={error} />;
  // Until a first scan succeeds the dashboard has nothing to show: the guide leads on to it.
  else if (summary && summary.fleet.scanned === 0)
    body = <FirstRun progress={{ clients: clients.length, devices: summary.fleet.devices }} />;
  else if (summary) body = <Summary summary={summary} />;

  return (
    <div className="page">
      <PageHeader title="Dashboard" description="Compliance, exposure and what needs you today." />
      {body}
    </div>
  );
}
