"""What background work tells the app and its screens, as small dataclass
messages (as Toolong does). Workers post them from their threads
(post_message is thread-safe); each is handled with @on(...) where it is
needed, so no worker calls into a screen and the app never looks for a
screen by its class.

The ones marked "to every screen" are passed on by the app to each screen on
the stack: a screen that cares handles them, the others ignore them. They do
not bubble, so that a screen which ignores one does not hand it back to the
app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from reader.core.models import SearchResults
from reader.ui.services.comparing import Prepared

if TYPE_CHECKING:  # types only: these packages load when a screen first needs them
    from reader.core.compare.matrix import Matrix
    from reader.core.entities.model import Entity, Mention
    from reader.core.events.cluster import Event
    from reader.core.search.terms import TermsReport


# --- the library, to every screen -----------------------------------------------
@dataclass
class IndexingStarted(Message, bubble=False):
    """To every screen: an indexing or fetching run began."""

    label: str


@dataclass
class IndexingProgressed(Message, bubble=False):
    """To every screen: how far the run has got."""

    stage: str
    done: int
    total: int


@dataclass
class IndexingFinished(Message, bubble=False):
    """To the app, then to every screen: the run is over. outcome is the
    line for the reader, or None when the run failed (nothing to reload)."""

    outcome: str | None


@dataclass
class ArticleStateChanged(Message, bubble=False):
    """To every screen: an article was read, unread, bookmarked or not."""

    article_id: str


# --- the app's own background work ------------------------------------------------
@dataclass
class EngineOpened(Message):
    exists: bool  # whether the engine's index has been built


@dataclass
class EngineDamaged(Message):
    reason: str


@dataclass
class EntitiesCounted(Message):
    """How many articles have their entities computed, of how many."""

    done: int
    total: int


@dataclass
class ComparisonPrepared(Message, bubble=False):
    """To the app (which opens the compare screen with it), or to the compare
    screen that asked for it (an upgrade, a swap, another report)."""

    a_id: str
    b_id: str
    reports: list[str] | None
    prepared: Prepared
    at: int | None = None  # where in A's text to open it (a quotation the voices view named)


@dataclass
class ComparisonFailed(Message):
    reason: str


# --- a screen's own workers, back to that screen -------------------------------------
@dataclass
class SearchAnswered(Message, bubble=False):
    query: str
    results: SearchResults


@dataclass
class SearchFailed(Message, bubble=False):
    query: str
    reason: str


@dataclass
class EntitiesFound(Message, bubble=False):
    """An article's entity mentions and the entities grouped from them."""

    extractor: str
    mentions: list[Mention]
    entities: list[Entity]


@dataclass
class EventsGrouped(Message, bubble=False):
    events: list[Event]


@dataclass
class MatrixBuilt(Message, bubble=False):
    matrix: Matrix


@dataclass
class TermsCounted(Message, bubble=False):
    report: TermsReport


@dataclass
class TermsFailed(Message, bubble=False):
    reason: str
