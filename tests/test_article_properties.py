"""Property test: whole generated articles, through analysis, overrides, event extraction and merging,
never crash (the engine's own properties are in tests/temporal/test_properties.py)."""

from datetime import datetime, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import overrides
from generator.components import ANALYSIS_KEY
from generator.content import Article
from generator.events import article_events
from generator.markup import plain_text
from generator.model import Analysis
from generator.nlp import new_doc
from generator.timeline import build

WORDS = ["The council", "voted", "on Monday", "the most foolish war of the last 2,014 years", "over the past year",
         "in the next 9,000 years", "12,000 years ago", "between 2012 and 2016", "from May to July", "said",
         "the mayor", "Joe Biden", "Biden", "“We will", "rebuild it,”", "late Saturday", "490 BC", "year 0",
         "Dec. 31, 9999", "the 0th century", "next week", "two days later", "a report released Monday",
         "which had", "and", ",", ".", "\n\n", "# A heading\n\n", "* ", "`code 2020`", "[a link](http://x.org)",
         "99999999999999 years ago", "the 1980s", "every Saturday", "that night", "the previous April"]
dates = st.datetimes(min_value=datetime(1001, 1, 1), max_value=datetime(2998, 12, 31), timezones=st.just(timezone.utc))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=50).map(" ".join), dates)
def test_any_article_is_analysed_and_merged_without_a_crash(nlp, body, published):
    article = Article(Path("generated.md"), "generated", "Generated", published, body, "markdown")
    plain = plain_text(article.body, article.markup)
    doc = nlp(new_doc(nlp, plain.text, article.dct))
    analysis = overrides.apply(article, Analysis.from_json(doc.user_data[ANALYSIS_KEY]), plain.text)
    events = article_events(article, analysis, plain.text)
    timeline = build(events + article_events(article, analysis, plain.text))
    assert all(e.text and e.sources for e in timeline.events)
