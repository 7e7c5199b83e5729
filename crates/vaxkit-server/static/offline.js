// The offline vaccinator: keeps the day's queue and the doses recorded without a connection in
// IndexedDB, and sends the waiting doses to POST /vaccinator/sync when the connection is back.
// Each dose carries its own idempotency key, so a dose sent twice is recorded once.
(function () {
  "use strict";
  var DB = "vaxkit-offline", OUTBOX = "outbox", QUEUE = "queue", REFUSED = "refused";
  var sending = false;

  // The phone's clock may be wrong: doses are timed by the server's clock, as the page last
  // brought it (a page opened from the service worker's copy keeps the offset of the last fresh
  // one).
  var main = document.getElementById("main");
  var serverNow = main.dataset.serverNow;
  if (serverNow && localStorage.getItem("vaxkit-server-now") !== serverNow) {
    localStorage.setItem("vaxkit-server-now", serverNow);
    localStorage.setItem("vaxkit-clock-offset", String(Date.parse(serverNow) - Date.now()));
  }
  function now() {
    return new Date(Date.now() + Number(localStorage.getItem("vaxkit-clock-offset") || 0));
  }

  function open() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () {
        var db = req.result;
        db.createObjectStore(OUTBOX, { keyPath: "idempotency_key" });
        db.createObjectStore(QUEUE, { keyPath: "day" });
        db.createObjectStore(REFUSED, { keyPath: "idempotency_key" });
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function tx(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(store, mode);
        var result = work(t.objectStore(store));
        t.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : result); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }

  function all(store) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var req = db.transaction(store, "readonly").objectStore(store).getAll();
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    });
  }

  function key() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  var waiting = document.getElementById("waiting");
  var refusals = document.getElementById("refusals");
  var net = document.getElementById("net");
  var form = document.getElementById("dose-form");
  var person = document.getElementById("person");

  function nameOf(ref) {
    var opt = person.querySelector('option[value="' + ref + '"]');
    return opt ? opt.textContent.split(" · ")[0] : ref;
  }

  function show() {
    net.textContent = navigator.onLine ? net.dataset.online : net.dataset.offline;
    all(OUTBOX).then(function (list) {
      waiting.textContent = waiting.dataset.text.replace("{count}", String(list.length));
      waiting.dataset.count = String(list.length);
    });
    all(REFUSED).then(function (list) {
      refusals.textContent = "";
      list.forEach(function (r) {
        var li = document.createElement("li");
        li.className = "error";
        li.textContent = refusals.dataset.text.replace("{name}", r.name).replace("{reason}", r.reason);
        refusals.appendChild(li);
      });
    });
  }

  function send() {
    if (sending || !navigator.onLine) { return Promise.resolve(); }
    sending = true;
    return all(OUTBOX).then(function (list) {
      if (!list.length) { return; }
      // In the order they were given: a second dose after the first.
      list.sort(function (a, b) { return a.seq - b.seq; });
      var doses = list.map(function (d) {
        var copy = Object.assign({}, d);
        delete copy.name;
        delete copy.seq;
        return copy;
      });
      var lang = document.documentElement.lang;
      return fetch("/vaccinator/sync?lang=" + encodeURIComponent(lang), {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "X-CSRF-Token": document.querySelector('meta[name="csrf-token"]').content
        },
        body: JSON.stringify({ doses: doses })
      }).then(function (response) {
        if (!response.ok) { return; }
        return response.json().then(function (answer) {
          var byKey = {};
          list.forEach(function (d) { byKey[d.idempotency_key] = d; });
          return Promise.all(answer.results.map(function (r) {
            var sent = byKey[r.idempotency_key];
            var done = tx(OUTBOX, "readwrite", function (s) { s.delete(r.idempotency_key); });
            if (r.status === "refused" && sent) {
              return done.then(function () {
                return tx(REFUSED, "readwrite", function (s) {
                  s.put({ idempotency_key: r.idempotency_key, name: sent.name, reason: r.error.message });
                });
              });
            }
            return done;
          }));
        });
      });
    }).catch(function () { /* still offline: the doses wait */ }).then(function () {
      sending = false;
      show();
    });
  }

  var data = document.getElementById("queue-data");
  var day = now().toISOString().slice(0, 10);
  if (data) {
    tx(QUEUE, "readwrite", function (s) { s.put({ day: day, entries: JSON.parse(data.textContent) }); });
  }

  person.addEventListener("change", function () {
    var opt = person.selectedOptions[0];
    if (opt) {
      document.getElementById("vaccine").value = opt.dataset.vaccine;
      document.getElementById("dose").value = opt.dataset.dose;
    }
  });
  person.dispatchEvent(new Event("change"));
  var batch = document.getElementById("batch");
  batch.value = localStorage.getItem("vaxkit-batch") || "";

  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var dose = parseInt(document.getElementById("dose").value, 10);
    var entry = {
      idempotency_key: key(),
      beneficiary: person.value,
      vaccine: document.getElementById("vaccine").value,
      batch: batch.value.trim(),
      dose: isNaN(dose) ? null : dose,
      given_at: now().toISOString(),
      seq: Date.now() + Math.random(),
      name: nameOf(person.value)
    };
    localStorage.setItem("vaxkit-batch", entry.batch);
    tx(OUTBOX, "readwrite", function (s) { s.put(entry); }).then(show).then(send);
  });

  window.addEventListener("online", send);
  window.addEventListener("offline", show);
  setInterval(send, 3000);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/vaccinator/sw.js").catch(function () {});
  }
  show();
  send();
})();
