// The webapp plugin registry of the console pages. Loaded before the running plugins' bundles, it
// defines Mattermost's window.registerPlugin(id, plugin): the console calls
// plugin.initialize(registry, store) once, and plugin.uninitialize() when the page goes away.
//
// Hooks a plugin can use (everything else Mattermost's registry has is accepted and ignored, so
// bundles written for Mattermost do not fail on a call this console does not support):
//
//   registry.registerAdminConsoleCustomSetting(key, render)
//       Draws the plugin's "custom" setting `key` on its settings page, instead of the fallback text.
//       render(element, {pluginId, key, value, setValue, label}) fills `element`; value is the stored
//       value (parsed JSON); setValue(v) stores v (as JSON) in the form, saved with the page's Save.
//   registry.registerAdminConsoleCustomSection(key, render)
//       Draws the settings section `key` (a section with "custom": true) the same way:
//       render(element, {pluginId, key, settings}).
//   registry.registerSettingsSection(render)
//       Adds a section at the end of the plugin's settings page:
//       render(element, {pluginId, settings}); settings are the current non-secret values.
//
// A render function may return a function, which is called to clean up when the page goes away.
(function () {
  'use strict';

  var plugins = {};
  var order = [];
  var rendered = false;
  var cleanups = [];

  // Redux-like placeholder: the console has no client-side store.
  var store = {
    getState: function () { return {}; },
    dispatch: function (action) { return action; },
    subscribe: function () { return function () {}; }
  };

  var nextId = 1;
  function registrationId() {
    nextId += 1;
    return 'registration_' + nextId;
  }

  function lower(key) {
    return String(key == null ? '' : key).toLowerCase();
  }

  function entry(id) {
    if (!plugins[id]) {
      plugins[id] = { id: id, plugin: null, customSettings: {}, customSections: {}, sections: [] };
      order.push(id);
    }
    return plugins[id];
  }

  function makeRegistry(id) {
    var own = {
      registerAdminConsoleCustomSetting: function (key, render) {
        if (typeof render !== 'function') { return null; }
        entry(id).customSettings[lower(key)] = render;
        if (rendered) { renderPlugin(id); }
        return registrationId();
      },
      registerAdminConsoleCustomSection: function (key, render) {
        if (typeof render !== 'function') { return null; }
        entry(id).customSections[lower(key)] = render;
        if (rendered) { renderPlugin(id); }
        return registrationId();
      },
      registerSettingsSection: function (render) {
        if (typeof render !== 'function') { return null; }
        entry(id).sections.push(render);
        if (rendered) { renderPlugin(id); }
        return registrationId();
      }
    };
    if (typeof Proxy === 'undefined') { return own; }
    return new Proxy(own, {
      get: function (target, name) {
        if (name in target) { return target[name]; }
        if (typeof name === 'string' && name.indexOf('register') === 0) {
          return function () { return registrationId(); };
        }
        return function () {};
      }
    });
  }

  function report(id, what, error) {
    if (window.console && window.console.error) {
      window.console.error('Plugin ' + id + ': ' + what + ' failed', error);
    }
  }

  function call(id, what, render, element, props) {
    try {
      var cleanup = render(element, props);
      if (typeof cleanup === 'function') { cleanups.push(cleanup); }
    } catch (e) {
      report(id, what, e);
    }
  }

  function settingsOf(root) {
    try {
      return JSON.parse(root.getAttribute('data-settings') || '{}');
    } catch (e) {
      return {};
    }
  }

  function renderPlugin(id) {
    var page = document.querySelector('main[data-plugin-id]');
    if (!page || page.getAttribute('data-plugin-id') !== id) { return; }
    var p = plugins[id];
    var extra = document.getElementById('plugin-webapp-sections');
    var settings = extra ? settingsOf(extra) : {};

    Array.prototype.forEach.call(page.querySelectorAll('[data-custom-setting]'), function (holder) {
      var key = holder.getAttribute('data-custom-setting');
      var render = p.customSettings[lower(key)];
      if (!render || holder.getAttribute('data-rendered') === 'true') { return; }
      holder.setAttribute('data-rendered', 'true');
      var input = holder.querySelector('input.custom-value');
      var fallback = holder.querySelector('.custom-fallback');
      if (fallback) { fallback.hidden = true; }
      var element = document.createElement('div');
      element.className = 'custom-setting-component';
      holder.appendChild(element);
      var value = null;
      if (input) {
        input.disabled = false;
        try { value = input.value === '' ? null : JSON.parse(input.value); } catch (e) { value = input.value; }
      }
      call(id, 'custom setting ' + key, render, element, {
        pluginId: id,
        key: key,
        value: value,
        label: (holder.parentNode.querySelector('.label') || {}).textContent || key,
        setValue: function (v) {
          if (input) { input.value = v == null ? '' : JSON.stringify(v); }
        }
      });
    });

    Array.prototype.forEach.call(page.querySelectorAll('[data-custom-section]'), function (holder) {
      var key = holder.getAttribute('data-custom-section');
      var render = p.customSections[lower(key)];
      if (!render || holder.getAttribute('data-rendered') === 'true') { return; }
      holder.setAttribute('data-rendered', 'true');
      var fallback = holder.querySelector('.custom-fallback');
      if (fallback) { fallback.hidden = true; }
      var fields = holder.parentNode.querySelector('.section-fields');
      if (fields) { fields.hidden = true; }
      var element = document.createElement('div');
      element.className = 'custom-section-component';
      holder.appendChild(element);
      call(id, 'custom section ' + key, render, element, { pluginId: id, key: key, settings: settings });
    });

    if (extra) {
      p.sections.forEach(function (render, index) {
        var marker = 'section-' + index;
        if (extra.querySelector('[data-registration="' + marker + '"]')) { return; }
        var element = document.createElement('section');
        element.className = 'panel plugin-webapp-section';
        element.setAttribute('data-registration', marker);
        extra.appendChild(element);
        call(id, 'settings section', render, element, { pluginId: id, settings: settings });
      });
    }
  }

  function renderAll() {
    rendered = true;
    order.forEach(renderPlugin);
  }

  window.registerPlugin = function (id, plugin) {
    if (typeof id !== 'string' || !plugin) { return; }
    var p = entry(id);
    if (p.plugin) { return; }
    p.plugin = plugin;
    if (typeof plugin.initialize === 'function') {
      try {
        var result = plugin.initialize(makeRegistry(id), store);
        if (result && typeof result.then === 'function') {
          result.then(null, function (e) { report(id, 'initialize', e); });
        }
      } catch (e) {
        report(id, 'initialize', e);
      }
    }
    if (rendered) { renderPlugin(id); }
  };

  window.addEventListener('pagehide', function () {
    cleanups.forEach(function (cleanup) {
      try { cleanup(); } catch (e) { /* the page is going away */ }
    });
    cleanups = [];
    order.forEach(function (id) {
      var plugin = plugins[id].plugin;
      if (plugin && typeof plugin.uninitialize === 'function') {
        try { plugin.uninitialize(); } catch (e) { report(id, 'uninitialize', e); }
      }
    });
  });

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', renderAll);
  } else {
    renderAll();
  }
}());
