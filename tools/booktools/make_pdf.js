// The single-page book rearranged for print (booktools/make_pdf.py runs this in Chromium, once MathJax
// has typeset the page and the explorers have drawn their default views).
//
// In: {title, author, copyright, online, labels}: the edition's title page, the online book's address
// and the words in the edition's language. Out: a summary that make_pdf.py checks and prints.
//
// What it does: a title page and a table of contents; every page of the book as one section whose
// heading is an <h1> (Chromium's bookmarks follow the heading levels); chapters numbered, and their
// exercises numbered within the chapter; every solution moved out of the text into a "Solutions"
// section at the end of its chapter; hidden code cells and answer boxes left out; each explorer and
// backward player as its default view with a line that links to it in the online book; every link
// inside the book made a link inside the PDF.
(spec) => {
  const labels = spec.labels;
  const article = document.querySelector("article.bd-article");
  const make = (tag, attributes = {}, text = "") => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    if (text) node.textContent = text;
    return node;
  };

  // The pages in reading order: the root page, then each page of the table of contents, which the
  // single-page builder marks with <span id="document-NAME"> and nests one heading level deeper.
  const pages = [{ name: spec.root, section: article.querySelector(":scope > section") }];
  for (const marker of article.querySelectorAll("span[id^='document-']")) {
    const section = marker.nextElementSibling;
    if (!section || section.tagName !== "SECTION") throw new Error(`no section after ${marker.id}`);
    section.prepend(marker); // links to the page (#document-NAME) land on its heading
    pages.push({ name: marker.id.slice("document-".length), section, nested: true });
  }

  // The book keeps the article's class, so the pages' print rules (_static/book.css) apply to it.
  const book = make("main", { id: "lnn-book", class: "bd-article", lang: document.documentElement.lang });
  for (const page of pages) {
    if (page.nested) {
      // <h2> to <h1>, <h3> to <h2>, ...: each page is a part of the book in its own right.
      for (const heading of [...page.section.querySelectorAll("h2, h3, h4, h5, h6")]) {
        const raised = make(`h${Number(heading.tagName[1]) - 1}`);
        for (const attribute of heading.attributes) raised.setAttribute(attribute.name, attribute.value);
        raised.append(...heading.childNodes);
        heading.replaceWith(raised);
      }
    }
    page.section.classList.add("lnn-page");
    page.section.dataset.page = page.name;
    book.append(page.section);
  }
  book.querySelectorAll(".toctree-wrapper").forEach((node) => node.remove()); // emptied: its pages moved out

  // Each page's section ids are unique within the page only ("exercises", "references", ...): a
  // later page's copy is renamed, and that page's own links to it follow.
  // (The online book keeps the original, data-online-id, for links to it.)
  const seen = new Set();
  for (const page of pages) {
    const renamed = new Map();
    for (const node of [page.section, ...page.section.querySelectorAll("[id]")]) {
      if (seen.has(node.id)) {
        let unique = `${page.name.replace(/[^A-Za-z0-9_-]/g, "-")}--${node.id}`;
        for (let n = 2; seen.has(unique); n++) unique = `${page.name.replace(/[^A-Za-z0-9_-]/g, "-")}--${node.id}-${n}`;
        if (!renamed.has(node.id)) renamed.set(node.id, unique);
        node.dataset.onlineId = node.id;
        node.id = unique;
      }
      seen.add(node.id);
    }
    for (const link of page.section.querySelectorAll("a[href*='#']")) {
      const href = link.getAttribute("href");
      const target = decodeURIComponent(href.slice(href.indexOf("#") + 1));
      if (!/^[a-z]+:/i.test(href) && renamed.has(target)) link.setAttribute("href", `#${renamed.get(target)}`);
    }
  }


  // What stays hidden on the page stays out of the PDF: hidden code (the Colab install among it),
  // and what only works on a screen (header links, toggle buttons, answer boxes, explorer controls).
  book.querySelectorAll("details.hide, a.headerlink, .toggle-button, .lnn-answer, .lnn-controls, " +
                        "a[data-role=permalink]").forEach((node) => node.remove());
  for (const cell of [...book.querySelectorAll("div.cell")]) {
    if (!cell.textContent.trim() && !cell.querySelector("img, svg")) cell.remove();
  }

  // Chapters are the pages under chapters/; each is numbered, and so are its exercises.
  const outline = [];
  let chapter = 0;
  const exerciseNumbers = new Map(); // exercise id -> [number the page gave it, "chapter.k"]
  for (const page of pages) {
    const section = page.section;
    const heading = section.querySelector("h1");
    const entry = { id: section.id, title: heading.textContent.trim(), heading, number: null, sections: [] };
    if (page.name.startsWith("chapters/")) {
      chapter += 1;
      entry.number = chapter;
      heading.prepend(make("span", { class: "lnn-chapter-number" }, labels.chapter.replace("{n}", chapter)));
      section.classList.add("lnn-chapter");
      section.querySelectorAll("div.exercise").forEach((exercise, index) => {
        const caption = exercise.querySelector(".caption-number");
        const old = caption ? (caption.textContent.match(/\d+/) || [null])[0] : null;
        const number = `${chapter}.${index + 1}`;
        if (caption && old) caption.textContent = caption.textContent.replace(old, number);
        exerciseNumbers.set(exercise.id, [old, number]);
      });
    }
    for (const sub of section.querySelectorAll(":scope > section")) {
      const h2 = sub.querySelector(":scope > h2");
      if (h2) entry.sections.push({ id: sub.id, title: h2.textContent.trim(), heading: h2 });
    }
    outline.push(entry);
  }

  // Every link inside the book points at an anchor of this document, so that the PDF links inside itself.
  const ids = new Set([...book.querySelectorAll("[id]")].map((node) => node.id));
  for (const link of book.querySelectorAll("a[href]")) {
    const href = link.getAttribute("href");
    if (/^[a-z]+:/i.test(href) || !href.includes("#")) continue;
    const target = decodeURIComponent(href.slice(href.indexOf("#") + 1));
    if (ids.has(target)) link.setAttribute("href", `#${target}`);
    const renumber = exerciseNumbers.get(target);
    if (renumber && renumber[0]) {
      const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        walker.currentNode.data = walker.currentNode.data.replace(new RegExp(`\\b${renumber[0]}\\b`), renumber[1]);
      }
    }
  }

  // Solutions at the end of their chapter, in order; each exercise says where its solution is.
  let solutions = 0;
  for (const page of pages) {
    const found = [...page.section.querySelectorAll("div.solution")];
    if (!found.length) continue;
    const part = make("section", { class: "lnn-solutions", id: `lnn-solutions-${page.section.id}` });
    part.append(make("h2", {}, labels.solutions));
    for (const solution of found) {
      // Open: no longer a collapsed dropdown (sphinx-togglebutton's classes).
      for (const node of [solution, ...solution.querySelectorAll(".toggle-hidden, .toggle")]) {
        node.classList.remove("dropdown", "toggle", "toggle-hidden");
      }
      const back = solution.querySelector(".admonition-title a[href^='#']");
      const exercise = back ? book.querySelector(`[id="${CSS.escape(back.getAttribute("href").slice(1))}"]`) : null;
      if (exercise && solution.id) {
        const pointer = make("p", { class: "lnn-see-solution" });
        pointer.append(make("a", { href: `#${solution.id}` }, labels.solution));
        exercise.append(pointer);
      }
      part.append(solution);
      solutions += 1;
    }
    page.section.append(part);
    const entry = outline.find((item) => item.id === page.section.id);
    entry.sections.push({ id: part.id, title: labels.solutions, heading: null });
  }

  // Explorers and players print their default view, with the address of the live one.
  let interactive = 0;
  for (const view of [...book.querySelectorAll(".lnn-explorer, .lnn-player")]) {
    const page = view.closest(".lnn-page");
    const section = view.closest("section[id]");
    const address = `${spec.online}${page.dataset.page}.html${section && section !== page ? `#${section.dataset.onlineId || section.id}` : ""}`;
    const note = make("p", { class: "lnn-interactive" }, labels.interactive);
    note.append(make("a", { href: address }, address));
    const cell = view.closest("div.cell");
    // The call that makes the view live needs the online book or a kernel: the link stands for it.
    if (cell) cell.querySelectorAll(":scope > .cell_input").forEach((input) => input.remove());
    (cell || view).after(note);
    interactive += 1;
  }

  // A heading's words (its math typeset as on the page), without the chapter label, for the contents.
  const words = (heading) => {
    const copy = heading.cloneNode(true);
    copy.querySelectorAll(".lnn-chapter-number, a.headerlink, span[id^='document-']").forEach((n) => n.remove());
    copy.querySelectorAll("[id]").forEach((n) => n.removeAttribute("id"));
    return [...copy.childNodes];
  };

  // The title page and the table of contents, in front.
  const front = make("section", { class: "lnn-title-page" });
  front.append(make("p", { class: "lnn-book-title" }, spec.title));
  front.append(make("p", { class: "lnn-book-author" }, spec.author));
  const online = make("p", { class: "lnn-book-online" });
  online.append(make("a", { href: spec.online }, spec.online));
  front.append(online);
  front.append(make("p", { class: "lnn-book-copyright" }, `© ${spec.copyright} ${spec.author}`));
  const contents = make("nav", { class: "lnn-contents", id: "lnn-contents" });
  contents.append(make("h1", {}, labels.contents));
  const list = make("ol");
  for (const entry of outline) {
    const item = make("li", { class: entry.number ? "lnn-toc-chapter" : "lnn-toc-page" });
    const link = make("a", { href: `#${entry.id}` });
    if (entry.number) link.append(make("span", { class: "lnn-toc-number" }, String(entry.number)));
    link.append(make("span", { class: "lnn-toc-title" }));
    link.lastChild.append(...words(entry.heading));
    item.append(link);
    if (entry.sections.length) {
      const inner = make("ol");
      for (const sub of entry.sections) {
        const subItem = make("li");
        const subLink = make("a", { href: `#${sub.id}` });
        subLink.append(make("span", { class: "lnn-toc-title" }));
        subLink.lastChild.append(...(sub.heading ? words(sub.heading) : [sub.title]));
        subItem.append(subLink);
        inner.append(subItem);
      }
      item.append(inner);
    }
    list.append(item);
  }
  contents.append(list);
  book.prepend(front, contents);

  // Chromium names a bookmark after the text drawn in its heading, which leaves out math and the
  // spaces at line ends; make_pdf.py renames each after its heading's words, math as text.
  const headings = [...book.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((heading) => {
    const label = heading.querySelector(".lnn-chapter-number");
    const rest = words(heading).map((node) => node.textContent).join("").replace(/\s+/g, " ").trim();
    return { id: heading.closest("[id]") ? heading.closest("[id]").id : "", level: Number(heading.tagName[1]),
             text: label ? `${label.textContent} ${rest}` : rest };
  });

  document.body.replaceChildren(book);
  document.body.className = "lnn-print";
  return {
    pages: outline.map((entry) => ({ title: entry.title, number: entry.number, id: entry.id })),
    exercises: exerciseNumbers.size,
    solutions,
    interactive,
    images: book.querySelectorAll("img").length,
    headings,
  };
}
