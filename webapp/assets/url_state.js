// Clientside callbacks that write the page's state into the URL. They start from the browser's
// own window.location.search, so the period and a page's parameters never overwrite each other.
(function () {
  function searchWith(changes) {
    const params = new URLSearchParams(window.location.search);
    Object.entries(changes).forEach(([key, value]) => {
      if (value === null || value === undefined || value === '') params.delete(key);
      else params.set(key, value);
    });
    const text = params.toString().replace(/%2C/gi, ',');
    return text ? '?' + text : '';
  }

  function changed(search) {
    return search === window.location.search ? window.dash_clientside.no_update : search;
  }

  const day = (value) => (value ? String(value).slice(0, 10) : null);

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    urlState: {
      // a preset button or the date pickers moved: write ?range= or ?start=&end=
      applyRange: function (preset, start, end, resolved) {
        if (!resolved) return window.dash_clientside.no_update;
        const clear = { range: null, start: null, end: null };
        const datesMoved = day(start) !== day(resolved.start) || day(end) !== day(resolved.end);
        if (datesMoved && day(start) && day(end)) {
          return changed(searchWith({ ...clear, start: day(start), end: day(end) }));
        }
        if (preset === resolved.preset) return window.dash_clientside.no_update;
        return changed(searchWith({ ...clear, range: preset && preset !== 'ALL' ? preset : null }));
      },
      // the overview's picked symphony; the automatic first pick stays out of the URL, so a
      // visit to / never pushes a history entry of its own (back would land on / again)
      setSymphony: function (value, automatic) {
        const inUrl = new URLSearchParams(window.location.search).get('symphony');
        if (!inUrl && value === automatic) return window.dash_clientside.no_update;
        return changed(searchWith({ symphony: value }));
      },
      setSymphonies: function (values) {
        return changed(searchWith({ symphonies: (values || []).join(',') }));
      },
    },
  });
})();
