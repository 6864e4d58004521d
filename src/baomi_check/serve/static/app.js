/* The staff page: collects a pasted text and dropped files, asks the service for the same HTML
   report the command line writes, shows its summary, filters and highlighted texts in place,
   and offers the JSON/CSV/HTML reports and redacted copies as downloads.  Same origin only:
   every request goes to this service (the Content-Security-Policy allows nothing else). */
(function () {
  'use strict';
  // Suffixes the service can redact, written into the page by the service (one source).
  var REDACTABLE = (document.body.dataset.redactable || '').split(' ');
  var files = [];
  var $ = function (id) { return document.getElementById(id); };
  var form = $('check-form'), textBox = $('text'), drop = $('drop'), input = $('files');
  var list = $('file-list'), status = $('status'), result = $('result');
  var downloads = $('downloads'), redactButtons = $('redact-buttons');

  function say(msg, isError) {
    status.textContent = msg;
    status.className = isError ? 'error' : '';
  }

  function headers() {
    var token = sessionStorage.getItem('baomi-token');
    return token ? { 'Authorization': 'Bearer ' + token } : {};
  }

  function suffix(name) {
    var i = name.lastIndexOf('.');
    return i < 0 ? '' : name.slice(i).toLowerCase();
  }

  function renderList() {
    list.textContent = '';
    files.forEach(function (f, i) {
      var li = document.createElement('li');
      li.textContent = f.name + '（' + Math.max(1, Math.round(f.size / 1024)) + ' KB）';
      var rm = document.createElement('button');
      rm.type = 'button';
      rm.textContent = '移除';
      rm.addEventListener('click', function () { files.splice(i, 1); renderList(); });
      li.appendChild(rm);
      list.appendChild(li);
    });
  }

  function addFiles(fileList) {
    [].forEach.call(fileList, function (f) { files.push(f); });
    renderList();
  }

  function formData() {
    var fd = new FormData();
    if (textBox.value.trim()) { fd.append('text', textBox.value); }
    files.forEach(function (f) { fd.append('files', f, f.name); });
    return fd;
  }

  async function failure(resp) {
    var msg = '请求失败（HTTP ' + resp.status + '）';
    try {
      var body = await resp.json();
      if (body && body.error && body.error.message) { msg = body.error.message; }
    } catch (e) { /* not JSON */ }
    if (resp.status === 401) {
      $('token-row').hidden = false;
      msg = '需要访问令牌：请填写后重试';
    } else if (resp.status === 503) {
      var after = resp.headers.get('Retry-After');
      msg += after ? '（请 ' + after + ' 秒后重试）' : '';
    }
    return msg;
  }

  function saveBlob(blob, name) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function show(html) {
    // The report's own inline <style> and <script> are not wanted here (this page loads the
    // same style and filter script as files): dropped before parsing, so the page's
    // Content-Security-Policy has nothing to refuse.
    html = html.replace(/<style>[\s\S]*?<\/style>/g, '').replace(/<script>[\s\S]*?<\/script>/g, '');
    var doc = new DOMParser().parseFromString(html, 'text/html');
    result.textContent = '';
    ['summary', 'filters'].forEach(function (id) {
      var node = doc.getElementById(id);
      if (node) { result.appendChild(document.importNode(node, true)); }
    });
    var main = doc.querySelector('main');
    if (main) { result.appendChild(document.importNode(main, true)); }
    if (window.baomiReportFilters) { window.baomiReportFilters(); }
  }

  function redactButton(label, file) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', async function () {
      var fd = new FormData();
      fd.append('file', file, file.name);
      say('正在生成脱敏副本……');
      var resp = await fetch('/v1/redact/file', { method: 'POST', body: fd, headers: headers() });
      if (!resp.ok) { say(await failure(resp), true); return; }
      var dot = file.name.lastIndexOf('.');
      var name = dot < 0 ? file.name + '.redacted' :
        file.name.slice(0, dot) + '.redacted' + file.name.slice(dot);
      saveBlob(await resp.blob(), name);
      say('脱敏副本已下载：' + name);
    });
    redactButtons.appendChild(b);
  }

  function offerDownloads() {
    redactButtons.textContent = '';
    if (textBox.value.trim()) {
      redactButton('脱敏文本', new File([textBox.value], '粘贴的文本.txt', { type: 'text/plain' }));
    }
    files.forEach(function (f) {
      if (REDACTABLE.indexOf(suffix(f.name)) >= 0) { redactButton('脱敏副本：' + f.name, f); }
    });
    downloads.hidden = false;
  }

  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    var tokenField = $('token');
    if (tokenField.value) { sessionStorage.setItem('baomi-token', tokenField.value); }
    if (!textBox.value.trim() && !files.length) { say('请粘贴文本或选择文件', true); return; }
    $('run').disabled = true;
    say('正在检查……');
    try {
      var resp = await fetch('/v1/report?format=html', {
        method: 'POST', body: formData(), headers: headers()
      });
      if (!resp.ok) { say(await failure(resp), true); return; }
      show(await resp.text());
      offerDownloads();
      say('检查完成');
    } catch (e) {
      say('无法连接服务：' + e, true);
    } finally {
      $('run').disabled = false;
    }
  });

  downloads.addEventListener('click', async function (ev) {
    var fmt = ev.target && ev.target.dataset ? ev.target.dataset.format : null;
    if (!fmt) { return; }
    say('正在生成报告……');
    var resp = await fetch('/v1/report?format=' + fmt, {
      method: 'POST', body: formData(), headers: headers()
    });
    if (!resp.ok) { say(await failure(resp), true); return; }
    saveBlob(await resp.blob(), '保密审查报告.' + fmt);
    say('报告已下载');
  });

  $('clear').addEventListener('click', function () {
    textBox.value = '';
    files = [];
    renderList();
    result.textContent = '';
    downloads.hidden = true;
    say('');
  });

  input.addEventListener('change', function () { addFiles(input.files); input.value = ''; });
  ['dragenter', 'dragover'].forEach(function (t) {
    drop.addEventListener(t, function (ev) { ev.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (t) {
    drop.addEventListener(t, function () { drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (ev) {
    ev.preventDefault();
    if (ev.dataTransfer && ev.dataTransfer.files) { addFiles(ev.dataTransfer.files); }
  });
})();
