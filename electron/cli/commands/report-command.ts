import { ReportFormat, reportFormats } from '../../../shared/domain/reports';
import { AppError } from '../../../shared/errors';
import type { Command } from '../command';
import { requiredOption, stringOption } from '../options';

const report: Command = {
  path: ['report'],
  usage:
    'patchdeck report --client <client> --format pdf|html|csv --out <file> [--from <date>] [--to <date>]',
  summary:
    "Write a client's compliance report (dates are YYYY-MM-DD in the client's zone; default: the last 30 days).",
  options: {
    client: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
  maxPositionals: 0,
  async run(engine, input) {
    const format = ReportFormat.safeParse(requiredOption(input, 'format'));
    if (!format.success) {
      throw new AppError(
        'invalid-input',
        `--format must be one of ${reportFormats.join(', ')}, not '${stringOption(input, 'format')}'.`,
        'format',
      );
    }
    const out = requiredOption(input, 'out');
    const client = engine.clients.resolve(requiredOption(input, 'client'));
    const written = await engine.reports.export({
      clientId: client.id,
      format: format.data,
      path: out,
      from: stringOption(input, 'from'),
      to: stringOption(input, 'to'),
    });
    return {
      json: { client: client.name, format: format.data, path: written.path, bytes: written.bytes },
      text: `Wrote the ${format.data.toUpperCase()} report of ${client.name} to ${written.path} (${written.bytes} bytes).`,
    };
  },
};

export const reportCommands: readonly Command[] = [report];
