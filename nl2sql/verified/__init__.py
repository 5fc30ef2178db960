"""Verified questions: a library of reviewed question -> SQL pairs with typed slots, matched with tolerance
for paraphrase and typos, abstaining when unsure.

    library = load_library(settings.questions_path, guard, learned=settings.learned_path)
    match = Matcher(library).match("how many failed tasks this week?", vocabulary)
"""

from .library import Library, Pair, append_learned, load_library
from .matcher import MARGIN, THRESHOLD, Match, Matcher

__all__ = ["MARGIN", "THRESHOLD", "Library", "Match", "Matcher", "Pair", "append_learned", "load_library"]
