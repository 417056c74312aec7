// Search page: a small accessible interface on Pagefind's JS API (pagefind.js).
// Loaded only by the search page. Every text from the index is inserted as text;
// an excerpt keeps only Pagefind's <mark> around the matched words.

const PAGE_SIZE = 10;

const form = document.querySelector(".search-form");
const fallback = document.querySelector("[data-search-fallback]");
const fallbackReason = document.querySelector("[data-search-fallback-reason]");
const queryInput = document.getElementById("search-query");
// The page lists the topics; there is no select when the site has none.
const topicSelect = document.getElementById("search-topic");
const statusRegion = document.querySelector("[data-search-status]");
const resultList = document.querySelector("[data-search-results]");
const moreButton = document.querySelector("[data-search-more]");

let pagefind = null;
let pending = []; // results not shown yet
let searchNumber = 0; // a newer search makes older answers stale

function say(text) {
  statusRegion.textContent = text;
}

// Keep the words of an excerpt and its <mark>s, nothing else.
function excerptNodes(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const nodes = [];
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent));
    }
  }
  return nodes;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;
const DATE_FORMAT = new Intl.DateTimeFormat("en-GB", {
  day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
});

// The theme may give the date as ISO (machine-readable) or as display text.
function dateElement(value) {
  if (ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))) {
    const time = document.createElement("time");
    time.dateTime = value;
    time.textContent = DATE_FORMAT.format(new Date(value));
    time.className = "date";
    return time;
  }
  const text = document.createElement("span");
  text.textContent = value;
  text.className = "date";
  return text;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  item.append(heading);
  const { date, author } = data.meta;
  if (date || author) {
    const byline = document.createElement("p");
    byline.className = "byline";
    if (author) byline.append(`By ${author}${date ? ", " : ""}`);
    if (date) byline.append(dateElement(date));
    item.append(byline);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "excerpt";
  excerpt.append(...excerptNodes(data.excerpt));
  item.append(excerpt);
  return item;
}

async function showMore(thisSearch) {
  const batch = pending.splice(0, PAGE_SIZE);
  const datas = await Promise.all(batch.map((result) => result.data()));
  if (thisSearch !== searchNumber) return null;
  const items = datas.map(resultItem);
  resultList.append(...items);
  resultList.hidden = resultList.children.length === 0;
  moreButton.parentElement.hidden = pending.length === 0;
  return items[0] || null;
}

function describe(count, query, topic) {
  const found = count === 0 ? "No articles" : count === 1 ? "1 article" : `${count} articles`;
  const about = query ? ` for “${query}”` : "";
  const within = topic ? ` in ${topic}` : "";
  return `${found} found${about}${within}.`;
}

// Pagefind drops a word found nowhere and searches for the rest, so "contact the WSWS"
// would list an article about contacting anyone else; and each bundle of a merged index
// does so on its own, so "harbour zeppelin" would list an article with only one of the
// words. A reader expects every word: the pages that have each word, by word.
async function pagesByWord(query) {
  const words = query.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length < 2) return [];
  const found = await Promise.all(words.map((word) => pagefind.search(word)));
  return words.map((word, index) => ({
    word,
    pages: new Set(found[index].results.map((result) => result.id)),
  }));
}

async function search(query, topic) {
  const thisSearch = ++searchNumber;
  resultList.replaceChildren();
  resultList.hidden = true;
  moreButton.parentElement.hidden = true;
  pending = [];
  if (!query && !topic) {
    say("");
    return;
  }
  say("Searching…");
  const byWord = query ? await pagesByWord(query) : [];
  if (thisSearch !== searchNumber) return;
  const missing = byWord.filter(({ pages }) => pages.size === 0).map(({ word }) => word);
  if (missing.length) {
    const quoted = missing.map((word) => `“${word}”`).join(", ");
    say(`${describe(0, query, topic)} No article contains ${quoted}.`);
    return;
  }
  const options = topic ? { filters: { topic } } : {};
  const response = await pagefind.search(query || null, options);
  if (thisSearch !== searchNumber) return;
  pending = response.results.filter((result) => byWord.every(({ pages }) => pages.has(result.id)));
  const count = pending.length;
  await showMore(thisSearch);
  if (thisSearch === searchNumber) say(describe(count, query, topic));
}

// The address holds the search, so a result list can be bookmarked and shared.
function remember(query, topic) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (topic) params.set("topic", topic);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

function current() {
  return { query: queryInput.value.trim(), topic: topicSelect?.value || "" };
}

// Each bundle carries Pagefind's WebAssembly runtime, the same file in every bundle
// (one Pagefind binary builds them all: a new binary re-indexes every bundle). The
// runtime is the largest part of a first search, so it is fetched once, from the
// first bundle. Pagefind runs on this page, not in its worker, for that.
function fetchRuntimeOnce(firstBundle) {
  const runtime = /\/(wasm\.[\w-]+\.pagefind)$/;
  const fetchFromNetwork = window.fetch.bind(window);
  const fetched = new Map();
  window.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), document.baseURI);
    const name = runtime.exec(url.pathname);
    if (!name) return fetchFromNetwork(input, init);
    const shared = new URL(name[1], firstBundle).href;
    if (!fetched.has(shared)) fetched.set(shared, fetchFromNetwork(shared, init));
    return fetched.get(shared).then((response) => response.clone());
  };
}

async function start() {
  // The index comes in bundles (shards of the archive, newest first): one is loaded,
  // the others are merged into it, and every search runs on all of them.
  const address = (url) => new URL(url, document.baseURI).href;
  const options = { excerptLength: 30, noWorker: true };
  const primary = address(form.dataset.pagefind);
  try {
    fetchRuntimeOnce(primary);
    pagefind = await import(primary);
    await pagefind.options(options);
    const merged = form.dataset.pagefindMerge.split(/\s+/).filter(Boolean);
    await Promise.all(merged.map((bundle) => pagefind.mergeIndex(address(bundle), options)));
    await pagefind.init();
  } catch {
    fallbackReason.textContent = "Search could not be loaded.";
    return;
  }
  const params = new URLSearchParams(location.search);
  queryInput.value = params.get("q") || "";
  const wanted = params.get("topic") || "";
  if (topicSelect && [...topicSelect.options].some((option) => option.value === wanted)) {
    topicSelect.value = wanted;
  }
  fallback.hidden = true;
  form.hidden = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const { query, topic } = current();
    remember(query, topic);
    search(query, topic);
  });
  topicSelect?.addEventListener("change", () => form.requestSubmit());
  moreButton.addEventListener("click", async () => {
    const first = await showMore(searchNumber);
    // Move on to the first new result, so keyboard users continue where they were.
    if (first) first.querySelector("a").focus();
  });
  const { query, topic } = current();
  if (query || topic) search(query, topic);
}

start();
