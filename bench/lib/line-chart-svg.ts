// A small line chart as SVG text (no dependency): one panel per call, several series sharing
// the x axis. Used for the soak curves in docs/.

export type TSeries = { name: string; color: string; points: [number, number][] };

export function lineChartSvg(options: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: TSeries[];
  width?: number;
  height?: number;
}): string {
  const width = options.width ?? 760;
  const height = options.height ?? 300;
  const left = 60;
  const right = 150;
  const top = 30;
  const bottom = 40;
  const all = options.series.flatMap((s) => s.points);
  const maxX = Math.max(1, ...all.map(([x]) => x));
  const maxY = niceCeiling(Math.max(1, ...all.map(([, y]) => (Number.isFinite(y) ? y : 0))));
  const px = (x: number) => left + (x / maxX) * (width - left - right);
  const py = (y: number) => top + (1 - y / maxY) * (height - top - bottom);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="18" font-size="13" font-weight="bold">${escapeXml(options.title)}</text>`,
  ];
  for (let tick = 0; tick <= 4; tick++) {
    const y = (maxY * tick) / 4;
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${py(y) + 4}" text-anchor="end">${formatNumber(y)}</text>`,
    );
  }
  for (let tick = 0; tick <= 5; tick++) {
    const x = (maxX * tick) / 5;
    parts.push(
      `<text x="${px(x)}" y="${height - bottom + 16}" text-anchor="middle">${formatNumber(x)}</text>`,
    );
  }
  parts.push(
    `<text x="${(left + width - right) / 2}" y="${height - 6}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`,
    `<text x="14" y="${(top + height - bottom) / 2}" transform="rotate(-90 14 ${(top + height - bottom) / 2})" text-anchor="middle">${escapeXml(options.yLabel)}</text>`,
  );
  options.series.forEach((series, index) => {
    const path = series.points
      .filter(([, y]) => Number.isFinite(y))
      .map(([x, y], i) => `${i === 0 ? "M" : "L"}${px(x).toFixed(1)},${py(y).toFixed(1)}`)
      .join(" ");
    parts.push(
      `<path d="${path}" fill="none" stroke="${series.color}" stroke-width="1.8"/>`,
      `<rect x="${width - right + 12}" y="${top + index * 18}" width="12" height="3" fill="${series.color}"/>`,
      `<text x="${width - right + 30}" y="${top + index * 18 + 5}">${escapeXml(series.name)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n");
}

function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}
