// Phones: a grid narrower than 576 px shows its key columns first, sized to fill the width, so a
// trader reads them without scrolling sideways; the other columns follow and can be scrolled to.
// A page marks a grid by wrapping it in an element with `data-grid` (the grid's id) and
// `data-phone-columns` (its key fields, comma-separated; webapp/formatting.phone_grid), and
// optionally `data-phone-fit` (how many of those present fit beside the name). Grids
// appear as pages render, so new ones are picked up as they are added to the document.
(function () {
  const PHONE = 576;
  const watched = new WeakSet();

  function arrange(api, wrapper) {
    const element = document.getElementById(wrapper.dataset.grid);
    // the first `data-phone-fit` of them that the grid has (all by default)
    const present = (wrapper.dataset.phoneColumns || '').split(',').filter((key) => api.getColumn(key));
    const keys = present.slice(0, Number(wrapper.dataset.phoneFit) || present.length);
    if (!element || !keys.length) return;
    const phone = element.clientWidth < PHONE;
    // on a phone the key columns keep the widths set here: dash-ag-grid's autoSize (columnSize),
    // which runs again as the grid resizes, passes them by
    keys.forEach((key) => {
      api.getColumn(key).getColDef().suppressAutoSize = phone;
    });
    const columns = api.getAllDisplayedColumns();
    if (!phone || !columns.length) return;
    // the keys go right after the pinned columns and the grid's own (the selection ticks)
    const leading = [];
    for (const column of columns) {
      if (column.getPinned() !== 'left' && !column.getColId().startsWith('ag-Grid-')) break;
      leading.push(column);
    }
    const order = columns.map((c) => c.getColId());
    if (keys.some((key, i) => order[leading.length + i] !== key)) api.moveColumns(keys, leading.length);
    // the width the unpinned columns are shown in (right of the pinned part, which theme.css
    // narrows on a phone, left of the scrollbar), less the grid's own columns before the keys
    const center = element.querySelector('.ag-body-viewport .ag-center-cols-viewport');
    if (!center) return;
    const unpinnedLeading = leading.filter((c) => c.getPinned() !== 'left').reduce((sum, c) => sum + c.getActualWidth(), 0);
    const free = center.clientWidth - unpinnedLeading - 1;
    const share = Math.floor(free / keys.length);
    const widths = keys.map((key) => ({ key, newWidth: Math.max(share, api.getColumn(key).getMinWidth() || 0) }));
    if (share > 0 && widths.some(({ key, newWidth }) => api.getColumn(key).getActualWidth() !== newWidth)) {
      api.setColumnWidths(widths);
    }
  }

  async function watch(wrapper) {
    if (watched.has(wrapper) || !window.dash_ag_grid) return;
    watched.add(wrapper);
    const api = await window.dash_ag_grid.getApiAsync(wrapper.dataset.grid);
    // after dash-ag-grid's own sizing of the same events (columnSize), and again whenever it sizes
    // the columns to their contents (its own resizes, not ours: those come from the api)
    const again = () =>
      setTimeout(() => {
        try {
          arrange(api, wrapper);
        } catch (error) {
          console.warn('grid_phone.js:', error); // the grid stays as dash-ag-grid laid it out
        }
      }, 60);
    // (the grid's own selection column may be pinned or not once the page's columns arrive: the
    // room left changes with no resize of anything, hence displayed columns and pinning too;
    // arrange() changes nothing when all is in place, so its own moves end there)
    ['gridSizeChanged', 'newColumnsLoaded', 'firstDataRendered', 'rowDataUpdated', 'displayedColumnsChanged', 'columnPinned'].forEach(
      (e) => api.addEventListener(e, again)
    );
    api.addEventListener('columnResized', (event) => {
      if (event.finished && event.source !== 'api') again();
    });
    // the room for the columns also changes with no event of the grid's: a vertical scrollbar
    // appears once the rows are in, the pinned part is narrowed by CSS
    const element = document.getElementById(wrapper.dataset.grid);
    const center = element && element.querySelector('.ag-body-viewport .ag-center-cols-viewport');
    if (center && window.ResizeObserver) new ResizeObserver(again).observe(center);
    again();
  }

  function scan() {
    document.querySelectorAll('[data-phone-columns][data-grid]').forEach(watch);
  }

  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', scan);
})();
