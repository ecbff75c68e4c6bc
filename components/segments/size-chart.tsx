import { formatCount } from "@/components/segments/format";

const WIDTH = 640;
const HEIGHT = 160;
const PAD = { top: 12, right: 12, bottom: 24, left: 48 };

/**
 * Size over time from the daily snapshots, as plain SVG (a line with dots; the first and last days
 * and the top of the scale labelled). Server-rendered: no chart package, no client JavaScript.
 */
export function SizeChart({ points }: { points: { day: string; size: number }[] }) {
  if (points.length === 0) {
    return (
      <p className="px-4 py-6 text-[13px] text-zinc-500">
        No daily snapshot yet: one is taken on every computation.
      </p>
    );
  }
  const max = Math.max(1, ...points.map((point) => point.size));
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number) =>
    PAD.left + (points.length === 1 ? innerWidth / 2 : (index / (points.length - 1)) * innerWidth);
  const y = (size: number) => PAD.top + innerHeight - (size / max) * innerHeight;
  const path = points
    .map((point, index) => `${index === 0 ? "M" : "L"}${x(index).toFixed(1)},${y(point.size).toFixed(1)}`)
    .join(" ");
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className="h-auto w-full"
      role="img"
      aria-label={`Segment size over ${points.length} day${points.length === 1 ? "" : "s"}, latest ${formatCount(points.at(-1)!.size)}`}
      data-testid="size-chart"
    >
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} className="stroke-zinc-200" />
      <line
        x1={PAD.left}
        x2={WIDTH - PAD.right}
        y1={y(max)}
        y2={y(max)}
        className="stroke-zinc-100"
        strokeDasharray="4 4"
      />
      <text x={PAD.left - 6} y={y(max) + 4} textAnchor="end" className="fill-zinc-500 text-[10px]">
        {formatCount(max)}
      </text>
      <text x={PAD.left - 6} y={y(0) + 4} textAnchor="end" className="fill-zinc-500 text-[10px]">
        0
      </text>
      <path d={path} fill="none" className="stroke-accent-600" strokeWidth={2} />
      {points.map((point, index) => (
        <circle key={point.day} cx={x(index)} cy={y(point.size)} r={2.5} className="fill-accent-600">
          <title>{`${point.day}: ${formatCount(point.size)}`}</title>
        </circle>
      ))}
      <text
        x={x(0)}
        y={HEIGHT - 6}
        textAnchor={points.length === 1 ? "middle" : "start"}
        className="fill-zinc-500 text-[10px]"
      >
        {points[0]!.day}
      </text>
      {points.length > 1 ? (
        <text x={x(points.length - 1)} y={HEIGHT - 6} textAnchor="end" className="fill-zinc-500 text-[10px]">
          {points.at(-1)!.day}
        </text>
      ) : null}
    </svg>
  );
}
