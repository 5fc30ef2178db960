"""The assistant: a question in, a safe answer out, or an honest refusal.

    refuse writes and questions about data that does not exist
    -> a verified question (slots from the user's own vocabulary), if it explains every word of the question
    -> a composed answer: every word read into a frame over the schema, built into SQL
       (both answer: the one explaining more of the question wins; a tie goes to the verified question)
    -> else, with an LLM configured, draft -> guard -> run, repairing from the guard's or PostgreSQL's error
    -> else abstain, naming the words not understood and what it can answer

Every SQL, verified, composed or drafted, goes through the guard; nothing runs otherwise.
"""

from __future__ import annotations

import difflib
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from ..client import Client, Source
from ..compose import Composer, Composition, Lexicon, NotUnderstood, load_lexicon, unexplained
from ..compose.signs import Sign
from ..db.executor import Result
from ..errors import CostExceeded, ExecutionError, GuardError, InvalidSql, NoAnswer, error
from ..guard import parse_user_id
from ..inputs import checked_text
from ..llm import Draft, LlmDrafter, MalformedDraft, parse_draft
from ..lru import LruCache
from ..verified import Library, Match, Matcher, Pair, load_library
from ..verified.text import normalize, singular
from .intent import phantom_entities, refuse_phantoms, refuse_writes
from .vocabulary import Vocabulary, VocabularyCache

if TYPE_CHECKING:
    from ..llm.prompts import FewShot, Prompts

T = TypeVar("T")


@dataclass(frozen=True)
class Answer:
    question: str
    source: Source
    explanation: str
    result: Result
    attempts: int = 1


@dataclass(frozen=True)
class Plan:
    """What would run for a question, without running it."""

    question: str
    source: Source
    explanation: str
    sql: str


@dataclass(frozen=True)
class _Candidate:
    """One answerer's answer to a question, and how many of its content words that answer explains."""

    source: Source
    sql: str
    explanation: str
    explained: int


class Assistant:
    def __init__(self, client: Client, library: Library | None = None, drafter: LlmDrafter | None = None,
                 lexicon: Lexicon | None = None) -> None:
        self.client = client
        settings = client.settings
        self.library = library or load_library(settings.questions_path, client.guard, settings.learned_path,
                                               settings.cache_dir)
        self.matcher = Matcher(self.library)
        self.lexicon = lexicon or load_lexicon(settings.lexicon_path, client.catalog, client.policy,
                                               settings.cache_dir)
        self.composer = Composer(self.lexicon)
        if drafter is None and settings.llm_configured:
            drafter = LlmDrafter(settings)
        self.drafter = drafter
        self._prompts: Prompts | None = None
        self.phantoms = phantom_entities(client.catalog)
        read = self._rows if client.executor is not None else None
        self.vocabulary = VocabularyCache(self.library, self.lexicon, read, settings.vocabulary_ttl_s,
                                          settings.vocabulary_cache_users)
        # Resolving a question is a pure function of its text and the vocabulary: answers (and abstentions) are
        # kept, bounded, and shared by every user whose vocabulary is the same.
        self._answers: LruCache[tuple[str, str], _Candidate | tuple[str, str]] = LruCache(settings.answer_cache_size)
        self._phrasing_words: dict[str, frozenset[str]] = {}  # by pair id, filled as pairs are matched

    # -- public ----------------------------------------------------------------------------------------------
    def ask(self, question: str, *, user_id: str | uuid.UUID, max_rows: int | None = None) -> Answer:
        uid = parse_user_id(user_id)

        def run(sql: str) -> Result:
            return self.client.sql(sql, user_id=uid, max_rows=max_rows, source="llm")

        plan, result, attempts = self._resolve(question, uid, run)
        if result is None:  # verified or composed: run its SQL now (the cost gate treats both as reviewed SQL)
            result = self.client.sql(plan.sql, user_id=uid, max_rows=max_rows, source=plan.source)
        return Answer(plan.question, plan.source, plan.explanation, result, attempts)

    def match(self, question: str, vocabulary: Vocabulary | None = None) -> Match:
        """The verified answer to ``question`` (or the reason there is none); nothing runs. A match that leaves
        a word of the question unexplained is no match."""
        question = self._screen(question)
        vocabulary = vocabulary or self.vocabulary.seed()
        match = self.matcher.match(question, vocabulary)
        left = self._unexplained(question, match, vocabulary)
        if left:
            raise error("no_confident_match", _not_explained(question, match, left))
        return match

    def compose(self, question: str, vocabulary: Vocabulary | None = None) -> Composition:
        """The composed answer to ``question`` (or ``NotUnderstood``); nothing runs."""
        return self.composer.compose(self._screen(question), vocabulary or self.vocabulary.seed())

    @property
    def prompts(self) -> Prompts:
        if self._prompts is None:
            from ..lint.corrections import grounding_examples, load_corrections
            from ..llm.prompts import load_prompts  # jinja2: only when a prompt is rendered

            settings = self.client.settings
            corrections = load_corrections(settings.corrections_path, self.client.catalog)
            self._prompts = load_prompts(settings.prompts_dir, self.client.catalog, self.client.policy,
                                         grounding_examples(self.client.catalog, corrections))
        return self._prompts

    # -- steps -----------------------------------------------------------------------------------------------
    def _screen(self, question: str) -> str:
        question = " ".join(checked_text(question or "", "The question").split())
        if not question:
            raise error("empty_question", "The question is empty.")
        limit = self.client.settings.max_question_chars
        if len(question) > limit:
            raise error("question_too_long", f"The question has {len(question)} characters; the limit is {limit}.")
        refuse_writes(question)
        refuse_phantoms(question, self.phantoms)
        return question

    def plan(self, question: str, *, user_id: str | uuid.UUID) -> Plan:
        """The SQL that would answer ``question`` (verified, or an LLM draft the guard accepts); nothing runs."""
        uid = parse_user_id(user_id)
        return self._resolve(question, uid, lambda sql: self.client.check(sql, user_id=uid))[0]

    def _resolve(self, question: str, user_id: uuid.UUID, accept: Callable[[str], T]) -> tuple[Plan, T | None, int]:
        """A verified or composed answer, else (with an LLM) the first draft ``accept`` takes: the plan, what
        ``accept`` returned for a draft (None otherwise), and how many drafts it took."""
        question = self._screen(question)
        try:
            chosen = self._cached_answer(question, *self.vocabulary.keyed_for_user(user_id))
        except NoAnswer as abstained:
            if self.drafter is None:
                raise
            draft, accepted, attempts = self._drafted(question, accept, abstained)
            return Plan(question, "llm", draft.explanation, draft.sql), accepted, attempts
        return Plan(question, chosen.source, chosen.explanation, chosen.sql), None, 1

    def _cached_answer(self, question: str, vocabulary: Vocabulary, key: str) -> _Candidate:
        cache_key = (question, key)
        known = self._answers.get(cache_key)
        if known is None:
            try:
                known = self._answer(question, vocabulary)
            except NoAnswer as abstained:
                known = (abstained.code, abstained.message)
            self._answers.put(cache_key, known)
        if isinstance(known, tuple):
            raise error(*known)
        return known

    def _answer(self, question: str, vocabulary: Vocabulary) -> _Candidate:
        """The verified match if it explains every word of the question, else the composition (which explains
        every word or does not exist), else an abstention naming what was not understood.

        A match that leaves a word unexplained is no match, so two matches always explain the same words: the
        tie goes to the verified question, whose SQL was reviewed, and the composer need not run at all."""
        reasons: list[str] = []
        nearest = ""
        read = self.composer.signs(question, vocabulary)  # the question's words, read once for both answerers
        words = sum(1 for s in read[0] if not s.filler)
        try:
            match = self.matcher.match(question, vocabulary)
        except NoAnswer as exc:
            nearest = exc.message
        else:
            left = self._unexplained(question, match, vocabulary, read[0])
            if not left:
                return _Candidate("verified", match.sql, match.explanation, words)
            reasons.append(_not_explained(question, match, left))
        try:
            composed = self.composer.compose(question, vocabulary, read)
        except NotUnderstood as exc:
            reasons.insert(0, f"Composing an answer: {exc.message}")
        else:
            return _Candidate("composed", composed.sql, composed.explanation, composed.explained)
        message = f"Cannot answer {question!r} safely. " + " ".join(reasons)
        if nearest:
            message += " " + nearest
        raise error("no_confident_match", message)

    def _unexplained(self, question: str, match: Match, vocabulary: Vocabulary,
                     signs: list[Sign] | None = None) -> list[str]:
        if signs is None:
            signs, _ = self.composer.signs(question, vocabulary)
        return unexplained(signs, match.sql, self._words_of(match.pair), self.lexicon)

    def _words_of(self, pair: Pair) -> frozenset[str]:
        """The words of a pair's reviewed phrasings, as written and singular."""
        words = self._phrasing_words.get(pair.id)
        if words is None:
            words = frozenset(w for p in pair.phrasings for w in p.tokens) | \
                frozenset(singular(w) for p in pair.phrasings for w in normalize(p.text).split())
            self._phrasing_words[pair.id] = words
        return words

    def _drafted(self, question: str, accept: Callable[[str], T], abstained: NoAnswer) -> tuple[Draft, T, int]:
        """Draft until ``accept`` takes a draft: the first try plus ``repair_attempts`` more, each told why the
        one before was malformed or refused."""
        assert self.drafter is not None
        prompts = self.prompts
        messages = [{"role": "system", "content": prompts.system},
                    {"role": "user", "content": prompts.question(question, self._few_shot(question))}]
        attempts = 1 + max(0, self.client.settings.repair_attempts)
        last = "no draft"
        for attempt in range(1, attempts + 1):
            raw = self.drafter.complete(messages)
            messages.append({"role": "assistant", "content": raw})
            try:
                draft = parse_draft(raw)
            except MalformedDraft as exc:
                last = f"malformed reply: {exc.problem}"
                messages.append({"role": "user", "content": prompts.malformed(exc.problem)})
                continue
            try:
                accepted = accept(draft.sql)
            except (GuardError, ExecutionError) as exc:
                if isinstance(exc, ExecutionError) and not _repairable(exc):
                    raise
                last = f"[{exc.code}] {exc.message}"
                messages.append({"role": "user", "content": prompts.repair(
                    draft.sql, exc.code, _withhold_values(exc), self._hints(exc.message))})
                continue
            if not draft.explanation:
                draft = replace(draft, explanation="Drafted by the LLM and checked by the guard.")
            return draft, accepted, attempt
        raise error("draft_failed", f"No usable SQL after {attempts} LLM draft(s); the last was refused: {last}. "
                                    f"(No verified question matched either: {abstained.message})")

    def _few_shot(self, question: str) -> list[FewShot]:
        from ..llm.prompts import FewShot

        ranked = self.matcher.closest(question, self.library.seed_vocabulary(), self.client.settings.few_shot)
        return [FewShot(text, sql) for text, sql in ranked]

    def _hints(self, message: str) -> list[str]:
        names = sorted(set(self.client.catalog.tables) | self.client.catalog.all_column_names)
        hints: list[str] = []
        for word in re.findall(r'"([^"]+)"|\b(\w+)\b', message):
            name = word[0] or word[1]
            if name and name not in names and ("_" in name or len(name) > 3):
                hints += [h for h in difflib.get_close_matches(name, names, n=2, cutoff=0.75) if h not in hints]
        return hints[:6]

    def _rows(self, sql: str, user_id: uuid.UUID) -> list[tuple[object, ...]]:
        try:
            result = self.client.sql(sql, user_id=user_id, max_rows=self.client.settings.hard_max_rows)
        except ExecutionError:
            return []  # the vocabulary falls back to what the project documents
        return [tuple(row) for row in result.rows]


def _not_explained(question: str, match: Match, left: list[str]) -> str:
    return (f"The closest verified question, {match.phrasing.text!r}, does not explain "
            + ", ".join(repr(w) for w in left) + f" in {question!r}.")


def _repairable(exc: ExecutionError) -> bool:
    """PostgreSQL refused the SQL itself (or the cost gate did): the model can fix that. A timeout or a lost
    connection it cannot."""
    return isinstance(exc, (InvalidSql, CostExceeded))


def _withhold_values(exc: GuardError | ExecutionError) -> str:
    """Error text fit for the model: a PostgreSQL data error can quote a value from a row, which is withheld."""
    if isinstance(exc, GuardError) or exc.code in ("undefined_column", "undefined_table", "syntax_error"):
        return exc.message
    return re.sub(r'"[^"]*"|\'[^\']*\'', "<value withheld>", exc.message)
