// Progressive enhancement of the Plugin Management page: every form works without this file.
// With it: the chosen file name shows, oversized bundles are refused before sending, uploads
// show a real progress bar, and the remove confirmation opens as a modal dialog in place.
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

  function enhanceDialogs() {
    var dialogs = document.querySelectorAll('dialog[open]');
    Array.prototype.forEach.call(dialogs, function (dialog) {
      if (typeof dialog.showModal === 'function') {
        dialog.close();
        dialog.showModal();
      }
    });
  }

  function enhanceFilter() {
    var filter = document.getElementById('plugin-filter');
    if (!filter) { return; }
    filter.addEventListener('input', function () {
      var q = filter.value.trim().toLowerCase();
      var rows = document.querySelectorAll('.plugin[data-plugin-id]');
      Array.prototype.forEach.call(rows, function (row) {
        var name = row.querySelector('.plugin-name').textContent.toLowerCase();
        var id = row.getAttribute('data-plugin-id');
        row.hidden = q !== '' && name.indexOf(q) < 0 && id.indexOf(q) < 0;
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    enhanceUpload();
    enhanceDialogs();
    enhanceFilter();
  });
}());
