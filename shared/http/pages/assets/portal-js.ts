/**
 * The portal's progressive enhancement, kept as a string so it ships inside the Lambda bundle. The
 * pages work without it (the server resolves visibility on every save); with it, conditional
 * questions appear as answers change, progress updates live, exclusive options clear the others,
 * and evidence files upload straight to storage through presigned URLs. It builds markup with DOM
 * APIs (textContent) only, so file names and API messages stay inert. No template literals inside:
 * this is a TypeScript template string.
 */
export const PORTAL_JS = `(function () {
  'use strict';

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  /* Visibility: mirrors shared/domain/question-visibility.ts for question conditions and all/any.
     Intake conditions are resolved on the server, so data-show-if never contains them. */
  function holds(condition, values) {
    if (!condition || typeof condition !== 'object') return false;
    if (Array.isArray(condition.all)) return condition.all.every(function (c) { return holds(c, values); });
    if (Array.isArray(condition.any)) return condition.any.some(function (c) { return holds(c, values); });
    if (typeof condition.question === 'string' && Array.isArray(condition['in'])) {
      var value = values[condition.question];
      if (typeof value === 'string') return condition['in'].indexOf(value) >= 0;
      if (Array.isArray(value)) {
        return value.some(function (v) { return typeof v === 'string' && condition['in'].indexOf(v) >= 0; });
      }
    }
    return false;
  }

  function fieldsOf(question) {
    var name = 'q.' + question.getAttribute('data-question');
    return all(question, 'input, textarea, select').filter(function (el) { return el.name === name; });
  }

  function valueOf(question) {
    var fields = fieldsOf(question);
    var type = question.getAttribute('data-type');
    if (type === 'yes_no' || type === 'single_choice') {
      var checked = fields.filter(function (f) { return f.checked; })[0];
      return checked ? checked.value : undefined;
    }
    if (type === 'multi_choice') {
      var values = fields.filter(function (f) { return f.checked; }).map(function (f) { return f.value; });
      return values.length ? values : undefined;
    }
    if (type === 'evidence') {
      var list = readList(fields[0]);
      return list.length ? list : undefined;
    }
    var field = fields[0];
    var text = field ? String(field.value).trim() : '';
    return text === '' ? undefined : text;
  }

  function refresh(form) {
    var shown = {};
    var visible = 0;
    var answered = 0;
    all(form, '[data-question]').forEach(function (question) {
      var rule = question.getAttribute('data-show-if');
      var show = true;
      if (rule) {
        try { show = holds(JSON.parse(rule), shown); } catch (e) { show = true; }
      }
      question.hidden = !show;
      if (!show) return;
      visible += 1;
      var value = valueOf(question);
      if (value !== undefined) {
        shown[question.getAttribute('data-question')] = value;
        answered += 1;
      }
    });
    all(form, '[data-domain]').forEach(function (domain) {
      domain.hidden = all(domain, '[data-question]').every(function (q) { return q.hidden; });
    });
    all(document, '[data-progress-answered]').forEach(function (el) { el.textContent = String(answered); });
    all(document, '[data-progress-visible]').forEach(function (el) { el.textContent = String(visible); });
    all(document, 'progress[data-progress]').forEach(function (el) {
      el.max = Math.max(visible, 1);
      el.value = answered;
    });
  }

  /* multi_choice: an exclusive option ("None of these") clears the others, and the reverse. */
  function onExclusive(event) {
    var box = event.target;
    if (!box || box.type !== 'checkbox' || !box.checked) return;
    var question = box.closest('[data-question]');
    if (!question) return;
    var exclusive = box.hasAttribute('data-exclusive');
    fieldsOf(question).forEach(function (other) {
      if (other === box) return;
      if (exclusive || other.hasAttribute('data-exclusive')) other.checked = false;
    });
  }

  /* Evidence uploads. */
  function readList(hidden) {
    if (!hidden || !hidden.value) return [];
    try {
      var list = JSON.parse(hidden.value);
      return Array.isArray(list) ? list : [];
    } catch (e) {
      return [];
    }
  }

  function formatSize(bytes) {
    if (bytes >= 1048576) return (bytes / 1048576).toFixed(1) + ' MB';
    if (bytes >= 1024) return Math.round(bytes / 1024) + ' KB';
    return bytes + ' bytes';
  }

  function renderFiles(widget, hidden) {
    var scope = widget.closest('[data-upload-scope]') || widget;
    var listEl = scope.querySelector('[data-file-list]');
    if (!listEl) return;
    var files = readList(hidden);
    while (listEl.firstChild) listEl.removeChild(listEl.firstChild);
    files.forEach(function (file, index) {
      var item = document.createElement('li');
      var name = document.createElement('span');
      name.textContent = file.name + ' ';
      var size = document.createElement('span');
      size.className = 'file-size';
      size.textContent = '(' + formatSize(file.size) + ')';
      name.appendChild(size);
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'button button--link button--small';
      remove.textContent = 'Remove';
      var which = document.createElement('span');
      which.className = 'visually-hidden';
      which.textContent = ' ' + file.name;
      remove.appendChild(which);
      remove.addEventListener('click', function () {
        var current = readList(hidden);
        current.splice(index, 1);
        hidden.value = current.length ? JSON.stringify(current) : '';
        renderFiles(widget, hidden);
        setStatus(widget, file.name + ' removed.');
        var form = widget.closest('form');
        if (form) refresh(form);
      });
      item.appendChild(name);
      item.appendChild(remove);
      listEl.appendChild(item);
    });
    listEl.hidden = files.length === 0;
  }

  function setStatus(widget, text) {
    var el = widget.querySelector('[data-upload-status]');
    if (el) el.textContent = text;
  }

  function setError(widget, text) {
    var el = widget.querySelector('[data-upload-error]');
    if (!el) return;
    el.textContent = text || '';
    el.hidden = !text;
    var input = widget.querySelector('input[type=file]');
    if (input) {
      if (text) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }

  async function uploadOne(input, file) {
    var response = await fetch(input.getAttribute('data-upload-url'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        fileName: file.name,
        contentType: file.type || 'application/octet-stream',
        size: file.size,
        purpose: input.getAttribute('data-purpose') || undefined,
      }),
    });
    var body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (!response.ok || !body || !body.uploadUrl) {
      var message = body && body.error && body.error.message;
      throw new Error(message || 'The upload could not be started (HTTP ' + response.status + ').');
    }
    var put = await fetch(body.uploadUrl, { method: body.method || 'PUT', headers: body.headers || {}, body: file });
    if (!put.ok) throw new Error('The file could not be stored (HTTP ' + put.status + '). Please try again.');
    return body.evidence;
  }

  function enhanceUpload(widget) {
    var input = widget.querySelector('input[type=file]');
    var hidden = document.getElementById(input ? input.getAttribute('data-target') : '');
    if (!input || !hidden) return;
    widget.hidden = false;
    var scope = widget.closest('[data-upload-scope]') || widget.parentNode;
    all(scope, '[data-nojs]').forEach(function (el) { el.hidden = true; });
    renderFiles(widget, hidden);
    input.addEventListener('change', async function () {
      var files = Array.prototype.slice.call(input.files || []);
      if (!files.length) return;
      setError(widget, '');
      var failures = [];
      for (var i = 0; i < files.length; i += 1) {
        var file = files[i];
        setStatus(widget, 'Uploading ' + file.name + '…');
        try {
          var evidence = await uploadOne(input, file);
          var list = readList(hidden);
          list.push(evidence);
          hidden.value = JSON.stringify(list);
          renderFiles(widget, hidden);
          setStatus(widget, file.name + ' uploaded.');
        } catch (error) {
          failures.push(file.name + ': ' + (error && error.message ? error.message : 'upload failed'));
          setStatus(widget, '');
        }
      }
      input.value = '';
      if (failures.length) setError(widget, failures.join(' '));
      var form = widget.closest('form');
      if (form && form.hasAttribute('data-questionnaire')) refresh(form);
    });
  }

  function localiseTimes() {
    all(document, 'time[data-local]').forEach(function (el) {
      var date = new Date(el.getAttribute('datetime'));
      if (isNaN(date.getTime())) return;
      el.textContent = el.getAttribute('data-local') === 'time'
        ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' })
        : date.toLocaleString([], { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
    });
  }

  /* Autosave: two seconds after the last change the draft is saved in the background (the same
     POST as "Save draft"), with a visible state; leaving with unsaved changes asks first. */
  function enhanceAutosave(form) {
    var status = document.createElement('p');
    status.className = 'autosave';
    status.setAttribute('role', 'status');
    status.setAttribute('data-autosave-status', '');
    var row = form.querySelector('.button-row');
    if (row) row.parentNode.insertBefore(status, row); else form.appendChild(status);
    var timer = null;
    var dirty = false;
    var saving = false;
    function save() {
      timer = null;
      if (saving) { timer = setTimeout(save, 1000); return; }
      saving = true;
      status.textContent = 'Saving…';
      var body = new URLSearchParams();
      new FormData(form).forEach(function (value, key) { if (typeof value === 'string') body.append(key, value); });
      body.set('action', 'save');
      /* getAttribute: the submit buttons are named "action", which shadows form.action. */
      fetch(form.getAttribute('action') || window.location.pathname, {
        method: 'POST',
        body: body,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }).then(function (response) {
        saving = false;
        if (response.ok) {
          if (timer === null) dirty = false;
          status.textContent = 'All changes saved at ' +
            new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }) + '.';
        } else {
          status.textContent = 'Not saved yet: some answers need attention. Choose "Save draft" to see which.';
        }
      }).catch(function () {
        saving = false;
        status.textContent = 'Not saved: the connection failed. Your answers are still on this page; try "Save draft".';
      });
    }
    function changed() {
      dirty = true;
      status.textContent = 'Unsaved changes…';
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, 2000);
    }
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    form.addEventListener('submit', function () {
      dirty = false;
      if (timer) { clearTimeout(timer); timer = null; }
    });
    window.addEventListener('beforeunload', function (event) {
      if (!dirty) return undefined;
      var message = 'You have changes that are not saved yet.';
      event.preventDefault();
      event.returnValue = message;
      return message;
    });
  }

  /* Evidence reuse: ticking "Use this document for my answer" shows the document's answer in the
     question's control; choosing another answer unticks it (the vendor answers itself). */
  function enhanceReuse(form) {
    all(form, 'input[data-reuse-answer]').forEach(function (box) {
      var answer = box.getAttribute('data-reuse-answer');
      var question = box.closest('[data-question]');
      if (!question) return;
      var name = 'q.' + question.getAttribute('data-question');
      var controls = all(question, 'input').filter(function (c) { return c.name === name; });
      box.addEventListener('change', function () {
        if (!box.checked) return;
        controls.forEach(function (c) {
          if (c.type === 'radio') c.checked = c.value === answer;
          else c.value = answer;
        });
      });
      controls.forEach(function (c) {
        var untick = function () {
          var differs = c.type === 'radio' ? c.checked && c.value !== answer : c.value !== answer;
          if (box.checked && differs) box.checked = false;
        };
        c.addEventListener('change', untick);
        c.addEventListener('input', untick);
      });
    });
  }

  function init() {
    all(document, 'form[data-questionnaire]').forEach(enhanceReuse);
    all(document, 'form[data-questionnaire]').forEach(enhanceAutosave);
    all(document, 'form[data-questionnaire]').forEach(function (form) {
      form.addEventListener('change', function (event) {
        onExclusive(event);
        refresh(form);
      });
      form.addEventListener('input', function () { refresh(form); });
      refresh(form);
    });
    all(document, '[data-upload]').forEach(enhanceUpload);
    /* One submission per click: a double click must not post twice. */
    all(document, 'form[data-once]').forEach(function (form) {
      form.addEventListener('submit', function (event) {
        if (form.getAttribute('data-submitting') === 'true') {
          event.preventDefault();
          return;
        }
        form.setAttribute('data-submitting', 'true');
      });
    });
    /* Coming back with the Back button restores the page from cache: allow submitting again. */
    window.addEventListener('pageshow', function () {
      all(document, 'form[data-once]').forEach(function (form) { form.removeAttribute('data-submitting'); });
    });
    localiseTimes();
    /* Error summary: take focus on load; its links move focus to the field, not just the view. */
    var summary = document.querySelector('[data-error-summary]');
    if (summary) {
      summary.focus();
      all(summary, 'a[href^="#"]').forEach(function (link) {
        link.addEventListener('click', function (event) {
          var target = document.getElementById(link.getAttribute('href').slice(1));
          if (!target) return;
          event.preventDefault();
          (target.closest('[data-question]') || target).scrollIntoView({ block: 'start' });
          if (typeof target.focus === 'function') target.focus({ preventScroll: true });
        });
      });
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
`;
