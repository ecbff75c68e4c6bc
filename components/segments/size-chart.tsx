import { formatCount } from "@/components/segments/format";
import { LineChart } from "@/components/ui/line-chart";

/** Size over time from the daily snapshots (a line with dots; first and last days labelled). */
export function SizeChart({ points }: { points: { day: string; size: number }[] }) {
  if (points.length === 0) {
    return (
      <p className="px-4 py-6 text-[13px] text-zinc-500">
        No daily snapshot yet: one is taken on every computation.
      </p>
    );
  }
  return (
    <LineChart
      labels={points.map((point) => point.day)}
      series={[
        {
          name: "Size",
          strokeClassName: "stroke-accent-600",
          fillClassName: "fill-accent-600",
          values: points.map((point) => point.size),
        },
      ]}
      formatValue={formatCount}
      ariaLabel={`Segment size over ${points.length} day${points.length === 1 ? "" : "s"}, latest ${formatCount(points.at(-1)!.size)}`}
      testId="size-chart"
    />
  );
}
