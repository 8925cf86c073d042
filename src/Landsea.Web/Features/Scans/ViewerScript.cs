namespace Landsea.Web.Features.Scans;

/// <summary>
/// The scan viewer, plain JavaScript served by the node (<c>/scans/viewer.js</c>; no CDN, no build step): reads both
/// channels from <c>/scans/{id}/channels</c>, draws attenuation −ln(I/I₀) through a window/level, or the dual-energy
/// material colour (low/high ratio: organic orange, inorganic green, metal blue), zooms with the buttons or the wheel,
/// pans by dragging, and in Annotate mode records dragged rectangles (image pixels) into the verdict form.
/// </summary>
internal static class ViewerScript
{
    public const string Source = """
        (function () {
          'use strict';
          var canvas = document.getElementById('scan-canvas');
          if (!canvas) { return; }
          var ctx = canvas.getContext('2d');
          var status = document.getElementById('viewer-status');
          var w = +canvas.dataset.width, h = +canvas.dataset.height;
          var airLow = +canvas.dataset.airLow, airHigh = +canvas.dataset.airHigh;
          var findings = JSON.parse(canvas.dataset.findings || '[]');
          var low = null, high = null, image = document.createElement('canvas');
          image.width = w; image.height = h;
          var scale = 1, offsetX = 0, offsetY = 0, tool = 'pan', drag = null, regions = [];
          // Ratio boundaries: organic above R(Z=10), metal below R(Z=18) (Attenuation.cs, 4 and 6 MeV).
          var organicRatio = 0.03262 / 0.02703, metalRatio = 0.03183 / 0.0275038;

          function fit() {
            scale = Math.min(canvas.width / w, canvas.height / h);
            offsetX = (canvas.width - w * scale) / 2; offsetY = (canvas.height - h * scale) / 2;
          }

          function render() {
            var mode = document.getElementById('mode').value;
            var win = +document.getElementById('window').value, level = +document.getElementById('level').value;
            var data = image.getContext('2d').createImageData(w, h), px = data.data;
            for (var i = 0; i < w * h; i++) {
              var aH = -Math.log(Math.max(high[i], 0.5) / airHigh), aL = -Math.log(Math.max(low[i], 0.5) / airLow);
              var a = mode === 'low' ? aL : aH;
              var g = 1 - Math.min(1, Math.max(0, (a - (level - win / 2)) / win));
              var r = g, gr = g, b = g;
              if (mode === 'material' && aH > 0.15 && aH < 6.5) {
                var ratio = aL / aH;
                if (ratio > organicRatio) { r = 0.94; gr = 0.63; b = 0.19; }
                else if (ratio < metalRatio) { r = 0.18; gr = 0.37; b = 0.82; }
                else { r = 0.25; gr = 0.69; b = 0.31; }
                r *= 0.25 + 0.75 * g; gr *= 0.25 + 0.75 * g; b *= 0.25 + 0.75 * g;
              }
              px[i * 4] = r * 255; px[i * 4 + 1] = gr * 255; px[i * 4 + 2] = b * 255; px[i * 4 + 3] = 255;
            }
            image.getContext('2d').putImageData(data, 0, 0);
            draw();
          }

          function rect(x, y, rw, rh, colour, dashed) {
            ctx.save(); ctx.strokeStyle = colour; ctx.lineWidth = 2; ctx.setLineDash(dashed ? [6, 4] : []);
            ctx.strokeRect(offsetX + x * scale, offsetY + y * scale, rw * scale, rh * scale); ctx.restore();
          }

          function draw() {
            ctx.fillStyle = '#000'; ctx.fillRect(0, 0, canvas.width, canvas.height);
            ctx.imageSmoothingEnabled = scale < 1;
            ctx.drawImage(image, offsetX, offsetY, w * scale, h * scale);
            findings.forEach(function (f) { rect(f.x, f.y, f.width, f.height, f.alarm ? '#ff3030' : '#8fa3b8', true); });
            regions.forEach(function (r) { rect(r.x, r.y, r.width, r.height, '#ffd400', false); });
            if (drag && drag.annotating) { rect(drag.x0, drag.y0, drag.x1 - drag.x0, drag.y1 - drag.y0, '#ffd400', true); }
          }

          function toImage(ev) {
            var box = canvas.getBoundingClientRect();
            var cx = (ev.clientX - box.left) * canvas.width / box.width, cy = (ev.clientY - box.top) * canvas.height / box.height;
            return { cx: cx, cy: cy, x: (cx - offsetX) / scale, y: (cy - offsetY) / scale };
          }

          function zoom(factor, cx, cy) {
            if (cx === undefined) { cx = canvas.width / 2; cy = canvas.height / 2; }
            offsetX = cx - (cx - offsetX) * factor; offsetY = cy - (cy - offsetY) * factor; scale *= factor; draw();
          }

          function clamp(v, max) { return Math.max(0, Math.min(max, Math.round(v))); }

          function saveRegions() {
            document.getElementById('regions').value = JSON.stringify(regions);
            var table = document.getElementById('annotations');
            while (table.rows.length > 1) { table.deleteRow(1); }
            regions.forEach(function (r, i) {
              var row = table.insertRow(-1);
              row.className = 'annotation';
              row.insertCell(0).textContent = 'x ' + r.x + ', y ' + r.y + ', ' + r.width + ' × ' + r.height;
              var input = document.createElement('input');
              input.type = 'text'; input.value = r.note; input.setAttribute('aria-label', 'Note for region ' + (i + 1));
              input.addEventListener('input', function () { r.note = input.value; document.getElementById('regions').value = JSON.stringify(regions); });
              row.insertCell(1).appendChild(input);
            });
          }

          canvas.addEventListener('pointerdown', function (ev) {
            var p = toImage(ev);
            drag = { annotating: tool === 'annotate', cx: p.cx, cy: p.cy, x0: p.x, y0: p.y, x1: p.x, y1: p.y };
            canvas.setPointerCapture(ev.pointerId);
          });
          canvas.addEventListener('pointermove', function (ev) {
            if (!drag) { return; }
            var p = toImage(ev);
            if (drag.annotating) { drag.x1 = p.x; drag.y1 = p.y; }
            else { offsetX += p.cx - drag.cx; offsetY += p.cy - drag.cy; drag.cx = p.cx; drag.cy = p.cy; }
            draw();
          });
          canvas.addEventListener('pointerup', function () {
            if (drag && drag.annotating) {
              var x0 = clamp(Math.min(drag.x0, drag.x1), w), y0 = clamp(Math.min(drag.y0, drag.y1), h);
              var x1 = clamp(Math.max(drag.x0, drag.x1), w), y1 = clamp(Math.max(drag.y0, drag.y1), h);
              if (x1 - x0 >= 2 && y1 - y0 >= 2) { regions.push({ x: x0, y: y0, width: x1 - x0, height: y1 - y0, note: '' }); saveRegions(); }
            }
            drag = null; draw();
          });
          canvas.addEventListener('wheel', function (ev) { ev.preventDefault(); var p = toImage(ev); zoom(ev.deltaY < 0 ? 1.25 : 0.8, p.cx, p.cy); }, { passive: false });
          function setTool(t) {
            tool = t;
            document.getElementById('tool-pan').setAttribute('aria-pressed', String(t === 'pan'));
            document.getElementById('tool-annotate').setAttribute('aria-pressed', String(t === 'annotate'));
          }
          document.getElementById('tool-pan').addEventListener('click', function () { setTool('pan'); });
          document.getElementById('tool-annotate').addEventListener('click', function () { setTool('annotate'); });
          document.getElementById('zoom-in').addEventListener('click', function () { zoom(1.25); });
          document.getElementById('zoom-out').addEventListener('click', function () { zoom(0.8); });
          document.getElementById('zoom-fit').addEventListener('click', function () { fit(); draw(); });
          ['mode', 'window', 'level'].forEach(function (id) { document.getElementById(id).addEventListener('input', render); });

          var started = performance.now();
          fetch('/scans/' + canvas.dataset.scan + '/channels', { credentials: 'same-origin' })
            .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.arrayBuffer(); })
            .then(function (buffer) {
              low = new Uint16Array(buffer, 0, w * h); high = new Uint16Array(buffer, w * h * 2, w * h);
              fit(); render();
              var ms = performance.now() - started;
              canvas.dataset.firstPaintMs = ms.toFixed(1);
              canvas.dataset.ready = 'true';
              status.textContent = 'Scan shown (' + w + ' × ' + h + ' px) in ' + ms.toFixed(0) + ' ms. Zoom with the wheel or the buttons; drag to pan; choose Annotate and drag to mark a region.';
            })
            .catch(function (e) { status.textContent = 'The scan could not be loaded: ' + e.message; });
        })();
        """;
}
