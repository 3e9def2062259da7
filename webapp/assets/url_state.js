// Clientside callbacks that keep the page's state and the URL in step. Writes start from the
// browser's own window.location.search, so the period and a page's parameters never overwrite
// each other. A page's own state (picked symphony, compare selection, log scale) is pushed with
// a refresh=False Location, and the same callback reads it back when back/forward changes that
// Location, so the page follows the history without being rendered again.
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

  const noUpdate = () => window.dash_clientside.no_update;
  const changed = (search) => (search === window.location.search ? noUpdate() : search);
  const day = (value) => (value ? String(value).slice(0, 10) : null);
  const param = (search, key) => new URLSearchParams(search || '').get(key);
  const fromUrl = () =>
    (window.dash_clientside.callback_context.triggered || []).some((t) => t.prop_id.endsWith('.search'));

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    urlState: {
      // a preset button or the date pickers moved: write ?range= or ?start=&end=; the account
      // picker moved: write ?account= (none for every account)
      applyRange: function (preset, start, end, account, resolved) {
        if (!resolved) return noUpdate();
        if (account && account !== resolved.account) {
          return changed(searchWith({ account: account === 'all' ? null : account }));
        }
        const clear = { range: null, start: null, end: null };
        const datesMoved = day(start) !== day(resolved.start) || day(end) !== day(resolved.end);
        if (datesMoved && day(start) && day(end)) {
          return changed(searchWith({ ...clear, start: day(start), end: day(end) }));
        }
        if (preset === resolved.preset) return noUpdate();
        return changed(searchWith({ ...clear, range: preset && preset !== 'ALL' ? preset : null }));
      },
      // the overview's picked symphony; the automatic first pick stays out of the URL, so a
      // visit to / never pushes a history entry of its own (back would land on / again)
      symphony: function (value, search, automatic) {
        if (fromUrl()) {
          const wanted = param(search, 'symphony') || automatic;
          return [noUpdate(), wanted && wanted !== value ? wanted : noUpdate()];
        }
        const inUrl = param(window.location.search, 'symphony');
        if (!inUrl && value === automatic) return [noUpdate(), noUpdate()];
        return [changed(searchWith({ symphony: value })), noUpdate()];
      },
      // the compare page's selection
      symphonies: function (values, search) {
        if (fromUrl()) {
          const wanted = (param(search, 'symphonies') || '').split(',').filter(Boolean);
          return [noUpdate(), wanted.join(',') !== (values || []).join(',') ? wanted : noUpdate()];
        }
        return [changed(searchWith({ symphonies: (values || []).join(',') })), noUpdate()];
      },
      // the strategy page's log scale
      logScale: function (on, search) {
        if (fromUrl()) {
          const wanted = param(search, 'log') === '1';
          return [noUpdate(), wanted !== Boolean(on) ? wanted : noUpdate()];
        }
        return [changed(searchWith({ log: on ? '1' : null })), noUpdate()];
      },
    },
  });
})();
