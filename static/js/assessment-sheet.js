// The acceptance sheet saves each score and note as it is typed. Every change is first written to this
// browser's localStorage, then sent; it leaves localStorage only once the server has confirmed it. So a weak or
// dropped link, or a reload, never loses typed work: on load, anything still pending is put back and re-sent.
(function () {
  var sheet = document.querySelector("[data-sheet]");
  if (!sheet) return;
  var strings = JSON.parse(document.getElementById("sheet-strings").textContent);
  var status = document.querySelector("[data-sheet-status]");
  var csrf = sheet.querySelector("input[name=csrfmiddlewaretoken]").value;
  var prefix = "sheet:" + sheet.dataset.report + ":";
  var timers = {};
  var inflight = 0;

  function key(row, field) { return prefix + row.dataset.item + ":" + field; }
  function valueOf(input) { return input.type === "checkbox" ? (input.checked ? "1" : "0") : input.value; }
  function setValue(input, value) {
    if (input.type === "checkbox") input.checked = value === "1"; else input.value = value;
  }
  function pendingKeys() {
    var keys = [];
    for (var i = 0; i < localStorage.length; i++) {
      var k = localStorage.key(i);
      if (k && k.indexOf(prefix) === 0) keys.push(k);
    }
    return keys;
  }
  function show(text, css) {
    status.textContent = text;
    status.className = "alert small py-2 " + (css || "alert-secondary");
  }
  function refreshStatus() {
    if (inflight || waiting.length) return show(strings.saving);
    if (pendingKeys().length) return show(navigator.onLine === false ? strings.offline : strings.pending, "alert-warning");
    show(strings.saved, "alert-success");
  }
  function updateTotals(data) {
    ["self_total", "accepted_total", "grade"].forEach(function (name) {
      var el = document.querySelector('[data-total="' + name + '"]');
      if (el) el.textContent = data[name] === null || data[name] === "" ? "—" : data[name];
    });
    var gate = document.querySelector("[data-gate-failed]");
    if (gate) gate.classList.toggle("d-none", !data.gate_failed);
  }

  // One save at a time, in the order typed: a weak link is not flooded, and two lines never race on the server.
  var waiting = [];
  function pump() {
    if (inflight || !waiting.length) return;
    var next = waiting.shift();
    send(next[0], next[1]);
  }
  function enqueue(row, field) {
    var already = waiting.some(function (w) { return w[0] === row && w[1] === field; });
    if (!already) waiting.push([row, field]);
    pump();
  }

  function send(row, field) {
    var k = key(row, field);
    var value = localStorage.getItem(k);
    if (value === null) return pump();
    var body = new URLSearchParams();
    body.append(field, value);
    inflight++;
    refreshStatus();
    fetch(row.dataset.url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-CSRFToken": csrf, "X-Requested-With": "fetch"}
    }).then(function (response) {
      return response.json().then(function (data) { return {status: response.status, data: data}; });
    }).then(function (result) {
      var error = row.querySelector("[data-row-error]");
      if (result.status === 200) {
        // Only forget the stored value if nothing newer was typed while this one was on its way.
        if (localStorage.getItem(k) === value) localStorage.removeItem(k);
        if (error) error.textContent = "";
        var saved = row.querySelector("[data-row-saved]");
        if (saved) { saved.classList.remove("d-none"); setTimeout(function () { saved.classList.add("d-none"); }, 1500); }
        updateTotals(result.data);
      } else {
        // The server refused the value (a rule or a lock): say why; keep the typed value on screen, not queued.
        localStorage.removeItem(k);
        var errors = result.data.errors || {};
        var text = Object.keys(errors).map(function (f) { return errors[f].join(" "); }).join(" ");
        if (error) error.textContent = strings.failed + text;
      }
    }).catch(function () {
      // No answer: the value stays in localStorage and is retried.
    }).finally(function () {
      inflight--;
      refreshStatus();
      pump();
    });
  }

  function queue(input) {
    var row = input.closest("[data-row]");
    var field = input.dataset.field;
    localStorage.setItem(key(row, field), valueOf(input));
    refreshStatus();
    var t = row.dataset.item + field;
    clearTimeout(timers[t]);
    timers[t] = setTimeout(function () { enqueue(row, field); }, input.type === "checkbox" ? 0 : 500);
  }

  function retryAll() {
    pendingKeys().forEach(function (k) {
      var parts = k.substring(prefix.length).split(":");
      var row = sheet.querySelector('[data-row][data-item="' + parts[0] + '"]');
      if (row) enqueue(row, parts[1]); else localStorage.removeItem(k);
    });
  }

  sheet.addEventListener("input", function (event) {
    if (event.target.dataset.field) queue(event.target);
  });
  sheet.addEventListener("change", function (event) {
    var input = event.target;
    if (input.dataset.field) { queue(input); return; }
    if (input.dataset.evidence && input.files.length) {
      // Evidence goes up as an ordinary form post (files cannot wait in localStorage).
      var form = document.createElement("form");
      form.method = "post"; form.action = input.dataset.evidence; form.enctype = "multipart/form-data";
      form.appendChild(sheet.querySelector("input[name=csrfmiddlewaretoken]").cloneNode());
      input.name = "files";
      form.appendChild(input);
      document.body.appendChild(form);
      form.submit();
    }
  });
  sheet.addEventListener("submit", function (event) { event.preventDefault(); });

  // Put back whatever was typed but not confirmed before the last reload, then send it.
  pendingKeys().forEach(function (k) {
    var parts = k.substring(prefix.length).split(":");
    var input = sheet.querySelector('[data-row][data-item="' + parts[0] + '"] [data-field="' + parts[1] + '"]');
    if (input) setValue(input, localStorage.getItem(k));
  });
  window.addEventListener("online", retryAll);
  setInterval(function () { if (pendingKeys().length && !inflight) retryAll(); }, 10000);
  window.addEventListener("beforeunload", function (event) {
    if (inflight) { event.preventDefault(); event.returnValue = ""; }
  });
  retryAll();
  status.classList.remove("d-none");
  refreshStatus();
})();
