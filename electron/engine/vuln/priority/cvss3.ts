/**
 * CVSS v3.0/v3.1 base score from a vector ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" → 9.8), by the
 * specification's formula (FIRST, CVSS v3.1 specification section 7.1 and appendix A for Roundup). Null when
 * the text is not a complete v3 vector.
 */
export function cvss3BaseScore(vector: string): number | null {
  const parts = vector.trim().split('/');
  if (!/^CVSS:3\.[01]$/.test(parts[0] ?? '')) return null;
  const metrics = new Map<string, string>();
  for (const part of parts.slice(1)) {
    const [name, value] = part.split(':');
    if (!name || !value || metrics.has(name)) return null;
    metrics.set(name, value);
  }
  const scopeChanged = metrics.get('S') === 'C';
  if (!scopeChanged && metrics.get('S') !== 'U') return null;
  const av = pick(metrics.get('AV'), { N: 0.85, A: 0.62, L: 0.55, P: 0.2 });
  const ac = pick(metrics.get('AC'), { L: 0.77, H: 0.44 });
  const pr = pick(
    metrics.get('PR'),
    scopeChanged ? { N: 0.85, L: 0.68, H: 0.5 } : { N: 0.85, L: 0.62, H: 0.27 },
  );
  const ui = pick(metrics.get('UI'), { N: 0.85, R: 0.62 });
  const impacts = { H: 0.56, L: 0.22, N: 0 };
  const c = pick(metrics.get('C'), impacts);
  const i = pick(metrics.get('I'), impacts);
  const a = pick(metrics.get('A'), impacts);
  if (av === null || ac === null || pr === null || ui === null || c === null || i === null || a === null)
    return null;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = scopeChanged ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  if (impact <= 0) return 0;
  const exploitability = 8.22 * av * ac * pr * ui;
  return roundUp(Math.min((scopeChanged ? 1.08 : 1) * (impact + exploitability), 10));
}

function pick(value: string | undefined, weights: Record<string, number>): number | null {
  return value !== undefined && value in weights ? (weights[value] ?? null) : null;
}

/** The specification's Roundup: the smallest one-decimal number not below x, immune to float noise. */
function roundUp(x: number): number {
  const scaled = Math.round(x * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}
