"""Lazy, local word segmentation used to verify term boundaries.

jieba runs at roughly 0.14 M chars/s and needs about a second to load its dictionary, against
tens of M chars/s for the automaton.  So it is loaded only when a term hit actually needs a
boundary check, only a short window around that hit is ever segmented, and only the dictionary
entries starting with that window's characters are loaded (see ``cache.JiebaWords``).  A private
``jieba.Tokenizer`` is used so the library never changes the caller's global jieba state.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

_lock = threading.Lock()


class Segmenter:
    """Word boundaries for short windows of text, jieba-backed and loaded on first use."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        self._user_words = tuple(dict.fromkeys(w for w in user_words if w))
        self._tok: Any = None
        self._words: Any = None
        self._cache: dict[str, frozenset[int]] = {}

    @property
    def loaded(self) -> bool:
        return self._tok is not None

    def _tokenizer(self) -> Any:
        if self._tok is None:
            with _lock:
                if self._tok is None:
                    from .cache import import_jieba, jieba_tokenizer

                    import_jieba().setLogLevel(logging.WARNING)
                    # jieba's dictionary from our cache, by first character (cache.JiebaWords)
                    tok, words = jieba_tokenizer()
                    for w in self._user_words:
                        words.ensure(w)  # loaded before the word, so never overwritten
                        tok.add_word(w)
                    self._words = words
                    self._tok = tok
        return self._tok

    def frequency(self, word: str) -> int:
        """jieba's dictionary frequency of ``word`` (0 when it is no word, or only a prefix of
        longer words).  Loads the entries of the word's characters only, like :meth:`boundaries`.
        Used to tell a name (陈国平: absent) from an ordinary word (安置: 916)."""
        self._tokenizer()
        self._words.ensure(word)
        return int(self._words.freq.get(word) or 0)

    def boundaries(self, window: str) -> frozenset[int]:
        """Offsets (0..len) in ``window`` where a word starts or ends."""
        hit = self._cache.get(window)
        if hit is not None:
            return hit
        tok = self._tokenizer()
        self._words.ensure(window)
        cuts = {0, len(window)}
        try:
            for _word, a, b in tok.tokenize(window):
                cuts.add(a)
                cuts.add(b)
        except Exception:  # pragma: no cover - jieba on odd input: treat every char as a cut
            cuts.update(range(len(window) + 1))
        result = frozenset(cuts)
        if len(self._cache) > 20000:
            self._cache.clear()
        self._cache[window] = result
        return result


@lru_cache(maxsize=8)
def shared_segmenter(user_words: tuple[str, ...] = ()) -> Segmenter:
    """One segmenter per set of user words, shared by every checker in the process."""
    return Segmenter(user_words)
