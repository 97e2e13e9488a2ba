"""Place names: the 63 provinces and how they became 34 in 2025, the districts of Hà Nội,
and made-up ward and district names built from common Vietnamese place-name words.

The province merges follow Nghị quyết 202/2025/QH15 (the first name of each group is the
province that continues); everything below province level outside Hà Nội's districts is
invented and marked as demonstration data.
"""

from __future__ import annotations

import random

from tuyengiao.core.text import fold
from tuyengiao.demo.orgs import DISTRICTS, WARDS

# (kind, name) of each province; "thành phố" are the centrally-run cities.
PROVINCE_GROUPS: tuple[tuple[tuple[str, str], ...], ...] = (
    (("thành phố", "Hà Nội"),),
    (("thành phố", "Huế"),),
    (("tỉnh", "Lai Châu"),),
    (("tỉnh", "Điện Biên"),),
    (("tỉnh", "Sơn La"),),
    (("tỉnh", "Lạng Sơn"),),
    (("tỉnh", "Quảng Ninh"),),
    (("tỉnh", "Thanh Hóa"),),
    (("tỉnh", "Nghệ An"),),
    (("tỉnh", "Hà Tĩnh"),),
    (("tỉnh", "Cao Bằng"),),
    (("tỉnh", "Tuyên Quang"), ("tỉnh", "Hà Giang")),
    (("tỉnh", "Lào Cai"), ("tỉnh", "Yên Bái")),
    (("tỉnh", "Thái Nguyên"), ("tỉnh", "Bắc Kạn")),
    (("tỉnh", "Phú Thọ"), ("tỉnh", "Vĩnh Phúc"), ("tỉnh", "Hòa Bình")),
    (("tỉnh", "Bắc Ninh"), ("tỉnh", "Bắc Giang")),
    (("tỉnh", "Hưng Yên"), ("tỉnh", "Thái Bình")),
    (("thành phố", "Hải Phòng"), ("tỉnh", "Hải Dương")),
    (("tỉnh", "Ninh Bình"), ("tỉnh", "Hà Nam"), ("tỉnh", "Nam Định")),
    (("tỉnh", "Quảng Trị"), ("tỉnh", "Quảng Bình")),
    (("thành phố", "Đà Nẵng"), ("tỉnh", "Quảng Nam")),
    (("tỉnh", "Quảng Ngãi"), ("tỉnh", "Kon Tum")),
    (("tỉnh", "Gia Lai"), ("tỉnh", "Bình Định")),
    (("tỉnh", "Khánh Hòa"), ("tỉnh", "Ninh Thuận")),
    (("tỉnh", "Lâm Đồng"), ("tỉnh", "Đắk Nông"), ("tỉnh", "Bình Thuận")),
    (("tỉnh", "Đắk Lắk"), ("tỉnh", "Phú Yên")),
    (
        ("thành phố", "Hồ Chí Minh"),
        ("tỉnh", "Bình Dương"),
        ("tỉnh", "Bà Rịa - Vũng Tàu"),
    ),
    (("tỉnh", "Đồng Nai"), ("tỉnh", "Bình Phước")),
    (("tỉnh", "Tây Ninh"), ("tỉnh", "Long An")),
    (("thành phố", "Cần Thơ"), ("tỉnh", "Sóc Trăng"), ("tỉnh", "Hậu Giang")),
    (("tỉnh", "Vĩnh Long"), ("tỉnh", "Bến Tre"), ("tỉnh", "Trà Vinh")),
    (("tỉnh", "Đồng Tháp"), ("tỉnh", "Tiền Giang")),
    (("tỉnh", "Cà Mau"), ("tỉnh", "Bạc Liêu")),
    (("tỉnh", "An Giang"), ("tỉnh", "Kiên Giang")),
)
assert len(PROVINCE_GROUPS) == 34
assert sum(len(group) for group in PROVINCE_GROUPS) == 63

# The committee of a province and of a district, by kind: (title, abbreviation).
PROVINCE_TITLES = {"thành phố": ("Thành ủy", "TU"), "tỉnh": ("Tỉnh ủy", "TU")}
DISTRICT_TITLES = {
    "quận": ("Quận ủy", "QU"),
    "thị xã": ("Thị ủy", "TU"),
    "thành phố": ("Thành ủy", "TU"),
    "huyện": ("Huyện ủy", "HU"),
}
HANOI_DISTRICTS = DISTRICTS
HANOI_WARDS = WARDS

# Words places are commonly named with; two of them make a name (An Bình, Phúc Thịnh…).
PLACE_WORDS = (
    "An", "Bình", "Phú", "Hòa", "Thạnh", "Tân", "Đông", "Tây", "Nam", "Bắc", "Phúc", "Lộc",
    "Thịnh", "Hưng", "Long", "Xuân", "Yên", "Mỹ", "Quang", "Minh", "Trung", "Đức", "Hồng",
    "Kim", "Liên", "Ngọc", "Sơn", "Thanh", "Vĩnh", "Văn", "Cát", "Đại", "Hà", "Hải", "Hợp",
    "Khánh", "Lạc", "Nghĩa", "Phong", "Quý", "Tiến", "Thắng", "Thuận", "Trường", "Vân",
    "Thọ", "Định", "Lợi", "Thành", "Hiệp",
)  # fmt: skip


def place_names(rng: random.Random, count: int, taken: tuple[str, ...] = ()) -> list[str]:
    """``count`` different two-word place names, none of them in ``taken``; different also
    without accents (Thanh, Thành), since codes are made from the folded name."""
    used = {fold(name) for name in taken}
    names: list[str] = []
    while len(names) < count:
        first, second = rng.sample(PLACE_WORDS, 2)
        name = f"{first} {second}"
        if fold(name) not in used:
            used.add(fold(name))
            names.append(name)
    return names


def spread(total: int, parts: int, rng: random.Random, low: float = 0.6) -> list[int]:
    """``total`` shared between ``parts`` at random, each at least 1, adding up exactly."""
    weights = [low + rng.random() for _ in range(parts)]
    whole = sum(weights)
    shares = [max(1, int(total * weight / whole)) for weight in weights]
    index = 0
    while sum(shares) < total:
        shares[index % parts] += 1
        index += 1
    while sum(shares) > total:
        if shares[index % parts] > 1:
            shares[index % parts] -= 1
        index += 1
    return shares
