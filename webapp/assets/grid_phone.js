// Phones: a grid narrower than 576 px shows its key columns first, sized to fill the width, so a
// trader reads them without scrolling sideways; the other columns follow and can be scrolled to.
// A page marks a grid by wrapping it in an element with `data-grid` (the grid's id) and
// `data-phone-columns` (its key fields, comma-separated; webapp/formatting.phone_grid). Grids
// appear as pages render, so new ones are picked up as they are added to the document.
(function () {
  const PHONE = 576;
  const watched = new WeakSet();

  function arrange(api, wrapper) {
    const element = document.getElementById(wrapper.dataset.grid);
    if (!element) return;
    const keys = (wrapper.dataset.phoneColumns || '').split(',').filter(Boolean);
    const columns = api.getColumns() || [];
    if (!keys.length || !columns.length || element.clientWidth >= PHONE) return;
    const shown = keys.filter((key) => columns.some((c) => c.getColId() === key && c.isVisible()));
    const pinned = columns.filter((c) => c.isVisible() && c.getPinned() === 'left' && !shown.includes(c.getColId()));
    // theme.css may hold the pinned part narrower on a phone than its columns' widths
    const pinnedPart = element.querySelector('.ag-pinned-left-header');
    const pinnedWidth = pinnedPart ? pinnedPart.getBoundingClientRect().width : pinned.reduce((sum, c) => sum + c.getActualWidth(), 0);
    const free = element.clientWidth - pinnedWidth - 16; // the vertical scrollbar
    const unpinned = shown.filter((key) => api.getColumn(key).getPinned() !== 'left');
    api.moveColumns(unpinned, pinned.length);
    if (unpinned.length && free > 0) {
      const width = Math.floor(free / unpinned.length);
      api.setColumnWidths(unpinned.map((key) => ({ key, newWidth: width })));
    }
  }

  async function watch(wrapper) {
    if (watched.has(wrapper) || !window.dash_ag_grid) return;
    watched.add(wrapper);
    const api = await window.dash_ag_grid.getApiAsync(wrapper.dataset.grid);
    // after dash-ag-grid's own sizing of the same events (columnSize)
    const again = () => setTimeout(() => arrange(api, wrapper), 60);
    ['gridSizeChanged', 'newColumnsLoaded', 'firstDataRendered', 'rowDataUpdated'].forEach((e) => api.addEventListener(e, again));
    again();
  }

  function scan() {
    document.querySelectorAll('[data-phone-columns][data-grid]').forEach(watch);
  }

  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', scan);
})();
