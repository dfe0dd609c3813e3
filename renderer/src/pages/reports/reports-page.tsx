import { useEffect } from 'react';
import { Building2, Download, FileText } from 'lucide-react';
import type { ReportFormat } from '../../../../shared/domain/reports';
import type { AppErrorShape } from '../../../../shared/errors';
import { formatCount } from '../../format';
import { useClientsStore } from '../../stores/clients-store';
import { useReportsStore } from '../../stores/reports-store';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { PageHeader } from '../../ui/page-header';
import { Select } from '../../ui/select';
import { TextField } from '../../ui/text-field';
import { periodRefusal } from './period-refusal';
import { ReportPreview } from './report-preview';
import { FormError } from '../../ui/form-error';
import { LoadFailure } from '../../ui/load-failure';

const formats: readonly { format: ReportFormat; label: string }[] = [
  { format: 'pdf', label: 'Export PDF…' },
  { format: 'html', label: 'Export HTML…' },
  { format: 'csv', label: 'Export CSV…' },
];

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${formatCount(bytes)} bytes` : `${formatCount(Math.round(bytes / 1024))} KB`;
}

/** A client's compliance report for a period: preview it, export it as PDF, HTML or CSV. */
export function ReportsPage() {
  const clients = useClientsStore((state) => state.clients);
  const loadClients = useClientsStore((state) => state.load);
  const clientsStatus = useClientsStore((state) => state.status);
  const clientsError = useClientsStore((state) => state.loadError);
  const clientId = useReportsStore((state) => state.clientId);
  const from = useReportsStore((state) => state.from);
  const to = useReportsStore((state) => state.to);
  const html = useReportsStore((state) => state.html);
  const previewStatus = useReportsStore((state) => state.previewStatus);
  const previewError = useReportsStore((state) => state.previewError);
  const exporting = useReportsStore((state) => state.exporting);
  const exportError = useReportsStore((state) => state.exportError);
  const lastExport = useReportsStore((state) => state.lastExport);
  const setPeriod = useReportsStore((state) => state.setPeriod);
  const exportReport = useReportsStore((state) => state.export);
  const preview = useReportsStore((state) => state.preview);

  useEffect(() => {
    void loadClients();
    // The store keeps the last preview; scans, deployments or new branding since then change the report.
    void preview();
  }, [loadClients, preview]);

  const client = clients.find((candidate) => candidate.id === clientId);
  // A refused period belongs under its date field; a preview still loading may be about a period already changed.
  const refusedPeriodOf = (error: AppErrorShape | null) =>
    error ? periodRefusal(error, { from, to }, client?.timeZone) : null;
  const exportRefusedPeriod = refusedPeriodOf(exportError);
  const previewRefusedPeriod = previewStatus === 'failed' ? refusedPeriodOf(previewError) : null;
  const period = exportRefusedPeriod ?? previewRefusedPeriod;

  return (
    <div className="page">
      <PageHeader
        title="Reports"
        description="Patch compliance per client, for a period: preview and export."
      />
      <section className="report-controls" aria-label="Report">
        <Select
          label="Client"
          value={clientId === null ? '' : String(clientId)}
          placeholder="Choose a client"
          options={clients.map((candidate) => ({ value: String(candidate.id), label: candidate.name }))}
          onChange={(value) => setPeriod({ clientId: value === '' ? null : Number(value) })}
        />
        <TextField
          label="From"
          type="date"
          value={from}
          onChange={(value) => setPeriod({ from: value })}
          error={period?.field === 'from' ? period.message : undefined}
          hint="Empty: the 30 days up to To."
        />
        <TextField
          label="To"
          type="date"
          value={to}
          onChange={(value) => setPeriod({ to: value })}
          error={period?.field === 'to' ? period.message : undefined}
          hint="Empty: today, in the client's time."
        />
        <div className="report-controls__actions">
          {formats.map(({ format, label }) => (
            <Button
              key={format}
              icon={Download}
              variant={format === 'pdf' ? 'primary' : 'secondary'}
              busy={exporting === format}
              disabled={clientId === null || (exporting !== null && exporting !== format)}
              onClick={() => void exportReport(format)}
            >
              {label}
            </Button>
          ))}
        </div>
      </section>
      {exporting ? (
        <p className="report-status" role="status">
          Writing the {exporting.toUpperCase()} report…
        </p>
      ) : null}
      <FormError message={exportRefusedPeriod ? null : exportError?.message} />
      {lastExport && !exporting ? (
        <p className="report-result" aria-label="Last export">
          Saved the {lastExport.format.toUpperCase()} report to{' '}
          <span className="mono">{lastExport.path}</span> ({formatBytes(lastExport.bytes)}).
        </p>
      ) : null}
      {clientId === null && clientsStatus === 'failed' ? (
        <LoadFailure what="the clients" reason={clientsError} onRetry={loadClients} />
      ) : clientId === null && clientsStatus === 'ready' && clients.length === 0 ? (
        // An empty Client list offers nothing to choose: say where clients come from.
        <EmptyState
          icon={Building2}
          title="No clients to report on"
          action={
            <Button variant="primary" onClick={() => (window.location.hash = '#/clients')}>
              Go to Clients
            </Button>
          }
        >
          A report covers one client: add the client and its devices, scan them, then come back for its
          compliance report.
        </EmptyState>
      ) : clientId === null ? (
        <EmptyState icon={FileText} title="Choose a client">
          The preview shows the report exactly as the client will read it: compliance, what is outstanding and
          overdue, what changed, and every decision in the period about its devices or the software on them.
        </EmptyState>
      ) : previewRefusedPeriod ? (
        <p className="cell-muted">The preview appears once the period is corrected.</p>
      ) : previewStatus === 'failed' ? (
        <FormError message={previewError?.message} />
      ) : html !== null ? (
        <ReportPreview html={html} title={`Report preview for ${client?.name ?? 'the client'}`} />
      ) : (
        <p className="cell-muted">Preparing the preview…</p>
      )}
    </div>
  );
}
