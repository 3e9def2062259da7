// Cell renderers for dash-ag-grid. Sparkline: a list of numbers drawn as a small SVG line in the
// symphony's colour (the row's `colour`, the same on every chart), ending in a dot that is green
// when the last point is at or above the first, red otherwise.
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

dagcomponentfuncs.Sparkline = function (props) {
  const values = (props.value || []).filter((v) => v !== null && isFinite(v));
  if (values.length < 2) return React.createElement('span', { className: 'text-body-secondary' }, '—');
  const width = 96;
  const height = 22;
  const low = Math.min(...values);
  const span = Math.max(...values) - low || 1;
  const points = values
    .map((v, i) => `${((i * width) / (values.length - 1)).toFixed(1)},${(height - 1 - ((v - low) / span) * (height - 2)).toFixed(1)}`)
    .join(' ');
  const up = values[values.length - 1] >= values[0];
  const last = points.split(' ').pop().split(',').map(Number);
  return React.createElement(
    'svg',
    { width, height, viewBox: `0 0 ${width} ${height}`, className: 'sparkline', role: 'img', 'aria-label': up ? 'up over the period' : 'down over the period' },
    React.createElement('polyline', { points, fill: 'none', stroke: (props.data && props.data.colour) || '#6c757d', strokeWidth: 1.5 }),
    React.createElement('circle', { cx: last[0], cy: last[1], r: 2.5, fill: up ? '#2e9e5b' : '#d9534f' })
  );
};
