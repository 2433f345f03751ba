"""Reuters-21578 SGML: every record's <DATE> read, whatever its day's width."""

from datetime import datetime, timezone

from reader.core.ingest.reuters import parse_reuters

RECORD = """<REUTERS TOPICS="YES" NEWID="{newid}">
<DATE>{date}</DATE>
<TEXT>&#2;
<TITLE>COCOA TALKS {newid}</TITLE>
<DATELINE>    LONDON, March 1 - </DATELINE><BODY>Cocoa talks went on in London.
 Delegates said more work was needed.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""


def test_a_one_digit_day_and_trailing_codes_are_read_as_the_date():
    text = "".join(RECORD.format(newid=n, date=d) for n, d in (
        (1, "26-FEB-1987 15:01:01.79"),
        (2, " 1-MAR-1987 01:30:29.50"),
        (3, "27-MAR-1987 00:02:59.13&#5;&#5;&#5;RM"),
        (4, "not a date"),
    ))
    drafts = parse_reuters(text)
    assert [d.published for d in drafts] == [
        datetime(1987, 2, 26, 15, 1, 1, tzinfo=timezone.utc),
        datetime(1987, 3, 1, 1, 30, 29, tzinfo=timezone.utc),
        datetime(1987, 3, 27, 0, 2, 59, tzinfo=timezone.utc),
        None,
    ]
