import datetime as dt

import pytest

from content_model.dates import VIETNAM, DateError, parse_datetime, vietnam_day


def vn(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VIETNAM)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-07-15", vn(2024, 7, 15)),
        ("2024-07-15 09:30", vn(2024, 7, 15, 9, 30)),
        ("2024-07-15 09:30:00", vn(2024, 7, 15, 9, 30)),
        (dt.datetime(2024, 7, 15, 9, 30), vn(2024, 7, 15, 9, 30)),  # what YAML makes of the line above
        (dt.date(2024, 7, 15), vn(2024, 7, 15)),
        ("15/07/2024", vn(2024, 7, 15)),
        ("15/07/2024 09:30", vn(2024, 7, 15, 9, 30)),
        ("05/06/2019", vn(2019, 6, 5)),  # always day first
        ("5/6/2019", vn(2019, 6, 5)),
        ("15.07.2024", vn(2024, 7, 15)),
        ("23/05/2018 3:22:03 SA", vn(2018, 5, 23, 3, 22, 3)),
        ("23/05/2018 3:22:03 CH", vn(2018, 5, 23, 15, 22, 3)),
        ("23/05/2018 12:05:00 SA", vn(2018, 5, 23, 0, 5)),
        ("23/05/2018 12:05:00 CH", vn(2018, 5, 23, 12, 5)),
        ("29/02/2024", vn(2024, 2, 29)),
        ("2024-07-15T02:30:00Z", vn(2024, 7, 15, 9, 30)),
        ("2024-07-15T09:30:00+07:00", vn(2024, 7, 15, 9, 30)),
        ("  15/07/2024   09:30 ", vn(2024, 7, 15, 9, 30)),
    ],
)
def test_accepted_forms(value, expected):
    parsed = parse_datetime(value)
    assert parsed == expected
    assert parsed.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2020", 'ngày không hợp lệ "31/02/2020": tháng 2/2020 chỉ có 29 ngày. '
                       "Viết theo dạng 15/07/2024, 15/07/2024 09:30, 2024-07-15 hoặc 2024-07-15 09:30."),
        ("29/02/2023", 'ngày không hợp lệ "29/02/2023": tháng 2/2023 chỉ có 28 ngày. '
                       "Viết theo dạng 15/07/2024, 15/07/2024 09:30, 2024-07-15 hoặc 2024-07-15 09:30."),
        ("2024-13-01", 'ngày không hợp lệ "2024-13-01": không có tháng 13. '
                       "Viết theo dạng 15/07/2024, 15/07/2024 09:30, 2024-07-15 hoặc 2024-07-15 09:30."),
        ("hôm qua", 'không hiểu ngày "hôm qua". '
                    "Viết theo dạng 15/07/2024, 15/07/2024 09:30, 2024-07-15 hoặc 2024-07-15 09:30."),
        ("23/05/2018 13:22:03 CH", 'giờ không hợp lệ "23/05/2018 13:22:03 CH": với SA/CH giờ phải từ 1 đến 12 (ví dụ 3:22:03 CH).'),
        ("15/07/2024 25:00", 'giờ không hợp lệ "15/07/2024 25:00": giờ 0–23, phút và giây 0–59.'),
    ],
)
def test_rejected_forms(value, message):
    with pytest.raises(DateError) as caught:
        parse_datetime(value)
    assert str(caught.value) == message


def test_vietnam_day_boundary():
    moment = parse_datetime("2024-01-01 05:00")
    assert moment.astimezone(dt.timezone.utc).date() == dt.date(2023, 12, 31)
    assert vietnam_day(moment) == dt.date(2024, 1, 1)
