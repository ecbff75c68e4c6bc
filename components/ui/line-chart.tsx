export type TLineSeries = {
  name: string;
  /** Tailwind stroke and fill classes, e.g. "stroke-accent-600" + "fill-accent-600". */
  strokeClassName: string;
  fillClassName: string;
  /** One value per label; null leaves a gap (no data for that point). */
  values: readonly (number | null)[];
};

const WIDTH = 640;
const HEIGHT = 160;
const PAD = { top: 12, right: 12, bottom: 24, left: 48 };

/**
 * A small line chart as plain SVG (lines with dots; the first and last labels and the top of the
 * scale shown). Server-rendered: no chart package, no client JavaScript. Several series share the
 * scale; a null value breaks its line. Used by the segment size and the webhook delivery charts.
 */
export function LineChart(props: {
  labels: readonly string[];
  series: readonly TLineSeries[];
  formatValue: (value: number) => string;
  /** The top of the scale (e.g. 1 for rates); by default the largest value. */
  maxValue?: number;
  ariaLabel: string;
  testId?: string;
}) {
  const { labels, series, formatValue } = props;
  const values = series.flatMap((line) => line.values.filter((value): value is number => value !== null));
  const max = props.maxValue ?? Math.max(1, ...values);
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number) =>
    PAD.left + (labels.length === 1 ? innerWidth / 2 : (index / (labels.length - 1)) * innerWidth);
  const y = (value: number) => PAD.top + innerHeight - (Math.min(value, max) / max) * innerHeight;
  const pathOf = (line: TLineSeries) => {
    let isDrawing = false;
    const parts: string[] = [];
    line.values.forEach((value, index) => {
      if (value === null) {
        isDrawing = false;
        return;
      }
      parts.push(`${isDrawing ? "L" : "M"}${x(index).toFixed(1)},${y(value).toFixed(1)}`);
      isDrawing = true;
    });
    return parts.join(" ");
  };
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className="h-auto w-full"
      role="img"
      aria-label={props.ariaLabel}
      data-testid={props.testId}
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
        {formatValue(max)}
      </text>
      <text x={PAD.left - 6} y={y(0) + 4} textAnchor="end" className="fill-zinc-500 text-[10px]">
        {formatValue(0)}
      </text>
      {series.map((line) => (
        <g key={line.name} data-series={line.name}>
          <path d={pathOf(line)} fill="none" className={line.strokeClassName} strokeWidth={2} />
          {line.values.map((value, index) =>
            value === null ? null : (
              <circle
                // biome-ignore lint/suspicious/noArrayIndexKey: one point per label, in label order
                key={index}
                cx={x(index)}
                cy={y(value)}
                r={2.5}
                className={line.fillClassName}
              >
                <title>{`${labels[index]}: ${series.length > 1 ? `${line.name} ` : ""}${formatValue(value)}`}</title>
              </circle>
            ),
          )}
        </g>
      ))}
      {labels.length > 0 ? (
        <text
          x={x(0)}
          y={HEIGHT - 6}
          textAnchor={labels.length === 1 ? "middle" : "start"}
          className="fill-zinc-500 text-[10px]"
        >
          {labels[0]}
        </text>
      ) : null}
      {labels.length > 1 ? (
        <text x={x(labels.length - 1)} y={HEIGHT - 6} textAnchor="end" className="fill-zinc-500 text-[10px]">
          {labels.at(-1)}
        </text>
      ) : null}
    </svg>
  );
}
