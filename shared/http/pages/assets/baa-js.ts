/**
 * Progressive enhancement of the vendor's BAA page: uploads the chosen file straight to storage
 * (presigned PUT), registers it as the next version, then reloads. Without JavaScript the page says
 * whom to email the document to.
 */
export const BAA_JS = `(function () {
  'use strict';
  var form = document.querySelector('[data-baa-upload]');
  if (!form) return;
  var status = form.querySelector('[data-status]');
  var button = form.querySelector('button[type=submit]');
  form.removeAttribute('hidden');
  var fallback = document.querySelector('[data-no-js]');
  if (fallback) fallback.setAttribute('hidden', '');
  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? 'error-message' : 'hint';
  }
  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    var file = form.querySelector('input[type=file]').files[0];
    var kind = form.querySelector('select[name=kind]').value;
    if (!file) { say('Choose a file first.', true); return; }
    button.disabled = true;
    say('Uploading ' + file.name + '…', false);
    try {
      var base = form.getAttribute('data-base');
      var start = await fetch(base + '/uploads', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fileName: file.name, contentType: file.type || 'application/octet-stream', size: file.size, kind: kind })
      });
      var upload = await start.json();
      if (!start.ok) throw new Error(upload.error ? upload.error.message : 'The upload could not start.');
      var put = await fetch(upload.uploadUrl, { method: 'PUT', headers: upload.headers, body: file });
      if (!put.ok) throw new Error('The file could not be stored (HTTP ' + put.status + ').');
      var done = await fetch(base + '/documents', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key: upload.key, kind: kind, fileName: file.name })
      });
      var result = await done.json();
      if (!done.ok) throw new Error(result.error ? result.error.message : 'The file could not be registered.');
      say('Received. Reloading…', false);
      window.location.reload();
    } catch (error) {
      say(error && error.message ? error.message : 'The upload failed.', true);
      button.disabled = false;
    }
  });
})();
`;
