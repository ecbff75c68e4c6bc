/** A small horizontal bar: the succeeded share in green over the failed share in red. */
export function SuccessRateBar({ rate, width = 64 }: { rate: number; width?: number }) {
  const succeeded = Math.max(0, Math.min(1, rate)) * width;
  return (
    <svg width={width} height={6} viewBox={`0 0 ${width} 6`} aria-hidden="true" className="shrink-0">
      <rect width={width} height={6} rx={3} className="fill-red-200" />
      {succeeded > 0 ? <rect width={succeeded} height={6} rx={3} className="fill-emerald-500" /> : null}
    </svg>
  );
}
