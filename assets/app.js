// Small helpers; every page works without them.
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-print]').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () { window.print(); });
  });
});

// Answer forms (/answers/{id}): a live character counter per field that
// counts as the server does (grapheme clusters), the button that starts
// from last year's answer, and a warning before leaving unsaved changes.
document.addEventListener('DOMContentLoaded', function () {
  var segmenter = null;
  try {
    if (window.Intl && Intl.Segmenter) {
      segmenter = new Intl.Segmenter('ja', { granularity: 'grapheme' });
    }
  } catch (e) {
    segmenter = null;
  }
  function countChars(text) {
    return segmenter ? Array.from(segmenter.segment(text)).length : Array.from(text).length;
  }

  document.querySelectorAll('textarea[data-counter]').forEach(function (t) {
    var out = document.getElementById(t.getAttribute('data-counter'));
    if (!out) { return; }
    var max = parseInt(t.getAttribute('data-max') || '0', 10);
    var format = out.getAttribute('data-format') || '{1}';
    function update() {
      var n = countChars(t.value);
      out.textContent = format.replace('{1}', String(n));
      out.classList.toggle('over', max > 0 && n > max);
    }
    t.addEventListener('input', update);
    update();
  });

  document.querySelectorAll('button[data-copy-from]').forEach(function (b) {
    var from = document.getElementById(b.getAttribute('data-copy-from'));
    var to = document.getElementById(b.getAttribute('data-copy-to'));
    if (!from || !to) { return; }
    b.hidden = false;
    b.addEventListener('click', function () {
      var text = from.textContent;
      if (to.value.trim() !== '' && to.value !== text &&
          !window.confirm(b.getAttribute('data-confirm') || '')) {
        return;
      }
      to.value = text;
      to.dispatchEvent(new Event('input', { bubbles: true }));
      to.focus();
    });
  });

  document.querySelectorAll('form[data-unsaved]').forEach(function (f) {
    var dirty = f.hasAttribute('data-dirty');
    var sending = false;
    f.addEventListener('input', function () { dirty = true; });
    f.addEventListener('submit', function () { sending = true; });
    window.addEventListener('pageshow', function () { sending = false; });
    window.addEventListener('beforeunload', function (e) {
      if (dirty && !sending) {
        e.preventDefault();
        e.returnValue = '';
      }
    });
  });
});

// Files that take a moment: a download is fetched here so that the page can
// say it is being made until it is saved (or why not, for a busy server); an
// upload says it is being sent and read until the next page comes. The
// words come from the page (#work-status, from the message catalogue).
document.addEventListener('DOMContentLoaded', function () {
  var status = document.getElementById('work-status');
  if (!status || !window.fetch || !window.URL || !window.Blob) { return; }
  function say(key) { status.textContent = status.getAttribute('data-' + key) || ''; }
  function fileName(r, href) {
    var d = r.headers.get('Content-Disposition') || '';
    var m = /filename\*=UTF-8''([^;]+)/.exec(d) || /filename="([^"]+)"/.exec(d);
    try { return m ? decodeURIComponent(m[1]) : href.split('/').pop().split('?')[0]; } catch (e) { return 'download'; }
  }
  document.querySelectorAll('a[download]').forEach(function (a) {
    a.addEventListener('click', function (e) {
      e.preventDefault();
      if (a.getAttribute('aria-busy') === 'true') { return; }
      a.setAttribute('aria-busy', 'true');
      say('busy');
      fetch(a.href, { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.blob().then(function (blob) {
          var url = URL.createObjectURL(blob);
          var save = document.createElement('a');
          save.href = url;
          save.download = fileName(r, a.href);
          document.body.appendChild(save);
          save.click();
          save.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
          say('done');
        });
      }).catch(function () { say('failed'); }).then(function () {
        a.removeAttribute('aria-busy');
      });
    });
  });
  document.querySelectorAll('form[enctype="multipart/form-data"]').forEach(function (f) {
    f.addEventListener('submit', function () {
      f.setAttribute('aria-busy', 'true');
      say('upload');
    });
  });
});
