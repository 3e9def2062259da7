// Cell renderers for dash-ag-grid. Sparkline: a list of numbers drawn as a small SVG line,
// green when the last point is at or above the first, red otherwise.
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

dagcomponentfuncs.Sparkline = function (props) {
  const values = (props.value || []).filter((v) => v !== null && isFinite(v));
  if (values.length < 2) return React.createElement('span', { className: 'text-body-secondary' }, '—');
  const width = 100;
  const height = 22;
  const low = Math.min(...values);
  const span = Math.max(...values) - low || 1;
  const points = values
    .map((v, i) => `${((i * width) / (values.length - 1)).toFixed(1)},${(height - 1 - ((v - low) / span) * (height - 2)).toFixed(1)}`)
    .join(' ');
  const up = values[values.length - 1] >= values[0];
  return React.createElement(
    'svg',
    { width, height, viewBox: `0 0 ${width} ${height}`, className: 'sparkline', role: 'img', 'aria-label': up ? 'up over the period' : 'down over the period' },
    React.createElement('polyline', { points, fill: 'none', stroke: up ? '#2e9e5b' : '#d9534f', strokeWidth: 1.5 })
  );
};
