// What a reader sees on one XHTML page of a book, measured inside the rendering engine itself
// (WebKitGTK through webkit_render.py, Chromium through chromium_render.py). The drivers call
// `folioMeasure(options)`, take a screenshot of the window, then call
// `folioReferenceSheet(start)` and take a screenshot of each sheet it draws.
//
// Why two kinds of screenshot: an engine can lay characters out in one place and paint them
// in another (WebKitGTK 2.50 with `text-autospace` paints digits over their neighbours while
// every client rect is still where it should be), so boxes alone cannot tell what a reader
// sees. The reference sheets draw each character of the page alone, in the same font, size
// and writing mode; the test compares the page's pixels inside each character's box with the
// character drawn alone.
//
// With `paginate`, the page is first laid out the way Foliate's paginator lays out a book
// (CSS columns on the root element, one page per column, images capped to the page): Foliate
// is the reader on WebKitGTK, and readers built on Blink (Thorium) paginate with root columns
// too. Without it the page is measured as it scrolls.

// Everything about a text's look that decides its glyphs.
const FOLIO_STYLE_PROPERTIES = [
  "font-family", "font-size", "font-weight", "font-style", "font-feature-settings",
  "font-variant-east-asian", "writing-mode", "text-orientation", "text-combine-upright",
];

// Resolves to, in CSS pixels of the document (scroll offsets added; the window shows
// [scrollX, scrollY, viewport.width, viewport.height]):
//   units:  every non-space character as [text, left, top, width, height, style]; a run set
//           upright as one glyph (text-combine-upright) is one unit; document order.
//   styles: the distinct looks `style` indexes, each the values of FOLIO_STYLE_PROPERTIES.
//   images: every <img> as [src, left, top, width, height].
//   pages:  the page boxes, one per column, when paginated (else none).
//   fonts:  every @font-face as [family, status], after document.fonts.ready.
//   lang, vertical, writingMode, viewport, scroll.
async function folioMeasure(options) {
  const doc = document;
  const view = { width: window.innerWidth, height: window.innerHeight };
  const vertical = getComputedStyle(doc.body).writingMode.startsWith("vertical");
  if (options.paginate) {
    folioPaginateLikeFoliate(doc, view, vertical, options.gap || 0, options.margin || 0);
  }
  await doc.fonts.ready;
  await folioFrames();
  const page = options.page || 0;
  if (options.paginate && page) {
    window.scrollTo(vertical ? 0 : page * view.width, vertical ? page * view.height : 0);
  }
  await folioFrames();

  const sx = window.scrollX, sy = window.scrollY;
  const box = (r) => [r.left + sx, r.top + sy, r.width, r.height];
  const styles = [];
  const styleIndex = new Map();
  const styleOf = (el) => {
    const computed = getComputedStyle(el);
    const values = FOLIO_STYLE_PROPERTIES.map((p) => computed.getPropertyValue(p));
    const key = values.join("\u0001");
    if (!styleIndex.has(key)) {
      styleIndex.set(key, styles.length);
      styles.push(values);
    }
    return styleIndex.get(key);
  };
  const units = [];
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  const range = doc.createRange();
  let before = "\n";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    const style = styleOf(parent);
    if (getComputedStyle(parent).textCombineUpright === "all") {
      const text = node.data.trim();
      if (text) units.push([text, ...box(parent.getBoundingClientRect()), style, before]);
      if (node.data) before = node.data.slice(-1);
      continue;
    }
    let offset = 0;
    for (const c of node.data) {
      const end = offset + c.length;
      if (c.trim()) {
        range.setStart(node, offset);
        range.setEnd(node, end);
        // A character that wrapped can also report an empty box at the end of the line before.
        const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
        const r = rects.length ? rects[0] : range.getBoundingClientRect();
        units.push([c, ...box(r), style, before]);
      }
      before = c;
      offset = end;
    }
  }
  window.folioUnits = units;
  window.folioStyles = styles;
  const fonts = [];
  doc.fonts.forEach((f) => fonts.push([f.family.replace(/"/g, ""), f.status]));
  return {
    lang: doc.documentElement.getAttribute("lang") || "",
    vertical,
    writingMode: getComputedStyle(doc.body).writingMode,
    viewport: view,
    scroll: [sx, sy],
    pages: folioPageBoxes(doc, view, vertical, options.paginate),
    units,
    styles,
    images: Array.from(doc.images).map((img) => [img.getAttribute("src"), ...box(img.getBoundingClientRect())]),
    fonts,
  };
}

// Draws, over the whole window, each distinct (text, style) among the units the window shows,
// alone, starting at the `start`-th; resolves to { templates, next }: templates as
// [text, style, left, top, width, height] in window pixels, and the index to start the next
// sheet from (null when every one is drawn).
async function folioReferenceSheet(start) {
  const doc = document;
  const sx = window.scrollX, sy = window.scrollY;
  const w = window.innerWidth, h = window.innerHeight;
  const seen = new Set();
  const wanted = [];
  for (const [text, x, y, uw, uh, style] of window.folioUnits) {
    const inside = x >= sx && y >= sy && x + uw <= sx + w && y + uh <= sy + h;
    const key = text + "\u0001" + style;
    if (inside && !seen.has(key)) {
      seen.add(key);
      wanted.push([text, style]);
    }
  }
  let sheet = doc.getElementById("folio-reference-sheet");
  if (sheet) sheet.remove();
  sheet = doc.createElementNS("http://www.w3.org/1999/xhtml", "div");
  sheet.id = "folio-reference-sheet";
  sheet.setAttribute("style", `position: fixed; left: 0; top: 0; width: ${w}px; height: ${h}px; ` +
    "background: white; z-index: 2147483647; margin: 0; padding: 0; overflow: hidden; " +
    "writing-mode: horizontal-tb; columns: auto; column-width: auto;");
  doc.documentElement.appendChild(sheet);
  const placed = [];
  let x = 4, y = 4, rowHeight = 0, i = start;
  for (; i < wanted.length; i++) {
    const [text, style] = wanted[i];
    const values = window.folioStyles[style];
    const size = parseFloat(values[FOLIO_STYLE_PROPERTIES.indexOf("font-size")]) || 16;
    const cell = Math.ceil(size * 1.6) + 8;
    if (x + cell > w) { x = 4; y += rowHeight; rowHeight = 0; }
    if (y + cell > h) break;
    const holder = doc.createElementNS("http://www.w3.org/1999/xhtml", "div");
    const span = doc.createElementNS("http://www.w3.org/1999/xhtml", "span");
    const css = FOLIO_STYLE_PROPERTIES.map((p, k) => `${p}: ${values[k]};`).join(" ");
    holder.setAttribute("style", `position: absolute; left: ${x}px; top: ${y}px; width: ${cell}px; ` +
      `height: ${cell}px; margin: 0; padding: 0; text-indent: 0; line-height: normal; ` +
      `white-space: nowrap; ${css} text-combine-upright: none;`);
    span.setAttribute("style", css);
    span.textContent = text;
    holder.appendChild(span);
    sheet.appendChild(holder);
    placed.push([text, style, holder]);
    x += cell;
    rowHeight = Math.max(rowHeight, cell);
  }
  await doc.fonts.ready;
  await folioFrames();
  const templates = placed.map(([text, style, holder]) => {
    const span = holder.firstChild;
    const combined = getComputedStyle(span).textCombineUpright === "all";
    const r = combined ? span.getBoundingClientRect() : (() => {
      const range = doc.createRange();
      range.selectNodeContents(span);
      return range.getBoundingClientRect();
    })();
    return [text, style, r.left, r.top, r.width, r.height];
  });
  return { templates, next: i < wanted.length ? i : null };
}

function folioFrames() {
  return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
}

// Foliate's column layout (foliate-js paginator.js, `columnize` and `setImageSize`, with one
// column per page): the root element becomes a multi-column box of the window's size; pages
// follow each other across (horizontal books) or downwards (vertical books).
function folioPaginateLikeFoliate(doc, view, vertical, gap, margin) {
  const important = (el, styles) => {
    for (const [k, v] of Object.entries(styles)) el.style.setProperty(k, v, "important");
  };
  // Foliate rewrites `vw` and `vh` in the book's CSS into pixels of its window, which is the
  // page plus the margins that hold its header and footer.
  const vw = view.width / 100, vh = (view.height + 2 * margin) / 100;
  for (const sheet of doc.styleSheets) {
    for (const rule of sheet.cssRules) {
      if (!rule.style) continue;
      for (const name of Array.from(rule.style)) {
        const value = rule.style.getPropertyValue(name);
        if (!/\d(vw|vh)\b/.test(value)) continue;
        const px = value
          .replace(/(\d*\.?\d+)vw/g, (_, d) => `${parseFloat(d) * vw}px`)
          .replace(/(\d*\.?\d+)vh/g, (_, d) => `${parseFloat(d) * vh}px`);
        rule.style.setProperty(name, px, rule.style.getPropertyPriority(name));
      }
    }
  }
  const size = vertical ? view.height : view.width;
  important(doc.documentElement, {
    "box-sizing": "border-box",
    "column-width": `${Math.trunc(size - gap)}px`,
    "column-gap": `${gap}px`,
    "column-fill": "auto",
    ...(vertical ? { width: `${view.width}px` } : { height: `${view.height}px` }),
    padding: vertical ? `${gap / 2}px 0` : `0 ${gap / 2}px`,
    "overflow-wrap": "break-word",
    position: "static",
    border: "0",
    margin: "0",
    "max-height": "none",
    "max-width": "none",
    "min-height": "none",
    "min-width": "none",
  });
  important(doc.body, { "max-height": "none", "max-width": "none", margin: "0" });
  for (const el of doc.body.querySelectorAll("img, svg, video")) {
    const { maxHeight, maxWidth } = getComputedStyle(el);
    const kept = (v, dflt) => (v !== "none" && v !== "0px" ? v : dflt);
    important(el, {
      "max-height": vertical ? kept(maxHeight, "100%") : `${view.height - margin * 2}px`,
      "max-width": vertical ? `${view.width - margin * 2}px` : kept(maxWidth, "100%"),
      "object-fit": "contain",
      "break-inside": "avoid",
      "box-sizing": "border-box",
    });
  }
}

// The window-sized pages of the column layout, as many as the content needs.
function folioPageBoxes(doc, view, vertical, paginate) {
  if (!paginate) return [];
  const range = doc.createRange();
  range.selectNodeContents(doc.body);
  const content = range.getBoundingClientRect();
  const sx = window.scrollX, sy = window.scrollY;
  const pages = [];
  if (vertical) {
    const count = Math.max(1, Math.ceil((content.bottom + sy) / view.height));
    for (let i = 0; i < count; i++) pages.push([0, i * view.height, view.width, view.height]);
  } else {
    const count = Math.max(1, Math.ceil((content.right + sx) / view.width));
    for (let i = 0; i < count; i++) pages.push([i * view.width, 0, view.width, view.height]);
  }
  return pages;
}
