"""Answers without a model that are never about something else: the question's words grounded in the schema
(the catalog and the project's lexicon), read into a frame, built into SQL as PostgreSQL's own parse tree
(pglast), explained word by word; or an honest "not understood" naming the words it could not place.

    lexicon = load_lexicon(settings.lexicon_path, client.catalog, client.policy)
    composition = Composer(lexicon).compose("average cost per model this month", vocabulary)
    composition.sql, composition.explanation, composition.frame
"""

from .composer import Composer, Composition
from .coverage import unexplained
from .frame import Frame
from .lexicon import Lexicon, lexicon_path, load_lexicon
from .reader import NotUnderstood
from .values import parse_values, values_query

__all__ = ["Composer", "Composition", "Frame", "Lexicon", "NotUnderstood", "lexicon_path", "load_lexicon",
           "parse_values", "unexplained", "values_query"]
