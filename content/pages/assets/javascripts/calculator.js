/* The model-selection calculator: plain JavaScript over the JSON file the build writes
 * (downloads/selection-calculator.json). It computes with the constants and formulas of
 * generator/memory.py, in the same order, so that its numbers are the build's; the browser tests check
 * that over a grid of cases. Without JavaScript the container stays hidden and the static tables show.
 */
(function () {
  "use strict";
  var root = document.getElementById("versus-calculator");
  if (!root || !window.fetch) return;

  // ---- the formulas (generator/memory.py) ----------------------------------------------------------
  var GB = 1e9;

  function cachedTokens(m, context) {
    if (m.window === null) return m.layers * context;
    var full = m.full_layers || 0;
    return full * context + (m.layers - full) * Math.min(context, m.window);
  }

  function kvElements(m) {
    return m.latent_dim !== null ? m.latent_dim : 2 * m.kv_heads * m.head_dim;
  }

  function estimate(d, m, fmt, context, cache, device) {
    var bits = fmt.bits;
    var weights = Object.prototype.hasOwnProperty.call(m.file_sizes, fmt.id)
      ? m.file_sizes[fmt.id] : m.parameters_b * bits / 8;
    var kv = kvElements(m) * cachedTokens(m, context) * cache.bytes / GB;
    var overhead = d.overhead.fixed_gb + d.overhead.share * (weights + kv);
    var total = weights + kv + overhead;
    var usable = device.unified
      ? device.memory_gb * (device.memory_gb <= d.unified.limit_gb ? d.unified.small : d.unified.large)
      : device.memory_gb;
    var perToken = m.active_b * bits / 8 + kv;
    var eff = d.efficiency;
    var fits = total <= usable;
    var speed = null;
    if (eff && fits && device.bandwidth_gb_s > 0) {
      // time per token = bytes / (efficiency x bandwidth) + a fixed time (generator/speedfit.py)
      var value = 1 / (perToken / (eff.value * device.bandwidth_gb_s) + eff.fixed_ms / 1000);
      speed = {value: value, low: eff.low * value, high: eff.high * value};
    }
    return {weights: weights, kv: kv, overhead: overhead, total: total, usable: usable, fits: fits,
            perToken: perToken, speed: speed, fileSize: weights !== m.parameters_b * bits / 8};
  }

  // ---- the form --------------------------------------------------------------------------------------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function field(form, label, name, control) {
    var wrap = el("label", {"class": "calc-field calc-" + name});
    wrap.appendChild(el("span", {}, label));
    control.name = name;
    wrap.appendChild(control);
    form.appendChild(wrap);
    return control;
  }

  function options(select, items) {
    select.textContent = "";
    items.forEach(function (it) { select.appendChild(el("option", {value: it[0]}, it[1])); });
  }

  function fixed(x, digits) {
    return x.toFixed(digits);
  }

  function init(d) {
    var form = el("form", {"class": "calc-form", "aria-label": "Memory and speed calculator"});
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var model = field(form, "Model", "model", el("select"));
    var fmt = field(form, "Weights", "format", el("select"));
    var context = field(form, "Context (tokens)", "context", el("select"));
    var cache = field(form, "KV cache", "cache", el("select"));
    var device = field(form, "GPU or Mac", "device", el("select"));
    var memory = field(form, "Memory (GB)", "memory", el("input", {type: "number", min: "1", step: "any", value: "24"}));
    var bandwidth = field(form, "Bandwidth (GB/s)", "bandwidth",
                          el("input", {type: "number", min: "1", step: "any", value: "1000"}));
    options(model, d.models.map(function (m) { return [m.id, m.name]; }));
    if (d.default_model) model.value = d.default_model;
    options(fmt, d.formats.map(function (f) { return [f.id, f.id]; }));
    options(cache, d.caches.map(function (c) { return [c.id, c.id]; }));
    options(device, [["custom", "Custom: enter memory and bandwidth"]].concat(
      d.devices.map(function (x) { return [x.id, x.name + " (" + x.memory_gb + " GB)"]; })));
    var preferred = d.devices.filter(function (x) { return x.id === "rtx-4090"; })[0] || d.devices[0];
    if (preferred) device.value = preferred.id;
    fmt.value = "Q4_K_M";

    var out = el("div", {"class": "calc-output", "aria-live": "polite"});
    var table = el("table", {"class": "calc-parts"});
    var rows = {};
    [["weights", "Weights"], ["kv", "KV cache"], ["overhead", "Runtime overhead"], ["total", "Total"],
     ["usable", "Usable memory"], ["speed", "Decode speed"]].forEach(function (r) {
      var tr = el("tr");
      tr.appendChild(el("th", {scope: "row"}, r[1]));
      rows[r[0]] = el("td", {"data-part": r[0]});
      tr.appendChild(rows[r[0]]);
      table.appendChild(tr);
    });
    var verdict = el("p", {"class": "calc-verdict"});
    var formula = el("pre", {"class": "calc-formula"});
    out.appendChild(table);
    out.appendChild(verdict);
    out.appendChild(formula);
    root.appendChild(el("h2", {id: "calculator"}, "Calculator"));
    root.appendChild(form);
    root.appendChild(out);

    function currentModel() {
      return d.models.filter(function (m) { return m.id === model.value; })[0];
    }

    function refreshContexts() {
      var m = currentModel();
      var keep = Number(context.value) || 8192;
      var list = d.contexts.filter(function (c) { return m.context_length === null || c <= m.context_length; });
      if (m.context_length !== null && list.indexOf(m.context_length) < 0) list.push(m.context_length);
      options(context, list.map(function (c) { return [String(c), c.toLocaleString("en-US")]; }));
      var best = list.filter(function (c) { return c <= keep; });
      context.value = String(best.length ? best[best.length - 1] : list[0]);
    }

    function selectedDevice() {
      if (device.value === "custom") {
        return {id: "custom", name: "your GPU", unified: false, memory_gb: Number(memory.value) || 0,
                bandwidth_gb_s: Number(bandwidth.value) || 0};
      }
      var x = d.devices.filter(function (y) { return y.id === device.value; })[0];
      return {id: x.id, name: x.name, unified: x.kind === "unified-memory", memory_gb: x.memory_gb,
              bandwidth_gb_s: x.bandwidth_gb_s};
    }

    function show(part, value, digits, unit) {
      rows[part].setAttribute("data-value", String(value));
      rows[part].textContent = fixed(value, digits) + " " + unit;
    }

    function update() {
      var m = currentModel();
      var f = d.formats.filter(function (x) { return x.id === fmt.value; })[0];
      var c = d.caches.filter(function (x) { return x.id === cache.value; })[0];
      var dev = selectedDevice();
      var custom = dev.id === "custom";
      memory.parentNode.hidden = !custom;
      bandwidth.parentNode.hidden = !custom;
      var ctx = Number(context.value);
      var r = estimate(d, m, f, ctx, c, dev);
      show("weights", r.weights, 1, "GB");
      show("kv", r.kv, 2, "GB");
      show("overhead", r.overhead, 2, "GB");
      show("total", r.total, 1, "GB");
      show("usable", r.usable, 1, "GB");
      if (r.speed) {
        rows.speed.setAttribute("data-value", String(r.speed.value));
        rows.speed.setAttribute("data-low", String(r.speed.low));
        rows.speed.setAttribute("data-high", String(r.speed.high));
        rows.speed.textContent = "about " + fixed(r.speed.value, 0) + " tokens/s (" + fixed(r.speed.low, 0) +
          " to " + fixed(r.speed.high, 0) + ")";
      } else {
        ["data-value", "data-low", "data-high"].forEach(function (a) { rows.speed.removeAttribute(a); });
        rows.speed.textContent = r.fits ? "no data" : "does not fit: no estimate";
      }
      verdict.setAttribute("data-fits", r.fits ? "yes" : "no");
      verdict.textContent = (r.fits ? "Fits: " : "Does not fit: ") + m.name + " at " + f.id + ", " +
        ctx.toLocaleString("en-US") + " tokens with a " + c.id + " cache needs " + fixed(r.total, 1) +
        " GB; " + dev.name + " has " + fixed(r.usable, 1) + " GB for it.";
      var tokens = cachedTokens(m, ctx);
      formula.textContent =
        "weights  = " + (r.fileSize ? "published file size" : m.parameters_b + " B x " + f.bits + " bits / 8") +
        " = " + fixed(r.weights, 2) + " GB\n" +
        "KV cache = " + kvElements(m) + " elements x " + tokens.toLocaleString("en-US") +
        " token-layers x " + fixed(c.bytes, 4) + " bytes = " + fixed(r.kv, 2) + " GB\n" +
        "overhead = " + d.overhead.fixed_gb + " GB + " + d.overhead.share * 100 + "% of (weights + KV) = " +
        fixed(r.overhead, 2) + " GB\n" +
        "speed    = 1 / ((" + m.active_b + " B active x " + f.bits + " / 8 + KV) / (" +
        (d.efficiency ? fixed(d.efficiency.value, 2) : "efficiency") + " x " + dev.bandwidth_gb_s + " GB/s) + " +
        (d.efficiency ? fixed(d.efficiency.fixed_ms, 1) : "fixed") + " ms) = " +
        (r.speed ? fixed(r.speed.value, 1) + " tokens/s" : "no estimate");
    }

    model.addEventListener("change", function () { refreshContexts(); update(); });
    [fmt, context, cache, device, memory, bandwidth].forEach(function (x) {
      x.addEventListener("change", update);
      x.addEventListener("input", update);
    });
    refreshContexts();
    update();
    root.hidden = false;
    root.setAttribute("data-ready", "yes");
  }

  function start() {
    fetch(root.getAttribute("data-src")).then(function (r) { return r.json(); }).then(init);
  }

  // Built when the reader comes near it, not on load: on a phone it sits far below the first screen,
  // and fetching its data and building its form at load would delay the page's first paint and input.
  // The container is hidden until then, so the element before it is what is watched.
  var near = root.previousElementSibling || root.parentElement;
  if (!("IntersectionObserver" in window) || !near) {
    start();
    return;
  }
  var watch = new IntersectionObserver(function (entries) {
    for (var i = 0; i < entries.length; i++) {
      if (entries[i].isIntersecting) {
        watch.disconnect();
        start();
        return;
      }
    }
  }, {rootMargin: "1200px 0px"});
  watch.observe(near);
})();
