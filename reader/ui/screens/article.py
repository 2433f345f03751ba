"""One article, whole: title and metadata above the text, wrapped at a
readable width, with every match of the current query highlighted and n / N
to move between them; / finds words within the article, as less and vim do.
Opened from a search it starts at the first match (or at a given one)."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, Input, Static

from reader.core.models import Article
from reader.core.text.clean import clean_inline, strip_controls
from reader.render.console import ENTITY_STYLES, MATCH_STYLE, highlighted, short_date
from reader.ui import handoff
from reader.ui.access import NewsScreen
from reader.ui.messages import EntitiesFound
from reader.ui.screens.versions import open_versions, versions_note
from reader.ui.scrolling import ScrollActions, scroll_bindings
from reader.ui.widgets.clean_input import CleanInput
from reader.ui.widgets.entity_panel import EntityPanel, entity_style
from reader.ui.widgets.key_bar import KeyBar

CURRENT_MATCH = "bold reverse underline"
TEXT_WIDTH = 78  # columns of text: a readable measure (config key text_width when the config has it)
MIN_TEXT_WIDTH = 20


def find_spans(text: str, words: str) -> list[tuple[int, int]]:
    """Where words occur in text, ignoring case (as less -i): what / finds."""
    needle = words.strip().casefold()
    if not needle:
        return []
    hay = text.casefold()
    if len(hay) != len(text):  # casefold changed a length (ß): offsets would drift, so compare as written
        hay, needle = text.lower(), words.strip().lower()
    spans, at = [], hay.find(needle)
    while at >= 0 and len(hay) == len(text):
        spans.append((at, at + len(needle)))
        at = hay.find(needle, at + len(needle))
    return spans


class FindBox(CleanInput):
    """The / prompt: enter finds, escape closes it (not the article)."""

    BINDINGS = [Binding("escape", "close", "Close", show=False)]

    def action_close(self) -> None:
        self.value = ""
        self.display = False
        self.screen.query_one("#article").focus()


def _paragraph_starts(article: Article) -> list[int]:
    starts, pos = [], 0
    for p in article.text_paragraphs:
        starts.append(pos)
        pos += len(p) + 2
    return starts


def paragraph_spans(article: Article, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Split spans over article.text into per-paragraph local spans."""
    out: list[list[tuple[int, int]]] = [[] for _ in article.text_paragraphs]
    start = 0
    bounds = []
    for p in article.text_paragraphs:
        bounds.append((start, start + len(p)))
        start += len(p) + 2  # paragraphs are joined with a blank line
    for a, b in spans:
        for i, (ps, pe) in enumerate(bounds):
            if ps <= a < pe:
                out[i].append((a - ps, min(b, pe) - ps))
                break
    return out


class ArticleScreen(ScrollActions, NewsScreen):
    HELP_TITLE = "Reading an article"
    HELP_ORDER = 30
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="article.back"),
        Binding("slash", "find", "Find", id="article.find"),
        Binding("n", "next_match", "Next match", id="article.next_match"),
        Binding("N", "previous_match", "Prev match", id="article.previous_match"),
        *scroll_bindings("article"),
        Binding("J", "next_article", "Next article", show=False, id="article.next_article"),
        Binding("K", "previous_article", "Prev article", show=False, id="article.previous_article"),
        Binding("r", "toggle_read", "Read/unread", show=False, id="article.toggle_read"),
        Binding("b", "toggle_bookmark", "Bookmark", id="article.toggle_bookmark"),
        Binding("o", "open_url", "Open URL", id="article.open_url"),
        Binding("y", "copy_url", "Copy URL", show=False, id="article.copy_url"),
        Binding("w", "save('md')", "Save .md", show=False, id="article.save_markdown"),
        Binding("W", "save('txt')", "Save .txt", show=False, id="article.save_text"),
        Binding("t", "terms", "Terms", show=False, id="article.terms"),
        Binding("e", "toggle_entities", "Entities on/off", id="article.toggle_entities"),
        Binding("E", "entity_panel", "Entity list", id="article.entity_panel"),
        Binding("c", "compare", "Compare", id="article.compare"),
        Binding("V", "versions", "Versions", show=False, id="article.versions"),
    ]

    def __init__(self, article: Article, query: str = "", article_ids: list[str] | None = None,
                 start_at: int | None = None) -> None:
        """start_at: an offset in the text; the article opens at the first
        match from there (by default at the first match)."""
        super().__init__()
        self.article = article
        self.query_text = query
        self.find_text = ""  # what / looks for; while set it is what is highlighted
        self.start_at = start_at
        self.variants: list = []
        self.article_ids = article_ids or [article.id]
        self.matches: list[tuple[int, int]] = []  # (paragraph index, local span index)
        self.current = -1
        self.per_paragraph: list[list[tuple[int, int]]] = [[] for _ in article.text_paragraphs]
        self.entity_spans: list[list[tuple[int, int, str]]] = [[] for _ in article.text_paragraphs]
        self.show_entities = True
        self.extractor_name = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="article-panes"):
            with VerticalScroll(id="article"):
                yield Static(id="article-head")
                yield Static(id="article-meta")
                yield Static(id="entity-legend")
                for i, _ in enumerate(self.article.text_paragraphs):
                    yield Static(id=f"p{i}", classes="paragraph")
            yield EntityPanel(id="entity-panel")
        yield FindBox(placeholder="find in this article (enter: find, esc: close)", id="find-box")
        yield Static(id="match-status")
        yield KeyBar()

    def on_mount(self) -> None:
        scroller = self.query_one("#article", VerticalScroll)
        scroller.focus()
        self.query_one("#find-box").display = False
        self.query_one("#entity-panel").display = self.app.size.width >= 130
        width = getattr(self.news_app.lib.config, "text_width", None) or TEXT_WIDTH
        for widget in self.query(".paragraph"):
            widget.styles.max_width = max(MIN_TEXT_WIDTH, int(width))
        for part in ("#article-head", "#article-meta", "#entity-legend"):
            self.query_one(part).styles.max_width = max(MIN_TEXT_WIDTH, int(width))
        self.render_article()
        self.watch(scroller, "scroll_y", lambda _y: self._update_status(), init=False)
        # max_scroll_y is no reactive: the laid-out size is, so the "42%" follows a new layout
        self.watch(scroller, "virtual_size", lambda _s: self._update_status(), init=False)
        if self.matches:
            self.call_after_refresh(self._start_at_match)
        self.load_entities()

    def _start_at_match(self) -> None:
        """Opened from a search: at the first match (from start_at, if given)."""
        if not self.matches:
            return
        starts = _paragraph_starts(self.article)
        first = 0
        if self.start_at is not None:
            offsets = [starts[i] + self.per_paragraph[i][j][0] for i, j in self.matches]
            first = next((n for n, at in enumerate(offsets) if at >= self.start_at), 0)
        self.current = first - 1
        self._jump(1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_match", "previous_match"):
            return bool(self.query_text or self.find_text)  # no search: not in the key bar
        return True

    # --- / : finding within the article -------------------------------------
    def action_find(self) -> None:
        box = self.query_one("#find-box", FindBox)
        box.display = True
        box.focus()

    @on(Input.Submitted, "#find-box")
    def _find(self, event: Input.Submitted) -> None:
        box = self.query_one("#find-box", FindBox)
        self.find_text = event.value.strip()
        box.display = False
        self.query_one("#article").focus()
        self._highlight(find_spans(self.article.text, self.find_text) if self.find_text else self._query_spans())
        self.refresh_bindings()
        if self.matches:
            self._jump(1)
        elif self.find_text:
            self.notify(f"not found: {clean_inline(self.find_text)}", timeout=2, markup=False)

    # --- entities ----------------------------------------------------------
    @work(thread=True, exclusive=True, group="entities")
    def load_entities(self) -> None:
        """Cached entities at once; otherwise extracted here, off the UI
        thread and outside the library lock (spaCy takes a while)."""
        from reader.core.entities import group, variants_within  # loads with the first article (start-up time)

        name, mentions = self.news_app.mentions_for(self.article)
        self.variants = variants_within(mentions, self.article.text)  # set before the message that shows it
        self.post_message(EntitiesFound(name, mentions, group(mentions)))

    @on(EntitiesFound)
    def _entities_ready(self, event: EntitiesFound) -> None:
        mentions, entities = event.mentions, event.entities
        self.extractor_name = event.extractor
        spans = [(m.start, m.end) for m in mentions]
        typed = {(m.start, m.end): m.type for m in mentions}
        per_para = paragraph_spans(self.article, spans)
        bounds = _paragraph_starts(self.article)
        self.entity_spans = [
            [(s, e, typed.get((s + bounds[i], e + bounds[i]), "")) for s, e in per_para[i]] for i in range(len(per_para))
        ]
        self.query_one("#entity-panel", EntityPanel).show_entities(entities, self.variants)
        self._paint_legend()
        self._paint_paragraphs()

    def _paint_legend(self) -> None:
        legend = Text()
        if not self.extractor_name:
            legend.append("entities: finding…", style="dim")
        else:
            legend.append(f"entities ({self.extractor_name}{'' if self.show_entities else ', hidden'}): ", style="dim")
            for type_ in ENTITY_STYLES:
                legend.append(type_.lower(), style=entity_style(type_, self.app.no_color))
                legend.append(" ")
            legend.append("  e on/off · E list", style="dim")
            for v in self.variants:
                legend.append("\n")
                legend.append(f"{clean_inline(v.a)} / {clean_inline(v.b)}", style="bold italic")
                legend.append(": spelled two ways here", style="dim")
        self.query_one("#entity-legend", Static).update(legend)

    def action_toggle_entities(self) -> None:
        self.show_entities = not self.show_entities
        self._paint_legend()
        self._paint_paragraphs()

    def action_entity_panel(self) -> None:
        panel = self.query_one("#entity-panel", EntityPanel)
        panel.display = not panel.display
        if panel.display:
            panel.focus()
        else:
            self.query_one("#article").focus()

    @on(EntityPanel.Chosen)
    def search_entity(self, event: EntityPanel.Chosen) -> None:
        name = event.name.replace('"', "")
        self.news_app.search_for(f'entity:"{name}"')

    def _query_spans(self) -> list[tuple[int, int]]:
        if not self.query_text:
            return []
        with self.news_app.lib_lock:
            return self.news_app.lib.match_spans(self.article, self.query_text)["text"]

    def _highlight(self, spans: list[tuple[int, int]]) -> None:
        self.per_paragraph = paragraph_spans(self.article, spans)
        self.matches = [(i, j) for i, ps in enumerate(self.per_paragraph) for j in range(len(ps))]
        self.current = -1
        self._paint_paragraphs()
        self._update_status()

    def render_article(self) -> None:
        a = self.article
        spans = {"title": [], "text": []}
        if self.query_text:
            with self.news_app.lib_lock:
                spans = self.news_app.lib.match_spans(a, self.query_text)
        title = highlighted(a.title, spans["title"], "underline")
        title.stylize("bold")
        self.query_one("#article-head", Static).update(title)
        meta = Text()
        for label, value in (
            ("source", a.source), ("byline", a.byline),
            ("date", short_date(a.published) if a.published else ""), ("url", a.url),
        ):
            meta.append(f"{label:>7} ", style="dim")
            meta.append(clean_inline(value) or "unknown", style="" if value else "dim italic")
            meta.append("\n")
        if a.notes:
            meta.append("  notes ", style="dim")
            meta.append(clean_inline(a.notes), style="dim italic")
        meta.append_text(versions_note(self.news_app, a))  # "3 versions", when it has changed
        self.query_one("#article-meta", Static).update(meta)
        self._highlight(spans["text"])

    def _paint_paragraphs(self, only: set[int] | None = None) -> None:
        current = self.matches[self.current] if 0 <= self.current < len(self.matches) else None
        for i, text in enumerate(self.article.text_paragraphs):
            if only is not None and i not in only:
                continue
            clean = strip_controls(text)
            body = Text(clean)
            if len(clean) == len(text):  # offsets hold (text is cleaned at ingest already)
                if self.show_entities:
                    for s, e, type_ in self.entity_spans[i]:
                        body.stylize(entity_style(type_, self.app.no_color), s, e)
                for j, (s, e) in enumerate(self.per_paragraph[i]):
                    body.stylize(CURRENT_MATCH if current == (i, j) else MATCH_STYLE, s, e)
            self.query_one(f"#p{i}", Static).update(body)

    def position(self) -> str:
        """How far down the article the view is, as less shows it: "42%"."""
        scroller = self.query_one("#article", VerticalScroll)
        if scroller.max_scroll_y <= 0:
            return "all"
        return f"{round(100 * scroller.scroll_y / scroller.max_scroll_y)}%"

    def _update_status(self) -> None:
        status = self.query_one("#match-status", Static)
        sought = self.find_text or self.query_text
        if not sought:
            line = Text(f"{self.article.word_count} words", style="dim")
        elif not self.matches:
            line = Text("no matches in this article for ", style="dim") + Text(clean_inline(sought), style="italic")
        else:
            where = f"match {self.current + 1} of {len(self.matches)}" if self.current >= 0 else f"{len(self.matches)} matches"
            line = Text(f"{where} for ", style="dim") + Text(clean_inline(sought), style="italic") + Text("   n next · N previous", style="dim")
        line.append(f"   {self.position()}", style="bold")
        status.update(line)

    def _jump(self, delta: int) -> None:
        if not self.matches:
            self.notify("no matches to jump to", timeout=1.5)
            return
        before = self.matches[self.current][0] if self.current >= 0 else None
        self.current = (self.current + delta) % len(self.matches) if self.current >= 0 else (0 if delta > 0 else len(self.matches) - 1)
        para = self.matches[self.current][0]
        self._paint_paragraphs({para} | ({before} if before is not None else set()))
        self.query_one("#article", VerticalScroll).scroll_to_center(self.query_one(f"#p{para}"), animate=False)
        self._update_status()

    def action_next_match(self) -> None:
        self._jump(1)

    def action_previous_match(self) -> None:
        self._jump(-1)

    # --- scrolling ---------------------------------------------------------
    def _scroller(self) -> VerticalScroll:
        return self.query_one("#article", VerticalScroll)

    def _sibling(self, delta: int) -> None:
        try:
            i = self.article_ids.index(self.article.id)
        except ValueError:
            return
        j = i + delta
        if 0 <= j < len(self.article_ids):
            self.app.pop_screen()
            self.news_app.open_article(self.article_ids[j], self.query_text, self.article_ids)
        else:  # said, as ] says there is no unread article below: the key did not go unheard
            self.notify(f"no {'next' if delta > 0 else 'previous'} article: this is the {'last' if delta > 0 else 'first'}"
                        " of the list", timeout=1.5)

    def action_next_article(self) -> None:
        self._sibling(1)

    def action_previous_article(self) -> None:
        self._sibling(-1)

    def action_toggle_read(self) -> None:
        self.news_app.toggle_state(self.article.id, "read")

    def action_toggle_bookmark(self) -> None:
        self.news_app.toggle_state(self.article.id, "bookmarked")

    def action_open_url(self) -> None:
        self.news_app.open_article_url(self.article.id)

    def action_copy_url(self) -> None:
        self.news_app.copy_article_url(self.article.id)

    def action_save(self, fmt: str) -> None:
        handoff.save(self.app, self.article.id, fmt)

    def action_terms(self) -> None:
        if self.find_text or self.query_text:  # what is highlighted: the find, else the search
            self.news_app.open_terms(self.find_text or self.query_text)
        else:
            self.notify("t shows a search across sources: find a word here first (/)", timeout=3)

    def action_compare(self) -> None:
        self.news_app.mark_for_compare(self.article.id)

    def action_versions(self) -> None:
        open_versions(self.news_app, self.article)
