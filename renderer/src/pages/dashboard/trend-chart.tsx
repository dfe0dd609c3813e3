import type { DashboardSummary } from '../../../../shared/domain/reports';
import { formatDay } from './format-day';

const WIDTH = 1040;
const HEIGHT = 200;
const PAD = { left: 46, right: 10, top: 10, bottom: 22 };

/**
 * Fleet compliance per day as a line over 0–100 %, overdue patches as bars behind it. Drawn as plain SVG: no
 * chart library, no inline style, scales with its box.
 */
export function TrendChart({ trend }: { readonly trend: DashboardSummary['trend'] }) {
  const points = trend.filter((day) => day.percent !== null);
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number) =>
    PAD.left + (trend.length <= 1 ? innerWidth / 2 : (index / (trend.length - 1)) * innerWidth);
  const y = (percent: number) => PAD.top + innerHeight - (percent / 100) * innerHeight;
  const maxOverdue = Math.max(1, ...trend.map((day) => day.overdue));
  const barWidth = Math.max(2, Math.min(18, innerWidth / Math.max(trend.length, 1) - 6));
  const line = trend
    .flatMap((day, index) =>
      day.percent === null ? [] : [`${x(index).toFixed(1)},${y(day.percent).toFixed(1)}`],
    )
    .join(' ');
  const first = trend[0];
  const last = trend[trend.length - 1];
  const latest = points[points.length - 1];
  return (
    <svg
      className="trend"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={`Compliance trend over ${trend.length} days${latest?.percent != null ? `, now ${latest.percent}%` : ''}`}
    >
      {[0, 50, 100].map((percent) => (
        <g key={percent}>
          <line
            className="trend__grid"
            x1={PAD.left}
            x2={WIDTH - PAD.right}
            y1={y(percent)}
            y2={y(percent)}
          />
          <text className="trend__axis" x={PAD.left - 6} y={y(percent) + 4} textAnchor="end">
            {percent}%
          </text>
        </g>
      ))}
      {trend.map((day, index) =>
        day.overdue > 0 ? (
          <rect
            key={day.day}
            className="trend__bar"
            x={x(index) - barWidth / 2}
            width={barWidth}
            y={PAD.top + innerHeight - (day.overdue / maxOverdue) * innerHeight * 0.5}
            height={(day.overdue / maxOverdue) * innerHeight * 0.5}
          >
            <title>{`${day.day}: ${day.overdue} overdue`}</title>
          </rect>
        ) : null,
      )}
      {points.length > 1 ? <polyline className="trend__line" points={line} /> : null}
      {trend.map((day, index) =>
        day.percent === null ? null : (
          <circle
            key={day.day}
            className="trend__dot"
            cx={x(index)}
            cy={y(day.percent)}
            r={points.length > 1 ? 2 : 4}
          >
            <title>{`${day.day}: ${day.percent}% fully patched`}</title>
          </circle>
        ),
      )}
      {first && last ? (
        <>
          <text className="trend__axis" x={PAD.left} y={HEIGHT - 4}>
            {formatDay(first.day)}
          </text>
          <text className="trend__axis" x={WIDTH - PAD.right} y={HEIGHT - 4} textAnchor="end">
            {formatDay(last.day)}
          </text>
        </>
      ) : null}
    </svg>
  );
}
