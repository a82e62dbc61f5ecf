// Progressive enhancement of the Plugin Management page: every form works without this file.
// With it: the chosen file name shows, oversized bundles are refused before sending, uploads
// show a real progress bar, and confirmation dialogs open modal with the focus on Cancel.
(function () {
  'use strict';

  var MIB = 1024 * 1024;

  // The server's wording (BundleStager.humanSize), so small limits do not read as "0.0 MB".
  function size(bytes) {
    if (bytes % MIB === 0) { return (bytes / MIB) + ' MiB'; }
    if (bytes >= MIB) { return (bytes / MIB).toFixed(1) + ' MiB'; }
    return bytes + ' bytes';
  }

  // What the server's error page says, for an upload the server refused.
  function errorMessage(xhr) {
    var page = new DOMParser().parseFromString(xhr.responseText || '', 'text/html');
    var message = page.getElementById('error-message');
    return message ? message.textContent : 'The server answered ' + xhr.status + '.';
  }

  function enhanceUpload() {
    var form = document.getElementById('upload-form');
    var input = document.getElementById('plugin-file');
    if (!form || !input) { return; }
    var chosen = document.getElementById('chosen-file');
    var status = document.getElementById('upload-status');
    var progress = document.getElementById('upload-progress');
    var button = document.getElementById('uploadPlugin');
    var max = parseInt(form.getAttribute('data-max-bytes'), 10);

    input.addEventListener('change', function () {
      var file = input.files[0];
      chosen.textContent = file ? file.name : '';
      status.textContent = '';
      if (file && max && file.size > max) {
        status.textContent = 'This file is ' + size(file.size) + '; the largest bundle accepted is ' + size(max) + '.';
        button.disabled = true;
      } else {
        button.disabled = !file;
      }
    });
    button.disabled = true;
    var signature = document.getElementById('signature-file');
    var chosenSignature = document.getElementById('chosen-signature');
    if (signature && chosenSignature) {
      signature.addEventListener('change', function () {
        chosenSignature.textContent = signature.files[0] ? signature.files[0].name : '';
      });
    }

    form.addEventListener('submit', function (event) {
      var file = input.files[0];
      if (!file || typeof XMLHttpRequest === 'undefined' || typeof FormData === 'undefined') { return; }
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) { return; }
        progress.hidden = false;
        progress.max = e.total;
        progress.value = e.loaded;
        status.textContent = 'Uploading... ' + size(e.loaded) + ' of ' + size(e.total);
      });
      xhr.addEventListener('load', function () {
        // The server names the page to show (result or overwrite dialog) instead of redirecting:
        // a redirect followed inside the request would use up the one-shot result message.
        var target = xhr.responseText;
        if (xhr.status === 200 && target.charAt(0) === '/' && target.charAt(1) !== '/') {
          window.location.assign(target);
          return;
        }
        progress.hidden = true;
        status.textContent = 'The upload failed: ' + errorMessage(xhr);
        button.textContent = 'Upload';
        button.disabled = false;
      });
      xhr.addEventListener('error', function () {
        status.textContent = 'The upload failed. Check the connection and try again.';
        button.textContent = 'Upload';
        button.disabled = false;
      });
      button.disabled = true;
      button.textContent = 'Uploading...';
      xhr.send(new FormData(form));
    });
  }

  var FOCUSABLE = 'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), '
      + 'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

  // The address without the parameter that opened a dialog, so reloading does not open it again.
  function forgetDialogAddress() {
    if (!window.history || typeof window.history.replaceState !== 'function') { return; }
    var url = new URL(window.location.href);
    url.searchParams.delete('overwrite');
    url.searchParams.delete('remove');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }

  // Confirmation dialogs open modal with the focus on Cancel (Enter must not destroy anything),
  // keep Tab and Shift+Tab inside, and close on Escape.
  function enhanceDialogs() {
    var dialogs = document.querySelectorAll('dialog[open]');
    Array.prototype.forEach.call(dialogs, function (dialog) {
      if (typeof dialog.showModal === 'function') {
        dialog.close();
        dialog.showModal();
      }
      var safe = dialog.querySelector('[autofocus]');
      if (safe) { safe.focus(); }
      // The close() above also queues a close event: only one that leaves the dialog shut counts.
      dialog.addEventListener('close', function () {
        if (!dialog.open) { forgetDialogAddress(); }
      });
      dialog.addEventListener('keydown', function (event) {
        if (event.key === 'Escape') {
          event.preventDefault();
          if (dialog.open) { dialog.close(); }
          return;
        }
        if (event.key !== 'Tab') { return; }
        var items = dialog.querySelectorAll(FOCUSABLE);
        if (items.length === 0) { return; }
        var first = items[0];
        var last = items[items.length - 1];
        var inside = dialog.contains(document.activeElement);
        if (event.shiftKey && (!inside || document.activeElement === first)) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && (!inside || document.activeElement === last)) {
          event.preventDefault();
          first.focus();
        }
      });
    });
  }

  // The text filter narrows the rows the server sent (already narrowed by the state chip, if
  // any) as the administrator types, and says so when nothing is left.
  function enhanceFilter() {
    var filter = document.getElementById('plugin-filter');
    if (!filter) { return; }
    var none = document.getElementById('no-matches');
    filter.addEventListener('input', function () {
      var q = filter.value.trim().toLowerCase();
      var rows = document.querySelectorAll('.plugin[data-plugin-id]');
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var name = row.querySelector('.plugin-name').textContent.toLowerCase();
        var id = row.getAttribute('data-plugin-id');
        row.hidden = q !== '' && name.indexOf(q) < 0 && id.indexOf(q) < 0;
        if (!row.hidden) { shown++; }
      });
      if (none) { none.hidden = shown > 0 || rows.length === 0 && q === ''; }
    });
  }

  // Click-to-copy plugin ids, where the browser lets the page write to the clipboard.
  function enhanceCopy() {
    if (!navigator.clipboard || typeof navigator.clipboard.writeText !== 'function') { return; }
    Array.prototype.forEach.call(document.querySelectorAll('button.copy-id'), function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        navigator.clipboard.writeText(button.getAttribute('data-copy')).then(function () {
          button.textContent = 'Copied';
          setTimeout(function () { button.textContent = 'Copy ID'; }, 1500);
        });
      });
    });
  }

  // A row action says what it is doing (Enabling..., Disabling..., Removing...) and cannot be
  // pressed twice while the server works on it.
  function enhanceRowActions() {
    Array.prototype.forEach.call(document.querySelectorAll('form.row-action, #remove-dialog form'), function (form) {
      form.addEventListener('submit', function () {
        var button = form.querySelector('button[type=submit]');
        if (!button) { return; }
        var busy = button.getAttribute('data-busy') || (button.id === 'remove-confirm' ? 'Removing...' : null);
        if (busy) { button.textContent = busy; }
        button.setAttribute('aria-disabled', 'true');
        form.setAttribute('aria-busy', 'true');
        // Disabled only after the submission has started, so the button's own value is still sent.
        setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  }

  // While a plugin is starting, ask for the plugins' states now and then and show the page again
  // once no start is running, so the outcome (and its message) appears without a click.
  function followStarts() {
    var starting = document.querySelectorAll('.plugin[data-state="1"]');
    if (starting.length === 0 || typeof fetch !== 'function') { return; }
    var ids = {};
    Array.prototype.forEach.call(starting, function (row) { ids[row.getAttribute('data-plugin-id')] = true; });
    var polls = 0;
    function poll() {
      if (++polls > 400) { return; }
      fetch('/api/v4/plugins/statuses', {credentials: 'same-origin', headers: {'X-Requested-With': 'XMLHttpRequest'}})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (statuses) {
          if (!statuses) { return; }
          var still = statuses.some(function (s) { return ids[s.plugin_id] && s.state === 1; });
          if (still) { setTimeout(poll, 1500); } else { window.location.reload(); }
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 1500);
  }

  document.addEventListener('DOMContentLoaded', function () {
    followStarts();
    enhanceUpload();
    enhanceDialogs();
    enhanceFilter();
    enhanceCopy();
    enhanceRowActions();
  });
}());
