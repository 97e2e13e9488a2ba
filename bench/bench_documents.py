"""Benchmark: document search over 50.000 documents on SQLite, and reference extraction.

Run by ``make bench`` (``bench/run.py``) or on its own:
``.venv/bin/python bench/bench_documents.py`` (``BENCH_DOCUMENTS`` sets the number of
documents; 5.000 with ``BENCH_QUICK=1``), on SQLite and on PostgreSQL (see ``common.py``),
each time in an empty database of its own, next to references measured in the same run. It
never fails on speed.

1. 50.000 synthetic documents, the same on every run (seeded random): Party and State numbers
   of many issuers, issued 2015–2026, with Vietnamese summaries and bodies of 1–5 KB made of
   seed-like sentences that cite other documents. Derived fields come from the functions the
   services use (``parse_number``, ``loose_symbol``, the numbering period rule, ``fold``);
   the full-text index is filled through the search backend (``add_bulk``).
2. ``document_search`` as a superuser over a fixed mix of 200 queries (numbers in loose
   forms, words with and without accents, filters): each query fetches the first page of 20
   and counts the results, as the list screen and the API do.
3. References: a ``str.find`` scan over the same folded texts for the same queries (what a
   search without an index costs in Python), and a ``LIKE '%…%'`` scan in the database for a
   part of them.
4. ``extract_references`` throughput over about 5 MB of generated text.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Result, database_label, main, median, percentile, scaled, setup_django

NAME = "documents"
DATABASES = ("sqlite", "postgres")
DOCUMENTS = scaled("BENCH_DOCUMENTS", 50_000, 5_000)
QUERIES = 200
LIKE_QUERIES = 30
PAGE = 20
REFS_BYTES = 5 * 1024 * 1024
SEARCH_TARGET_MS = 100.0
REFS_TARGET_MB_S = 1.0
SEED = 20240205  # the day of Chỉ thị 30-CT/TW


# --- Synthetic documents ---------------------------------------------------------------------

# (issuer code, name on the documents, family, type codes, share of documents)
PARTY_ISSUERS = [
    ("TW", "Bộ Chính trị", ("NQ", "CT", "KL", "QĐ", "TB"), 3),
    ("TW", "Ban Bí thư", ("CT", "KL", "QĐ", "TB", "HD"), 3),
    ("TW", "Ban Chấp hành Trung ương Đảng", ("NQ", "KL", "QĐ"), 1),
    ("BTGTW", "Ban Tuyên giáo Trung ương", ("HD", "CV", "KH", "TB"), 3),
    ("BTGDVTW", "Ban Tuyên giáo và Dân vận Trung ương", ("HD", "CV", "KH"), 1),
    ("VPTW", "Văn phòng Trung ương Đảng", ("HD", "CV", "TB"), 1),
    ("TU", "Thành ủy Hà Nội", ("NQ", "CT", "KH", "KL", "QĐ", "TB", "CTr", "BC"), 10),
    ("BTGTU", "Ban Tuyên giáo Thành ủy Hà Nội", ("HD", "KH", "CV", "BC", "TB"), 8),
    ("BTGDVTU", "Ban Tuyên giáo và Dân vận Thành ủy Hà Nội", ("HD", "KH", "CV", "BC"), 3),
    ("BCĐ 35", "Ban Chỉ đạo 35 Thành ủy Hà Nội", ("KH", "BC", "TB"), 1),
    ("QU", "Quận ủy Ba Đình", ("KH", "NQ", "CT", "BC", "TB", "CTr", "HD"), 6),
    ("QU", "Quận ủy Thanh Xuân", ("KH", "NQ", "BC", "TB", "CTr"), 6),
    ("QU", "Quận ủy Hoàn Kiếm", ("KH", "BC", "TB"), 4),
    ("QU", "Quận ủy Long Biên", ("KH", "BC", "TB"), 4),
    ("HU", "Huyện ủy Phúc Thọ", ("KH", "BC", "TB", "NQ"), 4),
    ("HU", "Huyện ủy Quốc Oai", ("KH", "BC", "TB", "NQ"), 4),
    ("BTGQU", "Ban Tuyên giáo Quận ủy Ba Đình", ("HD", "KH", "BC"), 3),
    ("ĐU", "Đảng ủy phường Phúc Xá", ("KH", "NQ", "BC"), 4),
    ("ĐU", "Đảng ủy phường Khương Đình", ("KH", "NQ", "BC"), 4),
]
STATE_ISSUERS = [
    ("UBND", "Ủy ban nhân dân thành phố Hà Nội", ("KH", "QĐ", "BC", "TB", "CT"), 6),
    ("UBND", "Ủy ban nhân dân quận Thanh Xuân", ("KH", "BC", "TB"), 4),
    ("UBND", "Ủy ban nhân dân quận Ba Đình", ("KH", "BC", "TB"), 4),
    ("SVHTT", "Sở Văn hóa và Thể thao Hà Nội", ("KH", "HD", "BC"), 2),
]
LETTER_UNITS = ("VHTT", "VP", "VX", "KT", "NC")
LEGAL_ISSUERS = [("CP", "Chính phủ", "NĐ", 1), ("TTg", "Thủ tướng Chính phủ", "QĐ", 1)]
KIND_NAMES = {
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QĐ": "Quyết định",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CV": "Công văn",
    "KH": "Kế hoạch",
    "BC": "Báo cáo",
    "CTr": "Chương trình",
    "NĐ": "Nghị định",
}
TOPICS = [
    "công tác tuyên truyền miệng trong tình hình mới",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "phát triển công nghiệp văn hóa trên địa bàn Thủ đô",
    "tuyên truyền Đại hội Đảng bộ các cấp",
    "chuyển đổi số trong công tác tuyên giáo",
    "bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch",
    "xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
    "phòng, chống tham nhũng, lãng phí, tiêu cực",
    "công tác nắm bắt dư luận xã hội",
    "kỷ niệm các ngày lễ lớn của đất nước và Thủ đô",
    "bồi dưỡng lý luận chính trị cho đảng viên mới",
    "thông tin đối ngoại",
    "phòng, chống dịch bệnh Covid-19",
    "giải phóng mặt bằng dự án đường vành đai 4",
    "sinh hoạt chính trị đầu khóa cho học sinh, sinh viên",
    "phát triển Thủ đô Hà Nội đến năm 2030, tầm nhìn đến năm 2045",
    "nâng cao chất lượng đội ngũ báo cáo viên, tuyên truyền viên",
    "xây dựng người Hà Nội thanh lịch, văn minh",
    "thi đua yêu nước",
    "công tác khoa giáo",
    "giáo dục truyền thống cách mạng cho thế hệ trẻ",
    "Thăng Long tứ trấn và di tích quốc gia đặc biệt",
    "Hội thi Bí thư chi bộ giỏi",
    "vận động Nhân dân tham gia bảo vệ môi trường",
    "phòng cháy, chữa cháy trong khu dân cư",
    "sắp xếp tổ chức bộ máy của hệ thống chính trị",
    "chính quyền địa phương hai cấp",
    "an ninh trật tự trên địa bàn",
    "công tác dân vận khéo",
    "tuyên truyền biển, đảo Việt Nam",
]
ACTIONS = [
    "về",
    "triển khai",
    "tuyên truyền",
    "thực hiện",
    "tổ chức",
    "sơ kết",
    "tổng kết",
    "đẩy mạnh",
    "tăng cường",
    "tiếp tục thực hiện",
]
# Seed-like sentences, in the project's own words; {cite} is a citation of another document.
SENTENCES = [
    "Thực hiện {cite}, {issuer} chỉ đạo các tổ chức cơ sở đảng quán triệt, triển khai sâu rộng "
    "đến cán bộ, đảng viên và Nhân dân.",
    "Căn cứ {cite}, hệ thống tuyên giáo từ quận tới cơ sở tham mưu cấp ủy xây dựng kế hoạch "
    "cụ thể, phù hợp với tình hình thực tế.",
    "Các đơn vị tiếp tục đổi mới nội dung, hình thức tuyên truyền, tăng cường ứng dụng công "
    "nghệ thông tin và chuyển đổi số.",
    "Đội ngũ báo cáo viên, tuyên truyền viên được bồi dưỡng, cập nhật thông tin thường xuyên; "
    "hội nghị báo cáo viên được duy trì hằng tháng.",
    "Trong 9 tháng, toàn ngành mở được {n} lớp bồi dưỡng với {m} lượt học viên tham dự, "
    "trong đó khối Đảng {k} lớp.",
    "Hội nghị được tổ chức trực tiếp kết hợp trực tuyến tới {n} điểm cầu với {m} đại biểu.",
    "Triển khai {cite} gắn với việc thực hiện nhiệm vụ chính trị của địa phương, đơn vị.",
    "Tăng cường nắm bắt tình hình tư tưởng, tâm trạng của cán bộ, đảng viên và các tầng lớp "
    "Nhân dân; kịp thời định hướng dư luận xã hội.",
    "Đấu tranh phản bác các quan điểm sai trái, thù địch, thông tin xấu độc trên mạng xã hội.",
    "Tiếp tục thực hiện {cite} về {topic}.",
    "Ban Tuyên giáo tham mưu tổ chức sơ kết, tổng kết các chỉ thị, nghị quyết của Đảng.",
    "Kế hoạch này thay thế {cite}.",
    "Phối hợp với các cơ quan báo chí đưa tin, bài tuyên truyền về {topic}.",
    "Giao Ban Tuyên giáo chủ trì, phối hợp với Ủy ban MTTQ và các đoàn thể chính trị - xã "
    "hội hướng dẫn, theo dõi, đôn đốc việc thực hiện.",
    "Đã đăng {n} tin, bài trên Cổng thông tin điện tử và hệ thống truyền thanh cơ sở.",
    "Hướng dẫn {cite} quy định rõ trách nhiệm của người đứng đầu cấp ủy.",
    "Theo {cite}, các chi bộ đưa nội dung {topic} vào sinh hoạt định kỳ.",
]
# Sentences of one field of work each: a body draws most of its sentences from one theme, so
# that words have realistic document frequencies (a few are everywhere, most are not).
THEMES = {
    "tuyên truyền miệng": [
        "Duy trì nền nếp hội nghị báo cáo viên định kỳ, cung cấp thông tin thời sự cho đội ngũ "
        "tuyên truyền viên cơ sở.",
        "Nâng cao kỹ năng nói trước đám đông, đối thoại với Nhân dân cho báo cáo viên trẻ.",
        "Biểu dương các tập thể, cá nhân có cách làm hay trong công tác tuyên truyền miệng.",
        "Đổi mới phương thức tuyên truyền miệng theo hướng tương tác hai chiều, sát đối tượng.",
    ],
    "chuyển đổi số": [
        "Xây dựng kho dữ liệu số về tài liệu tuyên truyền, cho phép tra cứu trên thiết bị di động.",
        "Ứng dụng trí tuệ nhân tạo hỗ trợ tổng hợp dư luận xã hội trên không gian mạng.",
        "Số hóa hồ sơ, văn bản lưu trữ của cơ quan tham mưu, giúp việc cấp ủy.",
        "Tổ chức cuộc thi trực tuyến tìm hiểu nghị quyết với hơn {m} lượt người tham gia.",
    ],
    "văn hóa": [
        "Bảo tồn, phát huy giá trị di sản văn hóa Thăng Long - Hà Nội gắn với phát triển du lịch.",
        "Tổ chức các hoạt động văn hóa, văn nghệ chào mừng các ngày lễ lớn tại nhà văn hóa "
        "khu dân cư.",
        "Phát triển các ngành công nghiệp văn hóa: điện ảnh, nghệ thuật biểu diễn, thiết kế "
        "sáng tạo.",
        "Xây dựng môi trường văn hóa lành mạnh trong cơ quan, đơn vị, trường học.",
    ],
    "xây dựng Đảng": [
        "Kiểm điểm tự phê bình và phê bình gắn với tinh thần tự soi, tự sửa của mỗi đảng viên.",
        "Ngăn chặn, đẩy lùi biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống.",
        "Phát huy vai trò nêu gương của cán bộ, đảng viên, trước hết là người đứng đầu.",
        "Nâng cao chất lượng sinh hoạt chi bộ, bảo đảm tính lãnh đạo, tính giáo dục, tính "
        "chiến đấu.",
    ],
    "an sinh": [
        "Vận động các tầng lớp Nhân dân ủng hộ Quỹ Vì người nghèo, chăm lo cho gia đình "
        "chính sách.",
        "Tuyên truyền chính sách bảo hiểm xã hội tự nguyện, bảo hiểm y tế hộ gia đình.",
        "Hỗ trợ sửa chữa nhà ở cho hộ cận nghèo trên địa bàn phường, xã.",
        "Thăm hỏi, tặng quà thương binh, gia đình liệt sĩ nhân ngày 27 tháng 7.",
    ],
    "đô thị": [
        "Tuyên truyền, vận động người dân chấp hành quy định về trật tự xây dựng, lòng "
        "đường, vỉa hè.",
        "Thực hiện công tác giải phóng mặt bằng dự án đường vành đai 4 đúng tiến độ.",
        "Phân loại rác thải tại nguồn, giữ gìn vệ sinh môi trường khu dân cư.",
        "Kiểm tra an toàn phòng cháy, chữa cháy tại các chung cư, nhà ở kết hợp kinh doanh.",
    ],
}
TERMS = {  # (first year, Party term) of the central, city and district committees
    "TW": [(2011, "XI"), (2016, "XII"), (2021, "XIII"), (2026, "XIV")],
    "TU": [(2010, "XV"), (2015, "XVI"), (2020, "XVII"), (2025, "XVIII")],
}


@dataclass
class Spec:
    symbol: str
    issue_date: date
    summary: str
    issuer_name: str
    term: str
    kind: str
    status: str
    visibility: str


def _term(code: str, year: int) -> str:
    table = TERMS.get(code) or TERMS["TU"]
    return next((term for first, term in reversed(table) if year >= first), "")


def _random_date(rng: random.Random) -> date:
    start = date(2015, 1, 1)
    return start + timedelta(days=rng.randrange((date(2026, 6, 30) - start).days))


def generate_specs(rng: random.Random, count: int) -> list[Spec]:
    """``count`` documents with unique numbers (per issuer, type and term or year)."""
    issuers: list[tuple[str, str, str, tuple[str, ...]]] = []
    weights: list[int] = []
    for code, name, types, weight in PARTY_ISSUERS:
        issuers.append(("party", code, name, types))
        weights.append(weight)
    for code, name, types, weight in STATE_ISSUERS:
        issuers.append(("state", code, name, types))
        weights.append(weight)
    for code, name, type_code, weight in LEGAL_ISSUERS:
        issuers.append(("legal", code, name, (type_code,)))
        weights.append(weight)
    next_number: dict[tuple[str, ...], int] = {}
    specs = []
    for _ in range(count):
        family, code, name, types = rng.choices(issuers, weights)[0]
        issue_date = _random_date(rng)
        year = issue_date.year
        type_code = rng.choice(types)
        term = ""
        if family == "party":
            term = _term(code, year)
            key = ("party", code, type_code, term)
        else:
            key = (family, code, str(year))
        number = next_number.get(key, rng.randint(1, 40))
        next_number[key] = number + rng.randint(1, 3)
        if family == "party":
            symbol = f"{number:02d}-{type_code}/{code}"  # Party numbers below 10 are 01…09
        elif family == "legal":
            symbol = f"{number}/{year}/{type_code}-{code}"
        elif rng.random() < 0.3:
            type_code = "CV"
            symbol = f"{number}/{code}-{rng.choice(LETTER_UNITS)}"
        else:
            symbol = f"{number}/{type_code}-{code}"
        topic = rng.choice(TOPICS)
        summary = f"{KIND_NAMES.get(type_code, 'Văn bản')} {rng.choice(ACTIONS)} {topic}"
        if rng.random() < 0.3:
            summary += f" năm {year}"
        status = rng.choices(["in_force", "expired", "replaced"], [8, 1, 1])[0]
        visibility = "public" if rng.random() < 0.4 else "internal"
        specs.append(Spec(symbol, issue_date, summary, name, term, type_code, status, visibility))
    return specs


def _citation(rng: random.Random, spec: Spec) -> str:
    kind = KIND_NAMES.get(spec.kind, "Văn bản")
    form = rng.random()
    if form < 0.5:
        return (
            f"{kind} số {spec.symbol} ngày {spec.issue_date.day:02d}/{spec.issue_date.month:02d}/"
            f"{spec.issue_date.year} của {spec.issuer_name}"
        )
    if form < 0.8:
        return f"{kind} {spec.symbol} của {spec.issuer_name}"
    return f"{kind} số {spec.symbol}"


def _render(rng: random.Random, template: str, specs: list[Spec]) -> str:
    return template.format(
        cite=_citation(rng, rng.choice(specs)),
        issuer=rng.choice(PARTY_ISSUERS)[1],
        topic=rng.choice(TOPICS),
        n=rng.randint(10, 2000),
        m=f"{rng.randint(1, 230)}.{rng.randint(100, 999)}",
        k=rng.randint(5, 700),
    )


def sentence_pools(rng: random.Random, specs: list[Spec], size: int) -> list[list[str]]:
    """Per theme, ``size`` rendered sentences: about two in three from the theme, the others
    general ones citing random documents."""
    pools = []
    for templates in THEMES.values():
        pool = []
        for _ in range(size):
            template = rng.choice(templates if rng.random() < 0.65 else SENTENCES)
            pool.append(_render(rng, template, specs))
        pools.append(pool)
    return pools


def body_for(rng: random.Random, sizes: list[int]) -> list[int]:
    """Indexes into a sentence pool (``sizes``: UTF-8 bytes of each) for a 1–5 KB body."""
    target = rng.randint(1024, 5 * 1024)
    chosen: list[int] = []
    size = 0
    while size < target:
        index = rng.randrange(len(sizes))
        chosen.append(index)
        size += sizes[index] + 1
    return chosen


# --- Loading ---------------------------------------------------------------------------------


def load(specs: list[Spec], rng: random.Random) -> list[str]:
    """Insert the documents with bulk_create, index them, return their folded texts."""
    from django.contrib.auth import get_user_model
    from wagtail.search.backends import get_search_backend

    from tuyengiao.core.actors import SYSTEM
    from tuyengiao.core.text import fold
    from tuyengiao.documents.models import Document
    from tuyengiao.documents.numbering import loose_symbol, numbering_period, parse_number
    from tuyengiao.orgs.models import UnitKind
    from tuyengiao.orgs.services import (
        NewUnit,
        hierarchy_version_create,
        hierarchy_version_publish,
        unit_create,
    )

    get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-password-1")
    version = hierarchy_version_create(effective_date=date(2015, 1, 1), name="Bench", actor=SYSTEM)
    city_kind = UnitKind.objects.get(code="city_committee")
    district_kind = UnitKind.objects.get(code="district_committee")
    city = unit_create(
        version=version,
        spec=NewUnit(code="HN", name="Thành ủy Hà Nội", kind=city_kind),
        actor=SYSTEM,
    )
    owners = [city] + [
        unit_create(
            version=version,
            spec=NewUnit(code=f"HN.D{i}", name=f"Quận ủy {i}", kind=district_kind, parent=city),
            actor=SYSTEM,
        )
        for i in range(1, 9)
    ]
    hierarchy_version_publish(version=version, actor=SYSTEM)

    pools = sentence_pools(rng, specs, 1500)
    folded_pools = [[fold(sentence) for sentence in pool] for pool in pools]
    byte_pools = [[len(sentence.encode()) for sentence in pool] for pool in pools]
    backend = get_search_backend()
    texts: list[str] = []
    batch: list[Document] = []
    checked = 0
    for spec in specs:
        number = parse_number(spec.symbol)
        assert number is not None, spec.symbol
        theme = rng.randrange(len(pools))
        pool, pool_folded = pools[theme], folded_pools[theme]
        chosen = body_for(rng, byte_pools[theme])
        header = f"Số {spec.symbol}\nHà Nội, ngày {spec.issue_date:%d} tháng {spec.issue_date:%m}"
        header += f" năm {spec.issue_date.year}\n{spec.summary.upper()}\n"
        body = header + "\n".join(pool[index] for index in chosen)
        # fold() is per character except for whitespace, which it collapses: folding each
        # piece once and joining with spaces gives fold() of the whole (checked below).
        search_text = " ".join(
            [
                fold(spec.symbol),
                fold(spec.summary),
                fold(spec.issuer_name),
                fold(header),
                *(pool_folded[index] for index in chosen),
            ]
        )
        if checked < 200:
            whole = fold(" ".join([spec.symbol, spec.summary, spec.issuer_name, body]))
            assert whole == search_text, spec.symbol
            checked += 1
        document = Document(
            family=number.family,
            symbol=spec.symbol,
            number=number.number,
            number_value=int(number.number),
            type_code=number.type_code or "",
            issuer_code=number.issuer_code,
            unit_code=number.unit_code or "",
            symbol_year=number.year,
            issuer_name=spec.issuer_name,
            issue_date=spec.issue_date,
            term=spec.term,
            numbering_period=numbering_period(number, spec.term, spec.issue_date),
            summary=spec.summary,
            status=spec.status,
            visibility=spec.visibility,
            owner=rng.choice(owners),
            body=body,
            search_text=search_text,
            symbol_loose=loose_symbol(number),
        )
        batch.append(document)
        texts.append(search_text)
        if len(batch) == 1000:
            backend.add_bulk(Document, Document.objects.bulk_create(batch))
            batch = []
    if batch:
        backend.add_bulk(Document, Document.objects.bulk_create(batch))
    return texts


# --- Queries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchQuery:
    text: str
    filters: dict[str, object]
    label: str


def _loose_forms(symbol: str, rng: random.Random) -> str:
    from tuyengiao.documents.numbering import loose_symbol_query

    form = rng.randrange(4)
    if form == 0:
        return (loose_symbol_query(symbol) or symbol).upper()  # "229 KH QU"
    if form == 1:
        return symbol.lower()  # "229-kh/qu"
    if form == 2:
        return f"Số {symbol}"  # "Số 229-KH/QU"
    return symbol.replace("-", " - ")  # "229 - KH/QU"


def query_mix(rng: random.Random, specs: list[Spec]) -> list[BenchQuery]:
    from tuyengiao.core.text import fold

    words = [
        "tuyên truyền miệng",
        "chuyển đổi số",
        "công nghiệp văn hóa",
        "Đại hội Đảng bộ",
        "học tập và làm theo tư tưởng",
        "Thăng Long tứ trấn",
        "báo cáo viên",
        "dư luận xã hội",
        "vành đai 4",
        "Hội thi Bí thư chi bộ giỏi",
        "tham nhũng",
        "đảng viên mới",
        "Thủ đô",
        "Hà Nội",
        "thanh lịch văn minh",
        "biển đảo",
        "dân vận khéo",
        "chính quyền địa phương hai cấp",
        "Đảng",
        "kế hoạch",
    ]
    queries: list[BenchQuery] = []
    for spec in rng.sample(specs, 50):
        queries.append(BenchQuery(_loose_forms(spec.symbol, rng), {}, "number"))
    for _ in range(55):
        queries.append(BenchQuery(rng.choice(words), {}, "accented words"))
    for _ in range(55):
        queries.append(BenchQuery(fold(rng.choice(words)), {}, "words without accents"))
    filter_choices: list[dict[str, object]] = [
        {"type_code": "KH"},
        {"year": 2024},
        {"issuer_code": "TU"},
        {"status": "in_force"},
        {"type_code": "CT", "issuer_code": "TW"},
        {"year": 2019, "type_code": "KH"},
    ]
    for index in range(40):
        text = "" if index % 4 == 0 else rng.choice(words)
        queries.append(BenchQuery(text, rng.choice(filter_choices), "filters"))
    assert len(queries) == QUERIES
    return queries


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    return median(samples), percentile(samples, 0.95), max(samples)


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def bench_search(queries: list[BenchQuery]) -> tuple[list[float], dict[str, list[float]]]:
    from django.contrib.auth import get_user_model

    from tuyengiao.documents.search import DocumentFilters, document_search

    user = get_user_model().objects.get(username="bench")
    samples: list[float] = []
    by_label: dict[str, list[float]] = {}

    def run(query: BenchQuery) -> None:
        results = document_search(user, query.text, DocumentFilters(**query.filters))
        list(results[:PAGE])
        results.count()

    for query in queries[:10]:  # warm the caches, as a running server would be
        run(query)
    for query in queries:
        elapsed = _timed(lambda query=query: run(query))
        samples.append(elapsed)
        by_label.setdefault(query.label, []).append(elapsed)
    return samples, by_label


def _scan_words(query: BenchQuery) -> list[str]:
    from tuyengiao.core.text import fold

    return fold(query.text).split()


def bench_str_find(queries: list[BenchQuery], texts: list[str]) -> list[float]:
    """Every folded text scanned with ``str.find`` for every word (filters ignored)."""
    samples = []
    for query in queries:
        words = _scan_words(query)

        def scan(words: list[str] = words) -> None:
            matches = [text for text in texts if all(text.find(word) >= 0 for word in words)]
            sorted(matches[:PAGE])

        samples.append(_timed(scan))
    return samples


def bench_like(queries: list[BenchQuery]) -> list[float]:
    """``search_text LIKE '%word%'`` for every word, in SQLite, page and count."""
    from django.db.models import Q

    from tuyengiao.documents.models import Document

    samples = []
    for query in queries:
        condition = Q()
        for word in _scan_words(query):
            condition &= Q(search_text__contains=word)
        results = Document.objects.filter(condition).order_by("-issue_date", "-pk")

        def run(results: object = results) -> None:
            list(results[:PAGE])  # type: ignore[index]
            results.count()  # type: ignore[attr-defined]

        samples.append(_timed(run))
    return samples


def _refs_texts() -> Iterator[str]:
    from tuyengiao.documents.models import Document

    total = 0
    for body in Document.objects.order_by("pk").values_list("body", flat=True).iterator():
        yield body
        total += len(body.encode())
        if total >= REFS_BYTES:
            return


def bench_refs() -> tuple[float, int, int]:
    """MB/s of ``extract_references`` over about 5 MB of document bodies."""
    from tuyengiao.documents.references import extract_references

    texts = list(_refs_texts())
    size = sum(len(text.encode()) for text in texts)
    found = 0
    start = time.perf_counter()
    for text in texts:
        found += len(extract_references(text))
    elapsed = time.perf_counter() - start
    return size / 1e6 / elapsed, size, found


# --- Report ----------------------------------------------------------------------------------


def run(database_url: str, folder: str) -> list[Result]:
    setup_django(database_url, folder)
    from django.db import connection

    database = database_label(database_url)
    sqlite = connection.vendor == "sqlite"
    rng = random.Random(SEED)
    specs = generate_specs(rng, DOCUMENTS)
    load_start = time.perf_counter()
    texts = load(specs, rng)
    load_s = time.perf_counter() - load_start
    size_mb = sum(len(text) for text in texts) / 1e6
    count = f"{len(texts):,}".replace(",", ".")
    print(f"Loaded {count} documents ({size_mb:.0f} MB of folded text) in {load_s:.0f} s.")

    queries = query_mix(random.Random(SEED + 1), specs)
    search, by_label = bench_search(queries)
    search_mmap = None
    if sqlite:
        with connection.cursor() as cursor:
            # Not the platform's setting: shows what memory-mapped reads would change.
            cursor.execute("PRAGMA mmap_size = 1073741824")
        search_mmap, _ = bench_search(queries)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA mmap_size = 0")
    find = bench_str_find(queries, texts)
    like = bench_like(queries[50 : 50 + LIKE_QUERIES])
    refs_mb_s, refs_bytes, refs_found = bench_refs()
    connection.close()

    s50, s95, smax = _percentiles(search)
    f50, f95, fmax = _percentiles(find)
    l50, l95, lmax = _percentiles(like)
    print(f"document_search, {QUERIES} queries (first page of {PAGE} + count), superuser:")
    print(f"  {'':40}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    rows = [("document_search (full text)", s50, s95, smax)]
    if search_mmap:
        rows.append(("  same, PRAGMA mmap_size=1G", *_percentiles(search_mmap)))
    rows += [
        ("str.find scan (reference)", f50, f95, fmax),
        (f"LIKE scan, {LIKE_QUERIES} word queries (ref.)", l50, l95, lmax),
    ]
    for label, samples in by_label.items():
        p50, p95, pmax = _percentiles(samples)
        rows.append((f"  of which {label} ({len(samples)})", p50, p95, pmax))
    for label, p50, p95, pmax in rows:
        print(f"  {label:<40}{p50:>9.1f}{p95:>9.1f}{pmax:>9.1f}")
    print(
        f"extract_references: {refs_bytes / 1e6:.1f} MB, {refs_found:,} references, "
        f"{refs_mb_s:.1f} MB/s"
    )
    return [
        Result(
            NAME,
            f"search p95, {count} documents",
            database,
            s95,
            "ms",
            reference=l95,
            reference_label="LIKE scan",
            target="< 100 ms",
            met=s95 < SEARCH_TARGET_MS,
            extra={"p50_ms": s50, "max_ms": smax, "str_find_p95_ms": f95},
        ),
        Result(
            NAME,
            "search p95 vs a str.find scan",
            database,
            s95,
            "ms",
            reference=f95,
            reference_label="str.find",
        ),
        Result(
            NAME,
            "extract_references",
            database,
            refs_mb_s,
            "MB/s",
            target="> 1 MB/s",
            met=refs_mb_s > REFS_TARGET_MB_S,
        ),
    ]


if __name__ == "__main__":
    main(NAME, run, __file__)
