// Welcome Banner: the webapp part of a pre-packaged plugin of Plugin Console.
// It adds a "Banner preview" section to the plugin's own settings page, drawn from the saved
// settings with DOM calls only (no HTML strings, so no setting can inject markup).
(function () {
  'use strict';

  var ID = 'com.pluginconsole.welcome-banner';
  var STYLES = ['info', 'success', 'warning', 'danger'];

  function text(value, fallback) {
    return typeof value === 'string' && value.trim() !== '' ? value : fallback;
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content != null) { node.textContent = content; }
    return node;
  }

  function renderPreview(element, context) {
    var settings = (context && context.settings) || {};
    var style = STYLES.indexOf(settings.style) >= 0 ? settings.style : 'info';
    var section = el('section', 'welcome-banner-preview');
    section.setAttribute('data-plugin-id', ID);
    section.appendChild(el('h3', null, 'Banner preview'));
    var banner = el('div', 'alert alert-' + style);
    banner.id = 'welcome-banner';
    banner.setAttribute('role', 'note');
    banner.appendChild(el('strong', 'welcome-banner-title', text(settings.title, 'Welcome to Plugin Console')));
    var message = el('p', 'welcome-banner-message', text(settings.message, ''));
    message.style.whiteSpace = 'pre-line';
    banner.appendChild(message);
    var audience = settings.audience === 'admins' ? 'Shown to administrators only.' : 'Shown to everyone.';
    banner.appendChild(el('p', 'help welcome-banner-audience', audience));
    if (settings.dismissible !== false) {
      var dismiss = el('button', 'btn', 'Dismiss');
      dismiss.type = 'button';
      dismiss.addEventListener('click', function () { banner.hidden = true; });
      banner.appendChild(dismiss);
    }
    section.appendChild(banner);
    element.appendChild(section);
    return function () {
      if (section.parentNode) { section.parentNode.removeChild(section); }
    };
  }

  window.registerPlugin(ID, {
    initialize: function (registry) {
      registry.registerSettingsSection(renderPreview);
    },
    uninitialize: function () {}
  });
}());
