"""Front-matter overrides with wrong types are errors naming the file and the line."""

import pytest

from generator import config, content, overrides
from generator.errors import ContentError


def article(tmp_path, front):
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    path = folder / "a.md"
    path.write_text(f"---\ndate: 2023-06-15\n{front}---\nThe library will reopen Monday.\n")
    return content.read(path, config.load(tmp_path))


@pytest.mark.parametrize("front,message,line", [
    ("events:\n  - text: no date\n", "needs `date` and `text`", 4),
    ("events:\n  - date: 2023-06-01\n    text: ok\n    actors: Bob\n", "`actors` must be a list", 4),
    ("events:\n  - date: whenever\n    text: x\n", "cannot read the date `whenever`", 4),
    ("events: yes\n", "`events` must be a list", 3),
    ("events:\n  - date: 2023-06-01\n    text: ok\n    detail: [a]\n", "`detail` must be text", 4),
    ("events:\n  - date: 2023-06-10\n    end: 2023-06-01\n    text: x\n",
     "`end: 2023-06-01` is before the event's date 2023-06-10; swap them", 4),
    ("events:\n  - date: 2023-06-10\n    end: soonish\n    text: x\n", "cannot read the date `soonish`", 4),
])
def test_bad_added_events(tmp_path, front, message, line):
    a = article(tmp_path, front)
    with pytest.raises(ContentError) as err:
        overrides.added_events(a)
    assert message in err.value.message and err.value.line == line


@pytest.mark.parametrize("front, timex", [
    ("date: 2023-03-14T07:00\n    end: 2023-03-16", "2023-03-14T07:00/2023-03-16"),  # a TimelineJS slide's End
    ("date: 2023-03-14/2023-03-15", "2023-03-14/2023-03-15"),  # an interval as TIMEX3 writes it
    ("date: 2023-03\n    end: 2023-05", "2023-03/2023-05"),
])
def test_an_added_event_with_an_end_is_a_span(tmp_path, front, timex):
    [added] = overrides.added_events(article(tmp_path, f"events:\n  - {front}\n    text: The strike lasted.\n"))
    assert added.value.timex == timex


@pytest.mark.parametrize("front,message", [
    ("corrections:\n  - Monday\n", "each correction needs `text`"),
    ("corrections:\n  - text: Monday\n    value: 2023-06-19\n    occurrence: first\n", "`occurrence` must be"),
    ("ignore:\n  - 3\n", "each of `ignore` is an expression"),
])
def test_bad_corrections_and_ignores(tmp_path, front, message):
    from generator.model import Analysis
    a = article(tmp_path, front)
    with pytest.raises(ContentError, match=message):
        overrides.apply(a, Analysis((), (), (), ()), "")
