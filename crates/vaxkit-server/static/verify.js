// Certificate verification, enhanced: read the QR code from a photo (on the server) or from
// the camera (where the browser can read codes), put its text in the form and send it.
(function () {
  "use strict";
  var box = document.getElementById("by-image");
  var form = document.getElementById("verify-form");
  var field = document.getElementById("qr");
  var status = document.getElementById("image-status");
  var token = document.querySelector('meta[name="csrf-token"]').content;
  box.hidden = false;

  function found(text) {
    field.value = text;
    form.submit();
  }

  document.getElementById("photo").addEventListener("change", function (event) {
    var file = event.target.files[0];
    if (!file) { return; }
    fetch("/verify/photo?lang=" + encodeURIComponent(document.documentElement.lang), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/octet-stream", "X-CSRF-Token": token },
      body: file
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (response.ok && answer.qr) { found(answer.qr); } else { status.textContent = box.dataset.failed; }
      });
    }).catch(function () { status.textContent = box.dataset.failed; });
  });

  if ("BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    var camera = document.getElementById("camera");
    camera.hidden = false;
    camera.addEventListener("click", function () {
      var video = document.getElementById("preview");
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        var timer = setInterval(function () {
          detector.detect(video).then(function (codes) {
            if (codes.length) {
              clearInterval(timer);
              stream.getTracks().forEach(function (t) { t.stop(); });
              found(codes[0].rawValue);
            }
          }).catch(function () {});
        }, 300);
      }).catch(function () { status.textContent = box.dataset.failed; });
    });
  }
})();
