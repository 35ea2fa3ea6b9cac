/**
 * The vendor's security documents page and verification form: shows the fields of the chosen
 * document type, uploads the file straight to storage (presigned PUT under an issued key), then
 * registers it with the fields as JSON. Without JavaScript the pages say whom to email instead.
 */
export const ASSURANCE_JS = `(function () {
  'use strict';
  function reveal(form) {
    form.removeAttribute('hidden');
    var fallback = document.querySelector('[data-no-js]');
    if (fallback) fallback.setAttribute('hidden', '');
  }
  function sayer(form) {
    var status = form.querySelector('[data-status]');
    return function (text, isError) {
      status.textContent = text;
      status.className = isError ? 'error-message' : 'hint';
    };
  }
  async function postJson(url, body) {
    var res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    var json = await res.json().catch(function () { return {}; });
    if (!res.ok) throw new Error(json.error ? json.error.message : 'The request failed (HTTP ' + res.status + ').');
    return json;
  }
  async function upload(url, file) {
    var start = await postJson(url, { fileName: file.name, contentType: file.type || 'application/octet-stream', size: file.size });
    var put = await fetch(start.uploadUrl, { method: 'PUT', headers: start.headers, body: file });
    if (!put.ok) throw new Error('The file could not be stored (HTTP ' + put.status + ').');
    return start;
  }
  function lines(value) {
    return value.split(/\\r?\\n/).map(function (l) { return l.trim(); }).filter(Boolean);
  }

  var docs = document.querySelector('[data-assurance-upload]');
  if (docs) {
    reveal(docs);
    var say = sayer(docs);
    var select = docs.querySelector('[data-type-select]');
    var versionOf = docs.querySelector('[data-version-of]');
    var sets = docs.querySelectorAll('fieldset[data-type]');
    function show() {
      sets.forEach(function (set) {
        var on = set.getAttribute('data-type') === select.value;
        set.hidden = !on;
        set.disabled = !on;
      });
    }
    select.addEventListener('change', show);
    if (versionOf) versionOf.addEventListener('change', function () {
      var option = versionOf.selectedOptions[0];
      var type = option && option.getAttribute('data-type-of');
      if (type) { select.value = type; show(); }
    });
    show();
    docs.addEventListener('submit', async function (event) {
      event.preventDefault();
      var button = docs.querySelector('button[type=submit]');
      var file = docs.querySelector('#doc-file').files[0];
      if (!file) { say('Choose the file first.', true); return; }
      var set = docs.querySelector('fieldset[data-type="' + select.value + '"]');
      var fields = { type: select.value };
      var missing = [];
      set.querySelectorAll('[name]').forEach(function (el) {
        var kind = el.getAttribute('data-kind');
        var value = el.value.trim();
        if (el.required && !value) missing.push(el.labels && el.labels[0] ? el.labels[0].textContent : el.name);
        if (kind === 'lines') fields[el.name] = lines(el.value);
        else if (kind === 'number') { if (value) fields[el.name] = Number(value); }
        else if (value) fields[el.name] = value;
      });
      if (missing.length) { say('Please fill in: ' + missing.join(', ') + '.', true); return; }
      if (fields.type === 'soc2') {
        fields.exceptions = (fields.exceptions || []).map(function (l) {
          var at = l.indexOf(':');
          return at > 0 ? { control: l.slice(0, at).trim(), text: l.slice(at + 1).trim() } : { control: 'Not stated', text: l };
        });
        fields.subserviceOrganisations = (fields.carveOut || []).map(function (n) { return { name: n, method: 'carve_out' }; })
          .concat((fields.inclusive || []).map(function (n) { return { name: n, method: 'inclusive' }; }));
        delete fields.carveOut;
        delete fields.inclusive;
      }
      button.disabled = true;
      say('Uploading ' + file.name + '…', false);
      try {
        var base = docs.getAttribute('data-base');
        var stored = await upload(base + '/uploads', file);
        var body = { key: stored.key, fileName: file.name, fields: fields };
        if (versionOf && versionOf.value) body.documentId = versionOf.value;
        await postJson(base, body);
        say('Received. Reloading…', false);
        window.location.reload();
      } catch (error) {
        say(error && error.message ? error.message : 'The upload failed.', true);
        button.disabled = false;
      }
    });
  }

  var form = document.querySelector('[data-verification]');
  if (form) {
    reveal(form);
    var tell = sayer(form);
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      var button = form.querySelector('button[type=submit]');
      var attestations = {};
      var unanswered = [];
      form.querySelectorAll('fieldset[data-standard]').forEach(function (set) {
        var id = set.getAttribute('data-standard');
        var checked = set.querySelector('input[type=radio]:checked');
        if (!checked) { unanswered.push(set.querySelector('legend').textContent.split(':')[0]); return; }
        var note = set.querySelector('textarea').value.trim();
        attestations[id] = note ? { answer: checked.value, note: note } : { answer: checked.value };
      });
      var value = function (name) { return form.querySelector('[name=' + name + ']').value.trim(); };
      var file = form.querySelector('#analysis-file').files[0];
      if (unanswered.length) { tell('Answer every safeguard: ' + unanswered.join('; ') + '.', true); return; }
      if (!file) { tell('Choose the written analysis first.', true); return; }
      button.disabled = true;
      tell('Uploading ' + file.name + '…', false);
      try {
        var base = form.getAttribute('data-base');
        var stored = await upload(base + '/uploads', file);
        await postJson(base, {
          attestations: attestations,
          analysis: { key: stored.key, fileName: file.name },
          qualifiedPerson: { name: value('qpName'), qualification: value('qpQualification') },
          authorisedRepresentative: { name: value('repName'), title: value('repTitle') },
          signature: value('signature')
        });
        window.location.href = base + '?sent=1';
      } catch (error) {
        tell(error && error.message ? error.message : 'Sending failed.', true);
        button.disabled = false;
      }
    });
  }
})();
`;
